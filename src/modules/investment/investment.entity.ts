import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OrderedReferenceEntity, ReferenceEntity, Sector } from '../metadata/index.js';

/** Data Hub's investment types (FDI, Non-FDI, Commitment to invest): reference data of the investment module. */
@Entity({ tableName: 'metadata_investment_type' })
export class InvestmentType extends ReferenceEntity {}

/** The kind of an FDI project (creation of a new site, expansion, merger and acquisition, ...). */
@Entity({ tableName: 'metadata_fdi_type' })
export class FdiType extends ReferenceEntity {}

/** The band of an FDI project's value (Higher, Good, Standard). */
@Entity({ tableName: 'metadata_fdi_value' })
export class FdiValue extends OrderedReferenceEntity {}

/** A stage of the investment project stage machine (Prospect → Assign PM → Active → Verify win → Won). */
@Entity({ tableName: 'metadata_investment_project_stage' })
export class InvestmentProjectStage extends OrderedReferenceEntity {
  @Property({ type: 'boolean', default: false })
  excludeFromInvestmentFlow: boolean = false;
}

/** How likely a project is to land (High, Medium, Low). */
@Entity({ tableName: 'metadata_likelihood_to_land' })
export class LikelihoodToLand extends OrderedReferenceEntity {}

/** New or existing investor. */
@Entity({ tableName: 'metadata_investor_type' })
export class InvestorType extends ReferenceEntity {}

/** Who was involved in landing a project (FDI Hub, Post, LEP, ...). */
@Entity({ tableName: 'metadata_involvement' })
export class Involvement extends ReferenceEntity {}

/** A specific programme a project belongs to. */
@Entity({ tableName: 'metadata_specific_programme' })
export class SpecificProgramme extends ReferenceEntity {}

/** A delivery partner (a local enterprise partnership, a council, ...). */
@Entity({ tableName: 'metadata_investment_delivery_partner' })
export class InvestmentDeliveryPartner extends ReferenceEntity {}

/** A strategic driver behind an investment (access to market, talent, ...). */
@Entity({ tableName: 'metadata_investment_strategic_driver' })
export class InvestmentStrategicDriver extends ReferenceEntity {}

/** A business activity of a project (retail, manufacturing, clean growth, ...). */
@Entity({ tableName: 'metadata_investment_business_activity' })
export class InvestmentBusinessActivity extends ReferenceEntity {}

/** The kind of a project's investment activity (change, risk, ...). */
@Entity({ tableName: 'metadata_investment_activity_type' })
export class InvestmentActivityType extends ReferenceEntity {}

/** The activity a project was referred from. */
@Entity({ tableName: 'metadata_referral_source_activity' })
export class ReferralSourceActivity extends ReferenceEntity {}

/** The marketing a project was referred from. */
@Entity({ tableName: 'metadata_referral_source_marketing' })
export class ReferralSourceMarketing extends ReferenceEntity {}

/** The website a project was referred from. */
@Entity({ tableName: 'metadata_referral_source_website' })
export class ReferralSourceWebsite extends ReferenceEntity {}

/** A band of the average salary of a project's new jobs. */
@Entity({ tableName: 'metadata_salary_range' })
export class SalaryRange extends OrderedReferenceEntity {}

/** Where a request for a project manager stands. */
@Entity({ tableName: 'metadata_project_manager_request_status' })
export class ProjectManagerRequestStatus extends ReferenceEntity {}

/** An FDI SIC grouping: the economic grouping GVA multipliers were once given per. */
@Entity({ tableName: 'metadata_fdi_sic_grouping' })
export class FdiSicGrouping extends ReferenceEntity {}

/** A sector's FDI SIC grouping (Data Hub's InvestmentSector): `id` is the sector's. */
@Entity({ tableName: 'metadata_investment_sector' })
export class InvestmentSector {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => FdiSicGrouping)
  fdiSicGrouping!: FdiSicGrouping;
}

/**
 * A GVA multiplier of one financial year, per sector (per FDI SIC grouping in older years): a project's gross
 * value added is its foreign equity investment (capital) or its new jobs (labour) times it.
 */
@Entity({ tableName: 'metadata_gva_multiplier' })
export class GvaMultiplier {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'integer' })
  financialYear!: number;

  @Property({ type: 'double' })
  multiplier!: number;

  @ManyToOne(() => FdiSicGrouping, { nullable: true })
  fdiSicGrouping?: FdiSicGrouping | null;

  @ManyToOne(() => Sector, { nullable: true })
  sector?: Sector | null;

  @Property({ type: 'text', nullable: true })
  sectorClassificationGvaMultiplier?: string | null;

  @Property({ type: 'text', nullable: true })
  sectorClassificationValueBand?: string | null;

  @Property({ type: 'integer', nullable: true })
  valueBandAMinimum?: number | null;

  @Property({ type: 'integer', nullable: true })
  valueBandBMinimum?: number | null;

  @Property({ type: 'integer', nullable: true })
  valueBandCMinimum?: number | null;

  @Property({ type: 'integer', nullable: true })
  valueBandDMinimum?: number | null;

  @Property({ type: 'integer', nullable: true })
  valueBandEMinimum?: number | null;

  @Property({ type: 'timestamptz', nullable: true })
  disabledOn?: Date | null;
}

/** Every reference entity of the module, in foreign-key order. */
export const investmentReferenceEntities = [
  InvestmentType,
  FdiType,
  FdiValue,
  InvestmentProjectStage,
  LikelihoodToLand,
  InvestorType,
  Involvement,
  SpecificProgramme,
  InvestmentDeliveryPartner,
  InvestmentStrategicDriver,
  InvestmentBusinessActivity,
  InvestmentActivityType,
  ReferralSourceActivity,
  ReferralSourceMarketing,
  ReferralSourceWebsite,
  SalaryRange,
  ProjectManagerRequestStatus,
  FdiSicGrouping,
  InvestmentSector,
  GvaMultiplier,
];
