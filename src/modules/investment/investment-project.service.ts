import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import { hasPermission } from '../../auth/permissions.js';
import { isVisible } from '../../auth/row-rules.js';
import type { Viewer } from '../../auth/viewer.js';
import { idOf, trimOrNull, uniqueIds } from '../../db/values.js';
import { adviserOf, archiveActions, assertNotArchived, referenceOrNull, stampCreated, stampModified, writeTransaction } from '../../db/write.js';
import { AppError, badInput, Issues, notFound } from '../../errors.js';
import { Adviser, adviserModel } from '../adviser/index.js';
import { byIdSql, query, type Row } from '../../db/read-model.js';
import { InvestmentProject, InvestmentProjectStageLog, InvestmentProjectStatus, InvestmentProjectTeamMember } from './investment-project.entity.js';
import { loadInvestmentProjectFacts } from './investment-project.facts.js';
import type { InvestmentProjectCreateInput, InvestmentProjectTeamMemberInput, InvestmentProjectUpdateInput } from './investment-project.input.js';
import { investmentProjectModel } from './investment-project.model.js';
import { ENTITY_OF, LIST_PROPERTY, referenceProperty, stateOf } from './investment-project.mapping.js';
import { checkInvestmentProject, checkStageMove, statusAfterStageChange } from './investment-project.rules.js';
import { STAGE, stageOrder } from './investment-project.stages.js';
import { LIST_KEYS, TEXT_KEYS, type InvestmentProjectLists, type InvestmentProjectState } from './investment-project.state.js';
import { listIdsSql } from './investment-project.links.js';
import { isAssociatedWithTeam } from './investment.row-rules.js';
import { GvaMultiplier, InvestmentProjectStage } from './investment.entity.js';
import { Country } from '../metadata/index.js';
import { grossValueAdded } from './investment-project.value.js';

const EMPTY: InvestmentProjectState = {
  stageId: STAGE.prospect.id,
  status: InvestmentProjectStatus.ONGOING,
  name: null, description: null, investmentTypeId: null, fdiTypeId: null, reasonDelayed: null, reasonAbandoned: null, dateAbandoned: null,
  reasonLost: null, dateLost: null, countryLostToId: null, estimatedLandDate: null, actualLandDate: null, likelihoodToLandId: null,
  priority: null, investorCompanyId: null, intermediateCompanyId: null, ukCompanyId: null, clientRelationshipManagerId: null,
  referralSourceAdviserId: null, referralSourceActivityId: null, referralSourceActivityEvent: null, referralSourceActivityMarketingId: null,
  referralSourceActivityWebsiteId: null, sectorId: null, otherBusinessActivity: null, clientCannotProvideTotalInvestment: null,
  totalInvestment: null, clientCannotProvideForeignInvestment: null, foreignEquityInvestment: null, governmentAssistance: null,
  numberNewJobs: null, averageSalaryId: null, numberSafeguardedJobs: null, rAndDBudget: null, nonFdiRAndDBudget: null, newTechToUk: null,
  exportRevenue: null, fdiValueId: null, clientRequirements: null, clientConsideringOtherCountries: null, siteAddressIsCompanyAddress: null,
  address1: null, address2: null, addressTown: null, addressPostcode: null, projectManagerId: null, projectAssuranceAdviserId: null,
  projectManagerRequestStatusId: null, investorTypeId: null, levelOfInvolvementId: null,
  clientContactIds: [], businessActivityIds: [], strategicDriverIds: [], ukRegionLocationIds: [], actualUkRegionIds: [],
  deliveryPartnerIds: [], specificProgrammeIds: [], competitorCountryIds: [],
};

type Input = InvestmentProjectCreateInput | InvestmentProjectUpdateInput;

