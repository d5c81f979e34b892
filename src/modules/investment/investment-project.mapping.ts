import { idOf } from '../../db/values.js';
import { Adviser } from '../adviser/index.js';
import { Company } from '../company/index.js';
import { Contact } from '../contact/index.js';
import { Country, Sector, UkRegion } from '../metadata/index.js';
import type { InvestmentProject } from './investment-project.entity.js';
import type { InvestmentProjectLists, InvestmentProjectState } from './investment-project.state.js';
import {
  FdiType,
  FdiValue,
  InvestmentBusinessActivity,
  InvestmentDeliveryPartner,
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

/**
 * How a project's state (investment-project.state.ts) maps onto its entity: each reference field's entity
 * (the property is the field less `Id`), and each list's collection. The service writes through it, and
 * reads a state back from an entity with `stateOf`.
 */
export const ENTITY_OF = {
  investmentTypeId: InvestmentType,
  fdiTypeId: FdiType,
  countryLostToId: Country,
  likelihoodToLandId: LikelihoodToLand,
  investorCompanyId: Company,
  intermediateCompanyId: Company,
  ukCompanyId: Company,
  clientRelationshipManagerId: Adviser,
  referralSourceAdviserId: Adviser,
  referralSourceActivityId: ReferralSourceActivity,
  referralSourceActivityMarketingId: ReferralSourceMarketing,
  referralSourceActivityWebsiteId: ReferralSourceWebsite,
  sectorId: Sector,
  averageSalaryId: SalaryRange,
  fdiValueId: FdiValue,
  projectManagerId: Adviser,
  projectAssuranceAdviserId: Adviser,
  projectManagerRequestStatusId: ProjectManagerRequestStatus,
  investorTypeId: InvestorType,
  levelOfInvolvementId: Involvement,
} as const;

/** The entity property of a reference field: `sectorId` → `sector`. */
export const referenceProperty = (key: string): string => key.replace(/Id$/, '');

type Collections = 'clientContacts' | 'businessActivities' | 'strategicDrivers' | 'ukRegionLocations' | 'actualUkRegions' | 'deliveryPartners' | 'specificProgrammes' | 'competitorCountries';

export const LIST_PROPERTY: Record<keyof InvestmentProjectLists, { property: Collections; entity: Function }> = {
  clientContactIds: { property: 'clientContacts', entity: Contact },
  businessActivityIds: { property: 'businessActivities', entity: InvestmentBusinessActivity },
  strategicDriverIds: { property: 'strategicDrivers', entity: InvestmentStrategicDriver },
  ukRegionLocationIds: { property: 'ukRegionLocations', entity: UkRegion },
  actualUkRegionIds: { property: 'actualUkRegions', entity: UkRegion },
  deliveryPartnerIds: { property: 'deliveryPartners', entity: InvestmentDeliveryPartner },
  specificProgrammeIds: { property: 'specificProgrammes', entity: SpecificProgramme },
  competitorCountryIds: { property: 'competitorCountries', entity: Country },
};

const amount = (s: string | number | null | undefined) => (s == null ? null : Number(s));

/** A project's state as stored: the entity's fields, and its lists as read (listIdsSql). */
export function stateOf(p: InvestmentProject, lists: InvestmentProjectLists): InvestmentProjectState {
  const entity = p as unknown as Record<string, unknown>;
  const refs = Object.fromEntries(
    Object.keys(ENTITY_OF).map((key) => [key, idOf(entity[referenceProperty(key)] as { id: string } | null | undefined)]),
  );
  return {
    id: p.id,
    stageId: p.stage.id,
    status: p.status,
    name: p.name,
    description: p.description,
    reasonDelayed: p.reasonDelayed ?? null,
    reasonAbandoned: p.reasonAbandoned ?? null,
    dateAbandoned: p.dateAbandoned ?? null,
    reasonLost: p.reasonLost ?? null,
    dateLost: p.dateLost ?? null,
    estimatedLandDate: p.estimatedLandDate,
    actualLandDate: p.actualLandDate ?? null,
    priority: p.priority ?? null,
    referralSourceActivityEvent: p.referralSourceActivityEvent ?? null,
    otherBusinessActivity: p.otherBusinessActivity ?? null,
    clientCannotProvideTotalInvestment: p.clientCannotProvideTotalInvestment ?? null,
    totalInvestment: amount(p.totalInvestment),
    clientCannotProvideForeignInvestment: p.clientCannotProvideForeignInvestment ?? null,
    foreignEquityInvestment: amount(p.foreignEquityInvestment),
    governmentAssistance: p.governmentAssistance ?? null,
    numberNewJobs: p.numberNewJobs ?? null,
    numberSafeguardedJobs: p.numberSafeguardedJobs ?? null,
    rAndDBudget: p.rAndDBudget ?? null,
    nonFdiRAndDBudget: p.nonFdiRAndDBudget ?? null,
    newTechToUk: p.newTechToUk ?? null,
    exportRevenue: p.exportRevenue ?? null,
    clientRequirements: p.clientRequirements ?? null,
    clientConsideringOtherCountries: p.clientConsideringOtherCountries ?? null,
    siteAddressIsCompanyAddress: p.siteAddressIsCompanyAddress ?? null,
    address1: p.address1 ?? null,
    address2: p.address2 ?? null,
    addressTown: p.addressTown ?? null,
    addressPostcode: p.addressPostcode ?? null,
    ...refs,
    ...lists,
  } as InvestmentProjectState;
}
