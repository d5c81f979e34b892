import { defineModule } from '../../module.js';
import { investmentReferenceEntities } from './investment.entity.js';
import { investmentReferenceData, investmentReferenceLists } from './investment.reference-data.js';

export * from './investment.entity.js';
export { investmentReferenceModels, type InvestmentReferenceTable } from './investment.model.js';
export {
  FdiSicGroupingType,
  FdiTypeType,
  FdiValueType,
  GvaMultiplierType,
  InvestmentActivityTypeType,
  InvestmentBusinessActivityType,
  InvestmentDeliveryPartnerType,
  InvestmentProjectStageType,
  InvestmentStrategicDriverType,
  InvestmentTypeType,
  InvestorTypeType,
  InvolvementType,
  LikelihoodToLandType,
  ProjectManagerRequestStatusType,
  ReferralSourceActivityType,
  ReferralSourceMarketingType,
  ReferralSourceWebsiteType,
  SalaryRangeType,
  SpecificProgrammeType,
} from './investment.reference-data.js';

/** Investment projects (issue 14): so far their reference tables (src/module.ts). */
export const investmentModule = defineModule({
  name: 'investment',
  entities: investmentReferenceEntities,
  resolvers: [investmentReferenceLists.resolver],
  rules: investmentReferenceLists.rules,
  referenceData: investmentReferenceData,
});
