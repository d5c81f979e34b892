import type { Row } from '../../db/read-model.js';
import { AppError, type Issues } from '../../errors.js';
import { checkReference, checkReferences, checkReferenceRow, checkReferenceRows, type ReferenceIds, type References } from '../metadata/index.js';
import { InvestmentProjectStatus } from './investment-project.entity.js';
import { checkStageRequirements, REF_IDS, STAGE, stageOrder } from './investment-project.stages.js';
import type { InvestmentProjectFields, InvestmentProjectLists, InvestmentProjectState } from './investment-project.state.js';
import { investmentReferenceModels } from './investment.model.js';

/**
 * The investment project rules (Data Hub's investment project serializer's, written anew): pure functions of
 * the state a project would have after a write, the state before it, and the facts the service loads first
 * (investment-project.facts.ts), so they are tested on plain objects. Which fields each stage requires is
 * investment-project.stages.ts.
 */

type ReferenceKey = keyof typeof investmentReferenceModels;

/** The single references to the module's own tables, by input field. */
export const REFERENCE_FIELDS = {
  investmentTypeId: 'investmentType',
  fdiTypeId: 'fdiType',
  likelihoodToLandId: 'likelihoodToLand',
  referralSourceActivityId: 'referralSourceActivity',
  referralSourceActivityMarketingId: 'referralSourceMarketing',
  referralSourceActivityWebsiteId: 'referralSourceWebsite',
  averageSalaryId: 'salaryRange',
  fdiValueId: 'fdiValue',
  projectManagerRequestStatusId: 'projectManagerRequestStatus',
  investorTypeId: 'investorType',
  levelOfInvolvementId: 'involvement',
} as const satisfies Partial<Record<keyof InvestmentProjectFields, ReferenceKey>>;

/** The lists of the module's own reference rows, by input field. */
export const REFERENCE_LISTS = {
  businessActivityIds: 'investmentBusinessActivity',
  strategicDriverIds: 'investmentStrategicDriver',
  deliveryPartnerIds: 'investmentDeliveryPartner',
  specificProgrammeIds: 'specificProgramme',
} as const satisfies Partial<Record<keyof InvestmentProjectLists, ReferenceKey>>;

export const ADVISER_FIELDS = ['clientRelationshipManagerId', 'referralSourceAdviserId', 'projectManagerId', 'projectAssuranceAdviserId'] as const;
export const COMPANY_FIELDS = ['investorCompanyId', 'intermediateCompanyId', 'ukCompanyId'] as const;

/** What the rules read besides the project; the service loads it in one statement (loadInvestmentProjectFacts). */
export type InvestmentProjectFacts = {
  /** The metadata rows it names (investmentProjectMetadataIds): countries, sector, UK regions. */
  references: References;
  /** The module's own reference rows it names, by table. */
  rows: Record<ReferenceKey, ReadonlyMap<string, Row>>;
  /** The stage it moves to, when it names one. */
  stage: Row | null;
  /** The advisers it names: `{ id, isActive }`. */
  advisers: ReadonlyMap<string, Row>;
  /** The companies it names: `{ id, archived, addressCountryId }`. */
  companies: ReadonlyMap<string, Row>;
  /** The client contacts it names: `{ id, companyId }`. */
  contacts: ReadonlyMap<string, Row>;
};

/** The metadata references the rules read. */
export function investmentProjectMetadataIds(next: InvestmentProjectState): ReferenceIds {
  return {
    country: [next.countryLostToId, ...next.competitorCountryIds],
    sector: [next.sectorId],
    ukRegion: [...next.ukRegionLocationIds, ...next.actualUkRegionIds],
  };
}

const changed = (key: keyof InvestmentProjectState, next: InvestmentProjectState, before: InvestmentProjectState | undefined) =>
  JSON.stringify(next[key]) !== JSON.stringify(before?.[key]);