/** The state after applying the input's given fields (undefined leaves a field, null clears it), and which it touched. */
function merge(before: InvestmentProjectState, input: Input): { next: InvestmentProjectState; touched: Set<string> } {
  const next: InvestmentProjectState = { ...before };
  const touched = new Set<string>();
  const text = new Set<string>(TEXT_KEYS);
  const lists = new Set<string>(LIST_KEYS);
  for (const [key, value] of Object.entries(input) as Array<[keyof InvestmentProjectState, unknown]>) {
    if (value === undefined || key === 'stageId') continue;
    touched.add(key);
    // A list is a set: kept sorted, as the state before is read (listIdsSql).
    if (lists.has(key)) (next as Record<string, unknown>)[key] = uniqueIds((value as string[] | null) ?? []).sort();
    else if (text.has(key)) (next as Record<string, unknown>)[key] = trimOrNull(value as string | null);
    else (next as Record<string, unknown>)[key] = value;
  }
  // The status is never cleared: null leaves it as it is.
  if (next.status === null) next.status = before.status;
  return { next, touched };
}

/**
 * Writes the state onto the entity: scalars, references, and the link tables only where they changed (a
 * changed list's collection is read first, one statement, so its change is a diff and its audit says it).
 */
async function apply(tx: EntityManager, p: InvestmentProject, next: InvestmentProjectState, before: InvestmentProjectState | undefined, gva: ReturnType<typeof grossValueAdded>): Promise<void> {
  const entity = p as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(next) as Array<[keyof InvestmentProjectState, unknown]>) {
    if (key === 'id' || (before && isDeepStrictEqual(value, before[key]))) continue;
    const Target = ENTITY_OF[key as keyof typeof ENTITY_OF];
    const list = LIST_PROPERTY[key as keyof typeof LIST_PROPERTY];
    if (list) {
      const collection = p[list.property] as unknown as { isInitialized(): boolean; init(): Promise<unknown>; set(items: unknown[]): void };
      if (before && !collection.isInitialized()) await collection.init();
      collection.set((value as string[]).map((id) => tx.getReference(list.entity as never, id as never)));
    }
    else if (Target) entity[referenceProperty(key)] = value ? tx.getReference(Target as never, value as never) : null;
    else if (key === 'totalInvestment' || key === 'foreignEquityInvestment') entity[key] = value === null ? null : String(value);
    else entity[key] = value;
  }
  const gvaMultiplierId = p.gvaMultiplier?.id ?? null;
  if (gvaMultiplierId !== gva.gvaMultiplierId) entity.gvaMultiplier = referenceOrNull(tx, GvaMultiplier, gva.gvaMultiplierId);
  const gvaValue = gva.grossValueAdded === null ? null : String(gva.grossValueAdded);
  if ((p.grossValueAdded ?? null) !== gvaValue) p.grossValueAdded = gvaValue;
}

async function validate(tx: EntityManager, next: InvestmentProjectState, before: InvestmentProjectState | undefined, touched: Set<string> | undefined) {
  const { facts, gvaMultiplier } = await loadInvestmentProjectFacts(tx, next);
  const issues = new Issues();
  checkInvestmentProject(next, before, touched, facts, issues);
  issues.throwIfAny();
  return { facts, gva: grossValueAdded(next, gvaMultiplier) };
}

/**
 * A project for a write, with its team members when asked: NOT_FOUND when missing or hidden by the caller's
 * row rules, FORBIDDEN when not theirs to change.
 */
async function load(tx: EntityManager, viewer: Viewer, id: string, withTeam = false): Promise<InvestmentProject> {
  const project = await tx.findOne(InvestmentProject, { id }, withTeam ? { populate: ['teamMembers'] as never } : {});
  if (!project || !(await isVisible(tx, viewer, investmentProjectModel, id))) throw notFound('Investment project', id);
  await assertMayChange(tx, viewer, id);
  return project;
}

/** A project's state as stored: its row, and its lists in one statement. */
async function storedState(tx: EntityManager, p: InvestmentProject): Promise<InvestmentProjectState> {
  const [row] = await query(tx, { text: `select ${listIdsSql('t').text} as "lists" from investment_project t where t.id = ?`, params: [p.id] });
  return stateOf(p, row.lists as InvestmentProjectLists);
}

/**
 * `change_associated_investmentproject` without `change_all_…` changes only the projects associated with the
 * caller's team (Data Hub's IsAssociatedToInvestmentProjectPermission); one statement for such a caller.
 */
