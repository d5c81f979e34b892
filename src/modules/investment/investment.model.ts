import { bool, defineReadModel, float, int, text, timestamp, uuid } from '../../db/read-model.js';
import { referenceModel } from '../metadata/index.js';

/** A GVA multiplier: no name, a financial year and its value; listed by year, then id. */
const gvaMultiplierModel = defineReadModel({
  name: 'GvaMultiplier',
  table: 'metadata_gva_multiplier',
  columns: {
    id: uuid('id'),
    financialYear: int('financial_year'),
    multiplier: float('multiplier'),
    fdiSicGroupingId: uuid('fdi_sic_grouping_id').orNull(),
    sectorId: uuid('sector_id').orNull(),
    sectorClassificationGvaMultiplier: text('sector_classification_gva_multiplier').orNull(),
    sectorClassificationValueBand: text('sector_classification_value_band').orNull(),
    valueBandAMinimum: int('value_band_a_minimum').orNull(),
    valueBandBMinimum: int('value_band_b_minimum').orNull(),
    valueBandCMinimum: int('value_band_c_minimum').orNull(),
    valueBandDMinimum: int('value_band_d_minimum').orNull(),
    valueBandEMinimum: int('value_band_e_minimum').orNull(),
    disabledOn: timestamp('disabled_on').orNull(),
  },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    financialYear: { column: 'financial_year', type: 'int', sort: true },
  },
  defaultOrder: [
    { field: 'financialYear', direction: 'ASC' },
    { field: 'id', direction: 'ASC' },
  ],
});

/** The investment module's own reference tables, read as the metadata module's are. */
export const investmentReferenceModels = {
  investmentType: referenceModel('InvestmentType', 'metadata_investment_type'),
  fdiType: referenceModel('FdiType', 'metadata_fdi_type'),
  fdiValue: referenceModel('FdiValue', 'metadata_fdi_value', {}, true),
  investmentProjectStage: referenceModel('InvestmentProjectStage', 'metadata_investment_project_stage', { excludeFromInvestmentFlow: bool('exclude_from_investment_flow') }, true),
  likelihoodToLand: referenceModel('LikelihoodToLand', 'metadata_likelihood_to_land', {}, true),
  investorType: referenceModel('InvestorType', 'metadata_investor_type'),
  involvement: referenceModel('Involvement', 'metadata_involvement'),
  specificProgramme: referenceModel('SpecificProgramme', 'metadata_specific_programme'),
  investmentDeliveryPartner: referenceModel('InvestmentDeliveryPartner', 'metadata_investment_delivery_partner'),
  investmentStrategicDriver: referenceModel('InvestmentStrategicDriver', 'metadata_investment_strategic_driver'),
  investmentBusinessActivity: referenceModel('InvestmentBusinessActivity', 'metadata_investment_business_activity'),
  investmentActivityType: referenceModel('InvestmentActivityType', 'metadata_investment_activity_type'),
  referralSourceActivity: referenceModel('ReferralSourceActivity', 'metadata_referral_source_activity'),
  referralSourceMarketing: referenceModel('ReferralSourceMarketing', 'metadata_referral_source_marketing'),
  referralSourceWebsite: referenceModel('ReferralSourceWebsite', 'metadata_referral_source_website'),
  salaryRange: referenceModel('SalaryRange', 'metadata_salary_range', {}, true),
  projectManagerRequestStatus: referenceModel('ProjectManagerRequestStatus', 'metadata_project_manager_request_status'),
  fdiSicGrouping: referenceModel('FdiSicGrouping', 'metadata_fdi_sic_grouping'),
  gvaMultiplier: gvaMultiplierModel,
};

export type InvestmentReferenceTable = keyof typeof investmentReferenceModels;
