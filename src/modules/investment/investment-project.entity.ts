import { Collection } from '@mikro-orm/core';
import { Entity, Enum, ManyToMany, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { ArchivableEntity } from '../../db/base.entity.js';
import { Adviser } from '../adviser/index.js';
import { Company } from '../company/index.js';
import { Contact } from '../contact/index.js';
import { Country, Sector, UkRegion } from '../metadata/index.js';
import {
  FdiType,
  FdiValue,
  GvaMultiplier,
  InvestmentBusinessActivity,
  InvestmentDeliveryPartner,
  InvestmentProjectStage,
  InvestmentStrategicDriver,
  InvestmentType,
  InvestorType,
  Involvement,
  LikelihoodToLand,
  ProjectManagerRequestStatus,
  ReferralSourceActivity,
  ReferralSourceMarketing,
  ReferralSourceWebsite,
  SalaryRange,
  SpecificProgramme,
} from './investment.entity.js';

/** Where a project stands, besides its stage (Data Hub's values). */
export enum InvestmentProjectStatus {
  ONGOING = 'ongoing',
  DELAYED = 'delayed',
  DORMANT = 'dormant',
  LOST = 'lost',
  ABANDONED = 'abandoned',
  WON = 'won',
}

/** A project's priority (Data Hub's values, which sort low to high). */
export enum InvestmentProjectPriority {
  LOW = '1_low',
  MEDIUM = '2_medium',
  HIGH = '3_high',
}

const link = (table: string, inverse: string) => ({ pivotTable: table, joinColumn: 'investment_project_id', inverseJoinColumn: inverse });

/**
 * An investment project (Data Hub's `InvestmentProject`): a company's plan to invest in the UK, moved through
 * the stages Prospect → Assign PM → Active → Verify win → Won (investment-project.stages.ts). Its code is
 * `DHP-` and the zero-padded `code_number` the database draws from a sequence when the row is inserted.
 */
@Entity({ tableName: 'investment_project' })
export class InvestmentProject extends ArchivableEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description!: string;

  @ManyToOne(() => InvestmentType)
  investmentType!: InvestmentType;

  @ManyToOne(() => FdiType, { nullable: true })
  fdiType?: FdiType | null;

  @ManyToOne(() => InvestmentProjectStage)
  stage!: InvestmentProjectStage;

  @Enum({ items: () => InvestmentProjectStatus, default: InvestmentProjectStatus.ONGOING })
  status: InvestmentProjectStatus = InvestmentProjectStatus.ONGOING;

  @Property({ type: 'text', nullable: true })
  reasonDelayed?: string | null;

  @Property({ type: 'text', nullable: true })
  reasonAbandoned?: string | null;

  @Property({ type: 'date', nullable: true })
  dateAbandoned?: string | null;

  @Property({ type: 'text', nullable: true })
  reasonLost?: string | null;

  @Property({ type: 'date', nullable: true })
  dateLost?: string | null;

  @ManyToOne(() => Country, { nullable: true })
  countryLostTo?: Country | null;

  @Property({ type: 'date' })
  estimatedLandDate!: string;

  @Property({ type: 'date', nullable: true })
  actualLandDate?: string | null;

  @ManyToOne(() => LikelihoodToLand, { nullable: true })
  likelihoodToLand?: LikelihoodToLand | null;

  @Enum({ items: () => InvestmentProjectPriority, nullable: true })
  priority?: InvestmentProjectPriority | null;

  @ManyToOne(() => Company, { nullable: true })
  investorCompany?: Company | null;

  @ManyToOne(() => Company, { nullable: true })
  intermediateCompany?: Company | null;

  @ManyToOne(() => Company, { nullable: true })
  ukCompany?: Company | null;

  @ManyToOne(() => Country, { nullable: true })
  countryInvestmentOriginatesFrom?: Country | null;

  @ManyToOne(() => Adviser, { nullable: true })
  clientRelationshipManager?: Adviser | null;

  @ManyToOne(() => Adviser, { nullable: true })
  referralSourceAdviser?: Adviser | null;

  @ManyToOne(() => ReferralSourceActivity, { nullable: true })
  referralSourceActivity?: ReferralSourceActivity | null;

  @Property({ type: 'text', nullable: true })
  referralSourceActivityEvent?: string | null;

  @ManyToOne(() => ReferralSourceMarketing, { nullable: true })
  referralSourceActivityMarketing?: ReferralSourceMarketing | null;

  @ManyToOne(() => ReferralSourceWebsite, { nullable: true })
  referralSourceActivityWebsite?: ReferralSourceWebsite | null;

  @ManyToOne(() => Sector, { nullable: true })
  sector?: Sector | null;

  @Property({ type: 'text', nullable: true })
  otherBusinessActivity?: string | null;

  @Property({ type: 'boolean', nullable: true })
  clientCannotProvideTotalInvestment?: boolean | null;

  @Property({ type: 'decimal', precision: 19, scale: 0, nullable: true })
  totalInvestment?: string | null;

  @Property({ type: 'boolean', nullable: true })
  clientCannotProvideForeignInvestment?: boolean | null;

  @Property({ type: 'decimal', precision: 19, scale: 0, nullable: true })
  foreignEquityInvestment?: string | null;

  @Property({ type: 'boolean', nullable: true })
  governmentAssistance?: boolean | null;

  @Property({ type: 'integer', nullable: true })
  numberNewJobs?: number | null;

  @ManyToOne(() => SalaryRange, { nullable: true })
  averageSalary?: SalaryRange | null;

  @Property({ type: 'integer', nullable: true })
  numberSafeguardedJobs?: number | null;

  @Property({ type: 'boolean', nullable: true, fieldName: 'r_and_d_budget' })
  rAndDBudget?: boolean | null;

  @Property({ type: 'boolean', nullable: true, fieldName: 'non_fdi_r_and_d_budget' })
  nonFdiRAndDBudget?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  newTechToUk?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  exportRevenue?: boolean | null;

  @ManyToOne(() => FdiValue, { nullable: true })
  fdiValue?: FdiValue | null;

  @ManyToOne(() => GvaMultiplier, { nullable: true })
  gvaMultiplier?: GvaMultiplier | null;

  @Property({ type: 'decimal', precision: 19, scale: 0, nullable: true })
  grossValueAdded?: string | null;

  @Property({ type: 'text', nullable: true })
  clientRequirements?: string | null;

  @Property({ type: 'boolean', nullable: true })
  clientConsideringOtherCountries?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  siteAddressIsCompanyAddress?: boolean | null;

  @Property({ type: 'text', nullable: true, fieldName: 'address_1' })
  address1?: string | null;

  @Property({ type: 'text', nullable: true, fieldName: 'address_2' })
  address2?: string | null;

  @Property({ type: 'text', nullable: true })
  addressTown?: string | null;

  @Property({ type: 'text', nullable: true })
  addressPostcode?: string | null;

  @ManyToOne(() => Adviser, { nullable: true })
  projectManager?: Adviser | null;

  @Property({ type: 'timestamptz', nullable: true })
  projectManagerFirstAssignedOn?: Date | null;

  @ManyToOne(() => Adviser, { nullable: true })
  projectManagerFirstAssignedBy?: Adviser | null;

  @ManyToOne(() => Adviser, { nullable: true })
  projectAssuranceAdviser?: Adviser | null;

  @ManyToOne(() => ProjectManagerRequestStatus, { nullable: true })
  projectManagerRequestStatus?: ProjectManagerRequestStatus | null;

  @ManyToOne(() => InvestorType, { nullable: true })
  investorType?: InvestorType | null;

  @ManyToOne(() => Involvement, { nullable: true })
  levelOfInvolvement?: Involvement | null;

  @ManyToMany({ entity: () => Contact, ...link('investment_project_client_contact', 'contact_id') })
  clientContacts = new Collection<Contact>(this);

  @ManyToMany({ entity: () => InvestmentBusinessActivity, ...link('investment_project_business_activity', 'investment_business_activity_id') })
  businessActivities = new Collection<InvestmentBusinessActivity>(this);

  @ManyToMany({ entity: () => InvestmentStrategicDriver, ...link('investment_project_strategic_driver', 'investment_strategic_driver_id') })
  strategicDrivers = new Collection<InvestmentStrategicDriver>(this);

  @ManyToMany({ entity: () => UkRegion, ...link('investment_project_uk_region_location', 'uk_region_id') })
  ukRegionLocations = new Collection<UkRegion>(this);

  @ManyToMany({ entity: () => UkRegion, ...link('investment_project_actual_uk_region', 'uk_region_id') })
  actualUkRegions = new Collection<UkRegion>(this);

  @ManyToMany({ entity: () => InvestmentDeliveryPartner, ...link('investment_project_delivery_partner', 'investment_delivery_partner_id') })
  deliveryPartners = new Collection<InvestmentDeliveryPartner>(this);

  @ManyToMany({ entity: () => SpecificProgramme, ...link('investment_project_specific_programme', 'specific_programme_id') })
  specificProgrammes = new Collection<SpecificProgramme>(this);

  @ManyToMany({ entity: () => Country, ...link('investment_project_competitor_country', 'country_id') })
  competitorCountries = new Collection<Country>(this);

  @OneToMany(() => InvestmentProjectTeamMember, (m) => m.investmentProject, { orphanRemoval: true })
  teamMembers = new Collection<InvestmentProjectTeamMember>(this);
}

/** An adviser on a project's team, with their role in it (free text, as Data Hub has it). */
@Entity({ tableName: 'investment_project_team_member' })
export class InvestmentProjectTeamMember {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => InvestmentProject, { deleteRule: 'cascade' })
  investmentProject!: InvestmentProject;

  @ManyToOne(() => Adviser)
  adviser!: Adviser;

  @Property({ type: 'text' })
  role!: string;
}

/** A stage a project entered, when, and who moved it: every stage change is kept. */
@Entity({ tableName: 'investment_project_stage_log' })
export class InvestmentProjectStageLog {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => InvestmentProject, { deleteRule: 'cascade' })
  investmentProject!: InvestmentProject;

  @ManyToOne(() => InvestmentProjectStage)
  stage!: InvestmentProjectStage;

  @ManyToOne(() => Adviser, { nullable: true })
  adviser?: Adviser | null;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();
}

export const investmentProjectEntities = [InvestmentProject, InvestmentProjectTeamMember, InvestmentProjectStageLog];