/** Lengths, amounts and dates that make sense on their own. */
function checkValues(next: InvestmentProjectState, issues: Issues): void {
  if (next.name && next.name.length > 255) issues.add('name', 'TOO_LONG', 'The name is at most 255 characters.');
  for (const key of ['description', 'clientRequirements', 'otherBusinessActivity', 'reasonDelayed', 'reasonAbandoned', 'reasonLost'] as const) {
    if ((next[key]?.length ?? 0) > 10_000) issues.add(key, 'TOO_LONG', 'At most 10,000 characters.');
  }
  for (const key of ['totalInvestment', 'foreignEquityInvestment', 'numberNewJobs', 'numberSafeguardedJobs'] as const) {
    const value = next[key];
    if (value !== null && value < 0) issues.add(key, 'NEGATIVE', 'Cannot be negative.');
    else if (value !== null && value >= 1e17) issues.add(key, 'OUT_OF_RANGE', 'Must be less than 10^17.');
  }
  if (next.fdiTypeId && next.investmentTypeId && next.investmentTypeId !== REF_IDS.fdi) {
    issues.add('fdiTypeId', 'FDI_TYPE_ONLY_FOR_FDI', 'Only an FDI project has an FDI type: clear it, or make the project FDI.');
  }
}

/** The status: `won` comes with the Won stage; a delayed, lost or abandoned project says why (and when). */
function checkStatus(next: InvestmentProjectState, before: InvestmentProjectState | undefined, issues: Issues): void {
  const atWon = next.stageId === STAGE.won.id;
  if (next.status === InvestmentProjectStatus.WON && !atWon) issues.add('status', 'WON_ONLY_AT_WON_STAGE', 'A project is won only by moving it to the Won stage.');
  if (!changed('status', next, before)) return;
  const need = (key: keyof InvestmentProjectFields, message: string) => (next[key] === null ? issues.add(key, 'REQUIRED', message) : undefined);
  if (next.status === InvestmentProjectStatus.DELAYED) need('reasonDelayed', 'Say why the project is delayed.');
  if (next.status === InvestmentProjectStatus.LOST) {
    need('reasonLost', 'Say why the project was lost.');
    need('dateLost', 'Say when the project was lost.');
  }
  if (next.status === InvestmentProjectStatus.ABANDONED) {
    need('reasonAbandoned', 'Say why the project was abandoned.');
    need('dateAbandoned', 'Say when the project was abandoned.');
  }
}

/** References: each must exist, and a newly chosen one be enabled (one it already had stays allowed). */
function checkReferencesOf(next: InvestmentProjectState, before: InvestmentProjectState | undefined, facts: InvestmentProjectFacts, issues: Issues): void {
  for (const [key, table] of Object.entries(REFERENCE_FIELDS) as Array<[keyof typeof REFERENCE_FIELDS, ReferenceKey]>) {
    checkReferenceRow(facts.rows[table], investmentReferenceModels[table], next[key], [key], issues, before?.[key]);
  }
  for (const [key, table] of Object.entries(REFERENCE_LISTS) as Array<[keyof typeof REFERENCE_LISTS, ReferenceKey]>) {
    checkReferenceRows(facts.rows[table], investmentReferenceModels[table], next[key], [key], issues, before?.[key]);
  }
  checkReference(facts.references, 'country', next.countryLostToId, ['countryLostToId'], issues, before?.countryLostToId);
  checkReferences(facts.references, 'country', next.competitorCountryIds, ['competitorCountryIds'], issues, before?.competitorCountryIds);
  checkReference(facts.references, 'sector', next.sectorId, ['sectorId'], issues, before?.sectorId);
  checkReferences(facts.references, 'ukRegion', next.ukRegionLocationIds, ['ukRegionLocationIds'], issues, before?.ukRegionLocationIds);
  checkReferences(facts.references, 'ukRegion', next.actualUkRegionIds, ['actualUkRegionIds'], issues, before?.actualUkRegionIds);
}

/** The people and companies it names: advisers who exist (active, when newly named), live companies, the investor's contacts. */
function checkParties(next: InvestmentProjectState, before: InvestmentProjectState | undefined, facts: InvestmentProjectFacts, issues: Issues): void {
  for (const key of ADVISER_FIELDS) {
    const id = next[key];
    if (!id) continue;
    const adviser = facts.advisers.get(id);
    if (!adviser) issues.add(key, 'NOT_FOUND', `No adviser with id ${id}.`);
    else if (!adviser.isActive && id !== before?.[key]) issues.add(key, 'ADVISER_NOT_ACTIVE', 'This adviser is inactive and cannot be chosen.');
  }
  for (const key of COMPANY_FIELDS) {
    const id = next[key];
    if (!id) continue;
    const company = facts.companies.get(id);
    if (!company) issues.add(key, 'NOT_FOUND', `No company with id ${id}.`);
    else if (company.archived && id !== before?.[key]) issues.add(key, 'COMPANY_ARCHIVED', 'This company is archived and cannot be chosen.');
  }
  for (const [i, id] of next.clientContactIds.entries()) {
    const contact = facts.contacts.get(id);
    if (!contact) issues.add(['clientContactIds', String(i)], 'NOT_FOUND', `No contact with id ${id}.`);
    else if (next.investorCompanyId && contact.companyId !== next.investorCompanyId) {
      issues.add(['clientContactIds', String(i)], 'CONTACT_NOT_OF_INVESTOR', 'A client contact must be a contact of the investor company.');
    }
  }
}

