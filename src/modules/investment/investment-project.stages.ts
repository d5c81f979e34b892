import type { Issues } from '../../errors.js';
import type { InvestmentProjectState } from './investment-project.state.js';

/**
 * The stage machine of investment projects (Data Hub's datahub/investment/project/validate.py, written anew):
 * which fields each stage requires, as pure functions of a project's state, so that moving to a stage, a
 * partial edit and `incompleteFields` all read the same table.
 */

/** The stages, by Data Hub's ids and orders (seeds/reference-data/metadata__investmentprojectstage.json). */
export const STAGE = {
  prospect: { id: '8a320cc9-ae2e-443e-9d26-2f36452c2ced', order: 200 },
  assignPm: { id: 'c9864359-fb1a-4646-a4c1-97d10189fc03', order: 300 },
  active: { id: '7606cc19-20da-4b74-aba1-2cec0d753ad8', order: 400 },
  verifyWin: { id: '49b8f6f3-0c50-4150-a965-2c974f3149e3', order: 500 },
  won: { id: '945ea6d1-eee3-4f5b-9144-84a75b71b8e6', order: 600 },
} as const;

export type StageName = keyof typeof STAGE;

const BY_ID = new Map(Object.values(STAGE).map((s) => [s.id as string, s]));

/** A stage's order, or undefined for an id that is not a stage. */
export const stageOrder = (id: string): number | undefined => BY_ID.get(id)?.order;

/** Ids of reference rows the conditional rules test (Data Hub's constants). */
export const REF_IDS = {
  fdi: '3e143372-496c-4d1e-8278-6fdd3da9b48b',
  referralEvent: '3816a95b-6a76-4ad0-8ae9-b0d7e7d2b79c',
  referralMarketing: '0acf0e68-e09e-4e5d-92b6-e72e5a5c7ea4',
  referralWebsite: '812b2f62-fe62-4cc8-b69c-58f3e2ebac17',
  otherBusinessActivity: 'befab707-5abd-4f47-8477-57f091e6dac9',
} as const;

type Field = keyof InvestmentProjectState;

/** A field a stage requires, from `stage` on, when `when` holds (always, without it). */
type Requirement = { field: Field; stage: StageName; when?: (s: InvestmentProjectState) => boolean; message: string };

const req = (stage: StageName, field: Field, message: string, when?: Requirement['when']): Requirement => ({ field, stage, when, message });

