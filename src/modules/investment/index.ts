import { defineModule } from '../../module.js';
import { trackedFieldResolvers } from '../adviser/index.js';
import { InvestmentProject, investmentProjectEntities, InvestmentProjectTeamMember } from './investment-project.entity.js';
import { investmentProjectDemo as demo } from './investment-project.demo.js';
import { InvestmentProjectResolver } from './investment-project.resolver.js';
import { investmentProjectSearch as search } from './investment-project.search.js';
import { createInvestmentProjectService } from './investment-project.service.js';
import {
  CompanyInvestmentProjectsField,
  InvestmentProjectFields,
  InvestmentProjectStageLogFields,
  InvestmentProjectTeamMemberFields,
  InvestmentProjectType,
} from './investment-project.types.js';
import { investmentReferenceEntities } from './investment.entity.js';
import { investmentAccess as access, investmentPermissions as rules, investmentReaders as readers } from './investment.permissions.js';
import { investmentReasons as reasons } from './investment.reasons.js';
import { investmentReferenceData, investmentReferenceLists } from './investment.reference-data.js';
import { investmentRowRules as rowRules } from './investment.row-rules.js';

export * from './investment.entity.js';
export { InvestmentProject, InvestmentProjectPriority, InvestmentProjectStatus } from './investment-project.entity.js';
export { investmentProjectModel, type InvestmentProjectRow } from './investment-project.model.js';
export { InvestmentProjectType, projectCode } from './investment-project.types.js';
export { STAGE } from './investment-project.stages.js';
export { viewInvestmentProjects } from './investment.permissions.js';
export { isAssociatedWithTeam } from './investment.row-rules.js';
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

// The module's service, as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../../graphql/context.js' {
  interface Services {
    investmentProject: import('./investment-project.service.js').InvestmentProjectService;
  }
}

/** Investment projects, their stage machine, "associated" visibility, and their reference tables (src/module.ts). */
export const investmentModule = defineModule({
  name: 'investment',
  entities: [...investmentReferenceEntities, ...investmentProjectEntities],
  resolvers: [
    investmentReferenceLists.resolver,
    InvestmentProjectResolver,
    InvestmentProjectFields,
    InvestmentProjectTeamMemberFields,
    InvestmentProjectStageLogFields,
    CompanyInvestmentProjectsField,
    trackedFieldResolvers(InvestmentProjectType, true),
  ],
  access,
  reasons,
  rules,
  readers,
  rowRules,
  // Its links are named by their ids in `changes`; a team member's change is recorded on its project.
  audited: [{ entity: InvestmentProject }],
  auditedChildren: [{ entity: InvestmentProjectTeamMember, parent: (m: InvestmentProjectTeamMember) => m.investmentProject }],
  referenceData: investmentReferenceData,
  demo,
  services: () => ({ investmentProject: createInvestmentProjectService() }),
  search,
});