/** The fields a project always has, whatever its stage (Data Hub's serializer's required fields). */
function checkAlwaysRequired(next: InvestmentProjectState, only: ReadonlySet<string> | undefined, issues: Issues): void {
  const always: Array<[keyof InvestmentProjectState, string]> = [
    ['investorCompanyId', 'The investor company is required.'],
    ['clientContactIds', 'At least one client contact is required.'],
    ['clientRelationshipManagerId', 'The client relationship manager is required.'],
    ['referralSourceAdviserId', 'The referral source adviser is required.'],
    ['referralSourceActivityId', 'The referral source activity is required.'],
    ['sectorId', 'The sector is required.'],
    ['businessActivityIds', 'At least one business activity is required.'],
  ];
  for (const [key, message] of always) {
    const value = next[key];
    if ((!only || only.has(key)) && (value === null || (Array.isArray(value) && !value.length))) issues.add(key, 'REQUIRED', message);
  }
}

/**
 * Every rule of a project, on the state it would have after the write. On create and on a stage change every
 * field the stage needs is checked, all at once; a partial edit checks only the fields it touches (`touched`),
 * so a project left incomplete by an older rule can still be edited. `before` is undefined on create.
 */
export function checkInvestmentProject(
  next: InvestmentProjectState,
  before: InvestmentProjectState | undefined,
  touched: ReadonlySet<string> | undefined,
  facts: InvestmentProjectFacts,
  issues: Issues,
): void {
  if (!facts.stage) issues.add('stageId', 'NOT_FOUND', `No investment project stage with id ${next.stageId}.`);
  checkValues(next, issues);
  checkStatus(next, before, issues);
  checkReferencesOf(next, before, facts, issues);
  checkParties(next, before, facts, issues);
  const stageMoved = !before || next.stageId !== before.stageId;
  const only = stageMoved ? undefined : touched;
  checkAlwaysRequired(next, only, issues);
  const order = stageOrder(next.stageId);
  if (order !== undefined) checkStageRequirements(next, order, only, issues);
}

/** Who is moving the project: the adviser (null for a partner client) and whether they may move it to any stage. */
export type StageActor = { adviserId: string | null; changeToAnyStage: boolean };

/**
 * Who may move a project forward: to Verify win only its project manager or project assurance adviser (as the
 * project stands before the change); to Won only a caller with `change_to_any_stage_investmentproject`.
 * Moving back is open to whoever may change the project.
 */
export function checkStageMove(before: InvestmentProjectState, toStageId: string, actor: StageActor): void {
  const from = stageOrder(before.stageId) ?? 0;
  const to = stageOrder(toStageId) ?? 0;
  if (to <= from) return;
  if (toStageId === STAGE.verifyWin.id && (!actor.adviserId || ![before.projectManagerId, before.projectAssuranceAdviserId].includes(actor.adviserId))) {
    throw new AppError('FORBIDDEN', 'Only the project manager or the project assurance adviser may move a project to Verify win.', {
      reason: 'ONLY_PM_OR_PAA',
      field: ['stageId'],
    });
  }
  if (toStageId === STAGE.won.id && !actor.changeToAnyStage) {
    throw new AppError('FORBIDDEN', 'Only the Investment Verification Team (change_to_any_stage_investmentproject) may move a project to Won.', {
      reason: 'ONLY_VERIFICATION_TEAM',
      field: ['stageId'],
    });
  }
}

/** The status a stage change gives: `won` on entering Won, `ongoing` on leaving it while won; otherwise unchanged. */
export function statusAfterStageChange(fromStageId: string | null, toStageId: string, status: InvestmentProjectStatus): InvestmentProjectStatus {
  if (toStageId === fromStageId) return status;
  if (toStageId === STAGE.won.id) return InvestmentProjectStatus.WON;
  if (fromStageId === STAGE.won.id && status === InvestmentProjectStatus.WON) return InvestmentProjectStatus.ONGOING;
  return status;
}