/** Every field a stage requires, in the order a form shows them. */
export const REQUIREMENTS: readonly Requirement[] = [
  // Prospect: what a project needs from its creation, and the fields its other answers call for.
  req('prospect', 'name', 'The name is required.'),
  req('prospect', 'description', 'The description is required.'),
  req('prospect', 'investmentTypeId', 'The investment type is required.'),
  req('prospect', 'estimatedLandDate', 'The estimated land date is required.'),
  req('prospect', 'fdiTypeId', 'The FDI type is required for an FDI project.', (s) => s.investmentTypeId === REF_IDS.fdi),
  req('prospect', 'referralSourceActivityEvent', 'The event is required when the referral source activity is an event.', (s) => s.referralSourceActivityId === REF_IDS.referralEvent),
  req('prospect', 'referralSourceActivityMarketingId', 'The marketing is required when the referral source activity is marketing.', (s) => s.referralSourceActivityId === REF_IDS.referralMarketing),
  req('prospect', 'referralSourceActivityWebsiteId', 'The website is required when the referral source activity is a website.', (s) => s.referralSourceActivityId === REF_IDS.referralWebsite),
  req('prospect', 'otherBusinessActivity', 'Describe the other business activity.', (s) => s.businessActivityIds.includes(REF_IDS.otherBusinessActivity)),
  // Assign PM: the requirements section.
  req('assignPm', 'clientCannotProvideTotalInvestment', 'Say whether the client can provide the total investment.'),
  req('assignPm', 'totalInvestment', 'The total investment is required unless the client cannot provide it.', (s) => s.clientCannotProvideTotalInvestment === false),
  req('assignPm', 'strategicDriverIds', 'At least one strategic driver is required.'),
  req('assignPm', 'clientRequirements', 'The client requirements are required.'),
  req('assignPm', 'clientConsideringOtherCountries', 'Say whether the client is considering other countries.'),
  req('assignPm', 'competitorCountryIds', 'Name the other countries the client is considering.', (s) => s.clientConsideringOtherCountries === true),
  req('assignPm', 'ukRegionLocationIds', 'At least one possible UK region is required.'),
  // Active: the team.
  req('active', 'projectManagerId', 'The project manager is required.'),
  req('active', 'projectAssuranceAdviserId', 'The project assurance adviser is required.'),
  req('active', 'likelihoodToLandId', 'The likelihood to land is required.'),
  // Verify win: the value and what landed.
  req('verifyWin', 'clientCannotProvideForeignInvestment', 'Say whether the client can provide the foreign equity investment.'),
  req('verifyWin', 'foreignEquityInvestment', 'The foreign equity investment is required unless the client cannot provide it.', (s) => s.clientCannotProvideForeignInvestment === false),
  req('verifyWin', 'governmentAssistance', 'Say whether there was government assistance.'),
  req('verifyWin', 'numberNewJobs', 'The number of new jobs is required.'),
  req('verifyWin', 'averageSalaryId', 'The average salary is required when there are new jobs.', (s) => (s.numberNewJobs ?? 0) > 0),
  req('verifyWin', 'numberSafeguardedJobs', 'The number of safeguarded jobs is required.'),
  req('verifyWin', 'rAndDBudget', 'Say whether there is an R&D budget.'),
  req('verifyWin', 'nonFdiRAndDBudget', 'Say whether there is a non-FDI R&D budget.'),
  req('verifyWin', 'newTechToUk', 'Say whether the project brings new technology to the UK.'),
  req('verifyWin', 'exportRevenue', 'Say whether the project brings export revenue.'),
  req('verifyWin', 'siteAddressIsCompanyAddress', "Say whether the site address is the UK company's address."),
  req('verifyWin', 'address1', 'The site address is required.', (s) => s.siteAddressIsCompanyAddress !== null),
  req('verifyWin', 'addressTown', 'The site town is required.', (s) => s.siteAddressIsCompanyAddress !== null),
  req('verifyWin', 'addressPostcode', 'The site postcode is required.', (s) => s.siteAddressIsCompanyAddress !== null),
  req('verifyWin', 'actualUkRegionIds', 'At least one actual UK region is required.'),
  req('verifyWin', 'deliveryPartnerIds', 'At least one delivery partner is required.'),
  req('verifyWin', 'actualLandDate', 'The actual land date is required.'),
  req('verifyWin', 'specificProgrammeIds', 'At least one specific programme is required.'),
  req('verifyWin', 'ukCompanyId', 'The UK company is required.'),
  req('verifyWin', 'investorTypeId', 'The investor type is required.'),
  req('verifyWin', 'levelOfInvolvementId', 'The level of involvement is required.'),
];

/** Whether a value is missing: null, blank text or an empty list (false is an answer). */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return !value.trim();
  return Array.isArray(value) && value.length === 0;
}

/**
 * The fields missing for a project at a stage of this order: every requirement of that stage and the ones
 * before it, restricted to `only` when given (a partial edit checks only what it touches).
 */
export function missingFields(state: InvestmentProjectState, order: number, only?: ReadonlySet<string>): Requirement[] {
  return REQUIREMENTS.filter(
    (r) => STAGE[r.stage].order <= order && (!only || only.has(r.field)) && (!r.when || r.when(state)) && isMissing(state[r.field]),
  );
}

/** Adds an issue at each missing field's path, all at once. */
export function checkStageRequirements(state: InvestmentProjectState, order: number, only: ReadonlySet<string> | undefined, issues: Issues): void {
  for (const r of missingFields(state, order, only)) issues.add(r.field, 'REQUIRED', r.message);
}

/** The stage after this one in the flow, or null at Won (or for an unknown stage). */
export function nextStage(stageId: string): (typeof STAGE)[StageName] | null {
  const order = stageOrder(stageId);
  if (order === undefined) return null;
  return Object.values(STAGE).find((s) => s.order > order) ?? null;
}

/** What the next stage still needs (Data Hub's `incomplete_fields`): field names, in form order. */
export function incompleteFields(state: InvestmentProjectState): string[] {
  const next = nextStage(state.stageId);
  return next ? missingFields(state, next.order).map((r) => r.field) : [];
}
