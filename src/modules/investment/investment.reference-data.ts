import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, UUIDScalar } from '../../graphql/scalars.js';
import type { ReferenceTable } from '../../module.js';
import { OrderedReferenceBase, referenceListFields, referenceType } from '../metadata/index.js';
import { investmentReferenceModels } from './investment.model.js';

export const InvestmentTypeType = referenceType('InvestmentType', 'A type of investment (FDI, Non-FDI, Commitment to invest).');
export const FdiTypeType = referenceType('FdiType', 'The kind of an FDI project (new site, expansion, acquisition, ...).');
export const FdiValueType = referenceType('FdiValue', 'The value band of an FDI project.', true);
export const LikelihoodToLandType = referenceType('LikelihoodToLand', 'How likely a project is to land.', true);
export const InvestorTypeType = referenceType('InvestorType', 'New or existing investor.');
export const InvolvementType = referenceType('Involvement', 'Who was involved in landing a project.');
export const SpecificProgrammeType = referenceType('SpecificProgramme', 'A specific programme a project belongs to.');
export const InvestmentDeliveryPartnerType = referenceType('InvestmentDeliveryPartner', 'A delivery partner of a project.');
export const InvestmentStrategicDriverType = referenceType('InvestmentStrategicDriver', 'A strategic driver behind an investment.');
export const InvestmentBusinessActivityType = referenceType('InvestmentBusinessActivity', 'A business activity of a project.');
export const InvestmentActivityTypeType = referenceType('InvestmentActivityType', 'The kind of an investment activity.');
export const ReferralSourceActivityType = referenceType('ReferralSourceActivity', 'The activity a project was referred from.');
export const ReferralSourceMarketingType = referenceType('ReferralSourceMarketing', 'The marketing a project was referred from.');
export const ReferralSourceWebsiteType = referenceType('ReferralSourceWebsite', 'The website a project was referred from.');
export const SalaryRangeType = referenceType('SalaryRange', 'A band of the average salary of new jobs.', true);
export const ProjectManagerRequestStatusType = referenceType('ProjectManagerRequestStatus', 'Where a request for a project manager stands.');
export const FdiSicGroupingType = referenceType('FdiSicGrouping', 'An FDI SIC grouping (older GVA multipliers are per grouping).');

@ObjectType('InvestmentProjectStage', { simpleResolvers: true, description: 'A stage of an investment project (Prospect, Assign PM, Active, Verify win, Won).' })
export class InvestmentProjectStageType extends OrderedReferenceBase {
  @Field({ description: 'Not a stage of the investment flow.' })
  excludeFromInvestmentFlow!: boolean;
}

@ObjectType('GvaMultiplier', { simpleResolvers: true, description: "A financial year's GVA multiplier of a sector (of an FDI SIC grouping in older years)." })
export class GvaMultiplierType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => Int)
  financialYear!: number;

  @Field(() => Float)
  multiplier!: number;

  @Field(() => UUIDScalar, { nullable: true })
  fdiSicGroupingId!: string | null;

  @Field(() => UUIDScalar, { nullable: true })
  sectorId!: string | null;

  @Field(() => String, { nullable: true, description: 'capital (times foreign equity investment) or labour (times new jobs).' })
  sectorClassificationGvaMultiplier!: string | null;

  @Field(() => String, { nullable: true })
  sectorClassificationValueBand!: string | null;

  @Field(() => Int, { nullable: true })
  valueBandAMinimum!: number | null;

  @Field(() => Int, { nullable: true })
  valueBandBMinimum!: number | null;

  @Field(() => Int, { nullable: true })
  valueBandCMinimum!: number | null;

  @Field(() => Int, { nullable: true })
  valueBandDMinimum!: number | null;

  @Field(() => Int, { nullable: true })
  valueBandEMinimum!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Set: kept on old records, refused for new ones.' })
  disabledOn!: Date | null;
}

const ordered = (r: Record<string, any>) => ({ id: r.id, name: r.name, disabled_on: r.disabled_on ?? null, order: r.order ?? 0 });

