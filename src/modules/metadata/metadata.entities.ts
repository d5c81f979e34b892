import { ArrayType } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Reference ("metadata") tables. Rows keep Data Hub's UUIDs so rules can compare against fixed ids and
 * data can move between the two systems. A disabled row stays valid on old records only.
 */
@Entity({ abstract: true })
export abstract class ReferenceEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'timestamptz', nullable: true })
  disabledOn?: Date | null;
}

@Entity({ abstract: true })
export abstract class OrderedReferenceEntity extends ReferenceEntity {
  @Property({ type: 'double', default: 0 })
  order: number = 0;
}

@Entity({ tableName: 'metadata_overseas_region' })
export class OverseasRegion extends ReferenceEntity {}

@Entity({ tableName: 'metadata_country' })
export class Country extends ReferenceEntity {
  @Property({ type: 'text', nullable: true, fieldName: 'iso_alpha2_code' })
  isoAlpha2Code?: string | null;

  @ManyToOne(() => OverseasRegion, { nullable: true })
  overseasRegion?: OverseasRegion | null;
}

@Entity({ tableName: 'metadata_uk_region' })
export class UkRegion extends ReferenceEntity {}

@Entity({ tableName: 'metadata_administrative_area' })
export class AdministrativeArea extends ReferenceEntity {
  @Property({ type: 'text', nullable: true })
  areaCode?: string | null;

  @ManyToOne(() => Country)
  country!: Country;
}

/** A tree; `name` holds the full path of segments joined with " : ", as Data Hub displays it. */
@Entity({ tableName: 'metadata_sector' })
export class Sector extends ReferenceEntity {
  @Property({ type: 'text' })
  segment!: string;

  @ManyToOne(() => Sector, { nullable: true })
  parent?: Sector | null;
}

@Entity({ tableName: 'metadata_business_type' })
export class BusinessType extends ReferenceEntity {}

@Entity({ tableName: 'metadata_employee_range' })
export class EmployeeRange extends OrderedReferenceEntity {}

@Entity({ tableName: 'metadata_turnover_range' })
export class TurnoverRange extends OrderedReferenceEntity {}

@Entity({ tableName: 'metadata_headquarter_type' })
export class HeadquarterType extends ReferenceEntity {}

@Entity({ tableName: 'metadata_one_list_tier' })
export class OneListTier extends OrderedReferenceEntity {}

@Entity({ tableName: 'metadata_team_role' })
export class TeamRole extends ReferenceEntity {
  /** Names of the permission groups the role grants to every member of a team with this role. */
  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  groups: string[] = [];
}

@Entity({ tableName: 'metadata_title' })
export class Title extends ReferenceEntity {}

/** A tree; only leaves may be chosen on an interaction. */
@Entity({ tableName: 'metadata_service' })
export class Service extends OrderedReferenceEntity {
  @Property({ type: 'text' })
  segment!: string;

  @ManyToOne(() => Service, { nullable: true })
  parent?: Service | null;

  /** Where the service may be offered (interaction, service_delivery, event, ...). */
  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  contexts: string[] = [];
}

@Entity({ tableName: 'metadata_service_question' })
export class ServiceQuestion extends OrderedReferenceEntity {
  @ManyToOne(() => Service)
  service!: Service;
}

@Entity({ tableName: 'metadata_service_answer_option' })
export class ServiceAnswerOption extends OrderedReferenceEntity {
  @ManyToOne(() => ServiceQuestion)
  question!: ServiceQuestion;
}

@Entity({ tableName: 'metadata_communication_channel' })
export class CommunicationChannel extends ReferenceEntity {}

@Entity({ tableName: 'metadata_policy_area' })
export class PolicyArea extends OrderedReferenceEntity {}

@Entity({ tableName: 'metadata_policy_issue_type' })
export class PolicyIssueType extends OrderedReferenceEntity {}

@Entity({ tableName: 'metadata_service_delivery_status' })
export class ServiceDeliveryStatus extends OrderedReferenceEntity {}

/** Fixed ids that rules compare against (Data Hub's own). */
export const REF = {
  country: {
    unitedKingdom: '80756b9a-5d95-e211-a939-e4115bead28a',
    unitedStates: '81756b9a-5d95-e211-a939-e4115bead28a',
    canada: '5daf72a6-5d95-e211-a939-e4115bead28a',
  },
  headquarterType: {
    ukhq: '3e6debb4-1596-40c5-aa25-f00da0e05af9',
    ehq: 'eb59eaeb-eeb8-4f54-9506-a5e08773046b',
    ghq: '43281c5e-92a4-4794-867b-b4d5f801e6f3',
  },
  businessType: {
    ukBranchOfForeignCompany: 'b0730fc6-fcce-4071-bdab-ba8de4f4fc98',
  },
} as const;