async function assertMayChange(tx: EntityManager, viewer: Viewer, id: string): Promise<void> {
  if (hasPermission(viewer, 'change_all_investmentproject')) return;
  if (!(await isAssociatedWithTeam(tx, id, viewer.kind === 'adviser' ? viewer.teamId : null))) throw new AppError('FORBIDDEN', "This project is not associated with your team, so you may not change it.", { reason: 'NOT_ASSOCIATED' });
}

function logStage(tx: EntityManager, viewer: Viewer, p: InvestmentProject, stageId: string): void {
  tx.create(InvestmentProjectStageLog, { investmentProject: p, stage: tx.getReference(InvestmentProjectStage, stageId), adviser: adviserOf(tx, viewer), createdOn: new Date() });
}

/** The first project manager is stamped with who assigned them and when (Data Hub's). */
function stampProjectManager(tx: EntityManager, viewer: Viewer, p: InvestmentProject, next: InvestmentProjectState): void {
  if (next.projectManagerId && !p.projectManagerFirstAssignedOn) {
    p.projectManagerFirstAssignedOn = new Date();
    p.projectManagerFirstAssignedBy = adviserOf(tx, viewer);
  }
}

/** The country the investment originates from: the investor company's, copied until the project is won. */
function originCountry(next: InvestmentProjectState, before: InvestmentProjectState | undefined, investor: Row | undefined): string | null | undefined {
  if (before && (before.stageId === STAGE.won.id || next.investorCompanyId === before.investorCompanyId)) return undefined;
  return (investor?.addressCountryId as string | null | undefined) ?? null;
}

function setOrigin(tx: EntityManager, p: InvestmentProject, countryId: string | null | undefined): void {
  if (countryId === undefined || idOf(p.countryInvestmentOriginatesFrom) === countryId) return;
  p.countryInvestmentOriginatesFrom = referenceOrNull(tx, Country, countryId);
}