/** The rows of Data Hub's investment reference tables, for the reference loader, in foreign-key order. */
export const investmentReferenceData: readonly ReferenceTable[] = [
  { file: 'metadata__investmenttype', table: 'metadata_investment_type' },
  { file: 'metadata__fditype', table: 'metadata_fdi_type' },
  { file: 'metadata__fdivalue', table: 'metadata_fdi_value', map: ordered },
  {
    file: 'metadata__investmentprojectstage',
    table: 'metadata_investment_project_stage',
    map: (r) => ({ ...ordered(r), exclude_from_investment_flow: r.exclude_from_investment_flow ?? false }),
  },
  { file: 'investment__likelihoodtoland', table: 'metadata_likelihood_to_land', map: ordered },
  { file: 'investment__investortype', table: 'metadata_investor_type' },
  { file: 'investment__involvement', table: 'metadata_involvement' },
  { file: 'investment__specificprogramme', table: 'metadata_specific_programme' },
  { file: 'investment__investmentdeliverypartner', table: 'metadata_investment_delivery_partner' },
  { file: 'metadata__investmentstrategicdriver', table: 'metadata_investment_strategic_driver' },
  { file: 'metadata__investmentbusinessactivity', table: 'metadata_investment_business_activity' },
  { file: 'investment__investmentactivitytype', table: 'metadata_investment_activity_type' },
  { file: 'metadata__referralsourceactivity', table: 'metadata_referral_source_activity' },
  { file: 'metadata__referralsourcemarketing', table: 'metadata_referral_source_marketing' },
  { file: 'metadata__referralsourcewebsite', table: 'metadata_referral_source_website' },
  { file: 'metadata__salaryrange', table: 'metadata_salary_range', map: ordered },
  { file: 'investment__projectmanagerrequeststatus', table: 'metadata_project_manager_request_status' },
  { file: 'investment__fdisicgrouping', table: 'metadata_fdi_sic_grouping' },
  { file: 'investment__investmentsector', table: 'metadata_investment_sector', map: (r) => ({ id: r.id, fdi_sic_grouping_id: r.fdi_sic_grouping }) },
  {
    file: 'investment__gvamultiplier',
    table: 'metadata_gva_multiplier',
    map: (r) => ({
      id: r.id,
      financial_year: r.financial_year,
      multiplier: r.multiplier,
      fdi_sic_grouping_id: r.fdi_sic_grouping ?? null,
      sector_id: r.sector ?? null,
      sector_classification_gva_multiplier: r.sector_classification_gva_multiplier ?? null,
      sector_classification_value_band: r.sector_classification_value_band ?? null,
      value_band_a_minimum: r.value_band_a_minimum ?? null,
      value_band_b_minimum: r.value_band_b_minimum ?? null,
      value_band_c_minimum: r.value_band_c_minimum ?? null,
      value_band_d_minimum: r.value_band_d_minimum ?? null,
      value_band_e_minimum: r.value_band_e_minimum ?? null,
      disabled_on: null,
    }),
  },
];

const im = investmentReferenceModels;

/** The investment reference lists, beside the metadata module's: same arguments, order and rule, and one statement with them. */
export const investmentReferenceLists = referenceListFields([
  ['investmentTypes', im.investmentType, InvestmentTypeType, 'Investment types.'],
  ['fdiTypes', im.fdiType, FdiTypeType, 'FDI types.'],
  ['fdiValues', im.fdiValue, FdiValueType, 'FDI value bands.'],
  ['investmentProjectStages', im.investmentProjectStage, InvestmentProjectStageType, 'Investment project stages, in stage order.'],
  ['likelihoodsToLand', im.likelihoodToLand, LikelihoodToLandType, 'Likelihoods to land.'],
  ['investorTypes', im.investorType, InvestorTypeType, 'Investor types.'],
  ['involvements', im.involvement, InvolvementType, 'Levels of involvement.'],
  ['specificProgrammes', im.specificProgramme, SpecificProgrammeType, 'Specific programmes of investment projects.'],
  ['investmentDeliveryPartners', im.investmentDeliveryPartner, InvestmentDeliveryPartnerType, 'Delivery partners of investment projects.'],
  ['investmentStrategicDrivers', im.investmentStrategicDriver, InvestmentStrategicDriverType, 'Strategic drivers of investment.'],
  ['investmentBusinessActivities', im.investmentBusinessActivity, InvestmentBusinessActivityType, 'Business activities of investment projects.'],
  ['investmentActivityTypes', im.investmentActivityType, InvestmentActivityTypeType, 'Investment activity types.'],
  ['referralSourceActivities', im.referralSourceActivity, ReferralSourceActivityType, 'Referral source activities.'],
  ['referralSourceMarketings', im.referralSourceMarketing, ReferralSourceMarketingType, 'Referral source marketing.'],
  ['referralSourceWebsites', im.referralSourceWebsite, ReferralSourceWebsiteType, 'Referral source websites.'],
  ['salaryRanges', im.salaryRange, SalaryRangeType, 'Salary ranges.'],
  ['projectManagerRequestStatuses', im.projectManagerRequestStatus, ProjectManagerRequestStatusType, 'Project manager request statuses.'],
  ['fdiSicGroupings', im.fdiSicGrouping, FdiSicGroupingType, 'FDI SIC groupings.'],
  ['gvaMultipliers', im.gvaMultiplier, GvaMultiplierType, 'GVA multipliers, by financial year.'],
]);
