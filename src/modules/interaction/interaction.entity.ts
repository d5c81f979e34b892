import { Collection } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToMany, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { ArchivableEntity } from '../../db/base.entity.js';
import { Adviser } from '../adviser/index.js';
import { Team } from '../adviser/index.js';
import { Company, ExportCountryStatus } from '../company/index.js';
import { Contact } from '../contact/index.js';
import { InvestmentProject } from '../investment/index.js';
import {
  CommunicationChannel,
  Country,
  PolicyArea,
  PolicyIssueType,
  Service,
  ServiceDeliveryStatus,
} from '../metadata/index.js';

export enum InteractionKind {
  INTERACTION = 'interaction',
  SERVICE_DELIVERY = 'service_delivery',
}

export enum InteractionStatus {
  DRAFT = 'draft',
  COMPLETE = 'complete',
}

export enum InteractionTheme {
  EXPORT = 'export',
  INVESTMENT = 'investment',
  TRADE_AGREEMENT = 'trade_agreement',
  DOMESTIC = 'domestic',
  OTHER = 'other',
}

/** One model for interactions and service deliveries, as Data Hub has it. */
@Entity({ tableName: 'interaction' })
@Index({ name: 'interaction_company_date_idx', properties: ['company', 'date'] })
export class Interaction extends ArchivableEntity {
  @Enum({ items: () => InteractionKind, nativeEnumName: 'interaction_kind' })
  kind!: InteractionKind;

  @Enum({ items: () => InteractionStatus, nativeEnumName: 'interaction_status', default: InteractionStatus.COMPLETE })
  status: InteractionStatus = InteractionStatus.COMPLETE;

  @Enum({ items: () => InteractionTheme, nativeEnumName: 'interaction_theme', nullable: true })
  theme?: InteractionTheme | null;

  @Property({ type: 'date' })
  date!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  /** The legacy single company, mirrored in `companies`. */
  @ManyToOne(() => Company)
  company!: Company;

  @ManyToMany({ entity: () => Company, pivotTable: 'interaction_company', joinColumn: 'interaction_id', inverseJoinColumn: 'company_id' })
  companies = new Collection<Company>(this);

  @ManyToMany({ entity: () => Contact, pivotTable: 'interaction_contact', joinColumn: 'interaction_id', inverseJoinColumn: 'contact_id' })
  contacts = new Collection<Contact>(this);

  @OneToMany(() => InteractionParticipant, (p) => p.interaction, { orphanRemoval: true })
  participants = new Collection<InteractionParticipant>(this);

  @ManyToOne(() => Service, { nullable: true })
  service?: Service | null;

  /** `{ questionId: { answerOptionId: {} } }`, as Data Hub stores service answers. */
  @Property({ type: 'json', nullable: true })
  serviceAnswers?: Record<string, Record<string, unknown>> | null;

  @ManyToOne(() => CommunicationChannel, { nullable: true })
  communicationChannel?: CommunicationChannel | null;

  @ManyToOne(() => ServiceDeliveryStatus, { nullable: true })
  serviceDeliveryStatus?: ServiceDeliveryStatus | null;

  @Property({ type: 'decimal', precision: 19, scale: 2, nullable: true })
  grantAmountOffered?: string | null;

  @Property({ type: 'decimal', precision: 19, scale: 2, nullable: true })
  netCompanyReceipt?: string | null;

  @Property({ type: 'boolean', default: false })
  wasPolicyFeedbackProvided: boolean = false;

  @ManyToMany({ entity: () => PolicyArea, pivotTable: 'interaction_policy_area', joinColumn: 'interaction_id', inverseJoinColumn: 'policy_area_id' })
  policyAreas = new Collection<PolicyArea>(this);

  @ManyToMany({ entity: () => PolicyIssueType, pivotTable: 'interaction_policy_issue_type', joinColumn: 'interaction_id', inverseJoinColumn: 'policy_issue_type_id' })
  policyIssueTypes = new Collection<PolicyIssueType>(this);

  @Property({ type: 'text', nullable: true })
  policyFeedbackNotes?: string | null;

  /** Whether export countries were discussed (export and other themes; none before it was asked). */
  @Property({ type: 'boolean', nullable: true })
  wereCountriesDiscussed?: boolean | null;

  /** The investment project it is about: investment theme only (Data Hub's `investment_project`). */
  @ManyToOne(() => InvestmentProject, { nullable: true })
  investmentProject?: InvestmentProject | null;

  @OneToMany(() => InteractionExportCountry, (c) => c.interaction, { orphanRemoval: true })
  exportCountries = new Collection<InteractionExportCountry>(this);
}

/**
 * A country discussed, with the company's status there as the adviser recorded it (Data Hub's
 * `InteractionExportCountry`); merged into the company's export countries when added.
 */
@Entity({ tableName: 'interaction_export_country' })
@Unique({ properties: ['interaction', 'country'], name: 'interaction_export_country_interaction_country_unique' })
export class InteractionExportCountry {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Interaction, { deleteRule: 'cascade' })
  interaction!: Interaction;

  @Index()
  @ManyToOne(() => Country)
  country!: Country;

  @Enum({ items: () => ExportCountryStatus })
  status!: ExportCountryStatus;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();
}

/** An adviser taking part in an interaction; the team is copied from the adviser when added. */
@Entity({ tableName: 'interaction_dit_participant' })
export class InteractionParticipant {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => Interaction, { deleteRule: 'cascade' })
  interaction!: Interaction;

  @Index()
  @ManyToOne(() => Adviser)
  adviser!: Adviser;

  @ManyToOne(() => Team, { nullable: true })
  team?: Team | null;
}
