import type { InvestmentProjectPriority, InvestmentProjectStatus } from './investment-project.entity.js';

/** The single-valued fields of a project a client sets, by their input names (references end in `Id`). */
export type InvestmentProjectFields = {
  name: string | null;
  description: string | null;
  investmentTypeId: string | null;
  fdiTypeId: string | null;
  status: InvestmentProjectStatus;
  reasonDelayed: string | null;
  reasonAbandoned: string | null;
  dateAbandoned: string | null;
  reasonLost: string | null;
  dateLost: string | null;
  countryLostToId: string | null;
  estimatedLandDate: string | null;
  actualLandDate: string | null;
  likelihoodToLandId: string | null;
  priority: InvestmentProjectPriority | null;
  investorCompanyId: string | null;
  intermediateCompanyId: string | null;
  ukCompanyId: string | null;
  clientRelationshipManagerId: string | null;
  referralSourceAdviserId: string | null;
  referralSourceActivityId: string | null;
  referralSourceActivityEvent: string | null;
  referralSourceActivityMarketingId: string | null;
  referralSourceActivityWebsiteId: string | null;
  sectorId: string | null;
  otherBusinessActivity: string | null;
  clientCannotProvideTotalInvestment: boolean | null;
  totalInvestment: number | null;
  clientCannotProvideForeignInvestment: boolean | null;
  foreignEquityInvestment: number | null;
  governmentAssistance: boolean | null;
  numberNewJobs: number | null;
  averageSalaryId: string | null;
  numberSafeguardedJobs: number | null;
  rAndDBudget: boolean | null;
  nonFdiRAndDBudget: boolean | null;
  newTechToUk: boolean | null;
  exportRevenue: boolean | null;
  fdiValueId: string | null;
  clientRequirements: string | null;
  clientConsideringOtherCountries: boolean | null;
  siteAddressIsCompanyAddress: boolean | null;
  address1: string | null;
  address2: string | null;
  addressTown: string | null;
  addressPostcode: string | null;
  projectManagerId: string | null;
  projectAssuranceAdviserId: string | null;
  projectManagerRequestStatusId: string | null;
  investorTypeId: string | null;
  levelOfInvolvementId: string | null;
};

/** The to-many fields of a project, as lists of ids (each replaced whole by an update that gives it). */
export type InvestmentProjectLists = {
  clientContactIds: string[];
  businessActivityIds: string[];
  strategicDriverIds: string[];
  ukRegionLocationIds: string[];
  actualUkRegionIds: string[];
  deliveryPartnerIds: string[];
  specificProgrammeIds: string[];
  competitorCountryIds: string[];
};

/** A project as the rules see it: the values it would have after a write. The stage is set by its own rules. */
export type InvestmentProjectState = InvestmentProjectFields & InvestmentProjectLists & { id?: string; stageId: string };

export const LIST_KEYS = [
  'clientContactIds',
  'businessActivityIds',
  'strategicDriverIds',
  'ukRegionLocationIds',
  'actualUkRegionIds',
  'deliveryPartnerIds',
  'specificProgrammeIds',
  'competitorCountryIds',
] as const satisfies ReadonlyArray<keyof InvestmentProjectLists>;

/** Free-text fields: trimmed, and blank is none. */
export const TEXT_KEYS = [
  'name',
  'description',
  'reasonDelayed',
  'reasonAbandoned',
  'reasonLost',
  'referralSourceActivityEvent',
  'otherBusinessActivity',
  'clientRequirements',
  'address1',
  'address2',
  'addressTown',
  'addressPostcode',
] as const satisfies ReadonlyArray<keyof InvestmentProjectFields>;