/** Investment project writes: each runs in one transaction and returns the project's id. */
export function createInvestmentProjectService() {
  return {
    async create(em: EntityManager, viewer: Viewer, input: InvestmentProjectCreateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const { next } = merge(EMPTY, input);
        const { facts, gva } = await validate(tx, next, undefined, undefined);
        const project = tx.create(InvestmentProject, { name: next.name!, description: next.description!, estimatedLandDate: next.estimatedLandDate! } as never);
        await apply(tx, project, next, undefined, gva);
        project.stage = tx.getReference(InvestmentProjectStage, next.stageId);
        setOrigin(tx, project, originCountry(next, undefined, facts.companies.get(next.investorCompanyId ?? '')));
        stampProjectManager(tx, viewer, project, next);
        stampCreated(tx, project, viewer);
        logStage(tx, viewer, project, next.stageId);
        await tx.flush();
        return project.id;
      });
    },

    async update(em: EntityManager, viewer: Viewer, id: string, input: InvestmentProjectUpdateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const project = await load(tx, viewer, id);
        assertNotArchived(project, 'investment project');
        const before = await storedState(tx, project);
        const merged = merge(before, input);
        let next = merged.next;
        if (input.stageId) {
          if (stageOrder(input.stageId) !== undefined) checkStageMove(before, input.stageId, { adviserId: viewer.kind === 'adviser' ? viewer.adviserId : null, changeToAnyStage: hasPermission(viewer, 'change_to_any_stage_investmentproject') });
          next = { ...next, stageId: input.stageId };
        } else if (input.stageId === null) throw badInput(['stageId'], 'REQUIRED', 'A project always has a stage.');
        next = { ...next, status: statusAfterStageChange(before.stageId, next.stageId, next.status) };
        // The values it has already: no change, so nothing is written (no modified_on bump, no audit row).
        if (isDeepStrictEqual(next, before)) return project.id;
        const { facts, gva } = await validate(tx, next, before, merged.touched);
        await apply(tx, project, next, before, gva);
        if (next.stageId !== before.stageId) {
          project.stage = tx.getReference(InvestmentProjectStage, next.stageId);
          logStage(tx, viewer, project, next.stageId);
        }
        setOrigin(tx, project, originCountry(next, before, facts.companies.get(next.investorCompanyId ?? '')));
        stampProjectManager(tx, viewer, project, next);
        stampModified(tx, project, viewer);
        await tx.flush();
        return project.id;
      });
    },

    /** Any stage, without validation (`change_to_any_stage_investmentproject`; the rule is on the mutation). */
    async setStage(em: EntityManager, viewer: Viewer, id: string, stageId: string): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const project = await load(tx, viewer, id);
        assertNotArchived(project, 'investment project');
        if (stageOrder(stageId) === undefined) throw badInput(['stageId'], 'NOT_FOUND', `No investment project stage with id ${stageId}.`);
        if (project.stage.id === stageId) return project.id;
        project.status = statusAfterStageChange(project.stage.id, stageId, project.status);
        project.stage = tx.getReference(InvestmentProjectStage, stageId);
        logStage(tx, viewer, project, stageId);
        stampModified(tx, project, viewer);
        await tx.flush();
        return project.id;
      });
    },

    /** The team becomes the list given: each adviser once, active when newly added; roles changed in place. */
    async setTeamMembers(em: EntityManager, viewer: Viewer, id: string, members: InvestmentProjectTeamMemberInput[]): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const project = await load(tx, viewer, id, true);
        assertNotArchived(project, 'investment project');
        const current = new Map(project.teamMembers.getItems().map((m) => [m.adviser.id, m]));
        const issues = new Issues();
        const seen = new Set<string>();
        const advisers = members.length ? new Map((await query(tx, byIdSql(adviserModel, uniqueIds(members.map((m) => m.adviserId))))).map((a) => [a.id as string, a])) : new Map<string, Row>();
        for (const [i, m] of members.entries()) {
          const role = m.role.trim();
          if (seen.has(m.adviserId)) issues.add(['teamMembers', String(i), 'adviserId'], 'TEAM_MEMBER_TWICE', 'This adviser is on the team already.');
          seen.add(m.adviserId);
          const adviser = advisers.get(m.adviserId);
          if (!adviser) issues.add(['teamMembers', String(i), 'adviserId'], 'NOT_FOUND', `No adviser with id ${m.adviserId}.`);
          else if (!adviser.isActive && !current.has(m.adviserId)) issues.add(['teamMembers', String(i), 'adviserId'], 'ADVISER_NOT_ACTIVE', 'This adviser is inactive and cannot be added.');
          if (!role) issues.add(['teamMembers', String(i), 'role'], 'REQUIRED', 'The role is required.');
          else if (role.length > 255) issues.add(['teamMembers', String(i), 'role'], 'TOO_LONG', 'The role is at most 255 characters.');
        }
        issues.throwIfAny();
        let changed = false;
        for (const [adviserId, member] of current) {
          if (!seen.has(adviserId)) {
            project.teamMembers.remove(member);
            changed = true;
          }
        }
        for (const m of members) {
          const member = current.get(m.adviserId);
          if (member && member.role !== m.role.trim()) (member.role = m.role.trim()), (changed = true);
          else if (!member) {
            project.teamMembers.add(tx.create(InvestmentProjectTeamMember, { investmentProject: project, adviser: tx.getReference(Adviser, m.adviserId), role: m.role.trim() }));
            changed = true;
          }
        }
        if (!changed) return project.id;
        stampModified(tx, project, viewer);
        await tx.flush();
        return project.id;
      });
    },

    // Archived with a reason and unarchived like companies (src/db/write.ts): one the caller may not see is
    // NOT_FOUND, one of another team FORBIDDEN for a caller who changes only their team's.
    ...archiveActions(InvestmentProject, 'investment project', (tx, viewer) => async (id) => {
      if (!(await isVisible(tx, viewer, investmentProjectModel, id))) return false;
      await assertMayChange(tx, viewer, id);
      return true;
    }),
  };
}

export type InvestmentProjectService = ReturnType<typeof createInvestmentProjectService>;
