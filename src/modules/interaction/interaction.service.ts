import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import { isVisible, rowScope, visibleIn } from '../../auth/row-rules.js';
import { interactionModel } from './interaction.model.js';
import type { Viewer } from '../../auth/viewer.js';
import { idOf, presentIds, trimOrNull, uniqueIds } from '../../db/values.js';
import { auditCreation } from '../../audit/audit.subscriber.js';
import { insertStatement } from '../../db/insert-statement.js';
import type { Sql } from '../../db/sql.js';
import { archiveActions, assertNotArchived, referenceOrNull, stampCreated, stampModified, writeStatement, writeTransaction } from '../../db/write.js';
import { badInput, Issues, notFound } from '../../errors.js';
import { Adviser, Team } from '../adviser/index.js';
import { Company, companyModel, exportRecordDate, mergeExportCountries } from '../company/index.js';
// The company module's merge of discussed countries into a company's export list (with its history).
import { Contact } from '../contact/index.js';
import { InvestmentProject, investmentProjectModel } from '../investment/index.js';
import { CommunicationChannel, Country, PolicyArea, PolicyIssueType, Service, ServiceDeliveryStatus } from '../metadata/index.js';
import { Interaction, InteractionExportCountry, InteractionParticipant, InteractionStatus } from './interaction.entity.js';
import type { InteractionCreateInput, InteractionUpdateInput } from './interaction.input.js';
import { assertAssociatedWrite } from './interaction.associated.js';
import { loadLinkFacts } from './interaction.facts.js';
import { addedCountries } from './interaction.form-rules.js';
import { checkFields, checkLinks, sameAnswers, type CompanyField, type InteractionState, type LinkFacts, type ServiceAnswers } from './interaction.rules.js';

const amount = (s: string | number | null | undefined) => (s == null ? null : Number(s));

function stateOf(i: Interaction): InteractionState {
  return {
    id: i.id,
    kind: i.kind,
    status: i.status,
    theme: i.theme ?? null,
    date: i.date,
    subject: i.subject,
    notes: i.notes ?? null,
    companyId: i.company.id,
    // The legacy company first, as Data Hub's `company` is `companies[0]`.
    companyIds: [i.company.id, ...i.companies.getItems().map((c) => c.id).filter((id) => id !== i.company.id)],
    contactIds: i.contacts.getItems().map((c) => c.id),
    participantAdviserIds: i.participants.getItems().map((p) => p.adviser.id),
    serviceId: idOf(i.service),
    serviceAnswers: i.serviceAnswers ?? null,
    communicationChannelId: idOf(i.communicationChannel),
    serviceDeliveryStatusId: idOf(i.serviceDeliveryStatus),
    grantAmountOffered: amount(i.grantAmountOffered),
    netCompanyReceipt: amount(i.netCompanyReceipt),
    wasPolicyFeedbackProvided: i.wasPolicyFeedbackProvided,
    policyAreaIds: i.policyAreas.getItems().map((a) => a.id),
    policyIssueTypeIds: i.policyIssueTypes.getItems().map((t) => t.id),
    policyFeedbackNotes: i.policyFeedbackNotes ?? null,
    wereCountriesDiscussed: i.wereCountriesDiscussed ?? null,
    investmentProjectId: idOf(i.investmentProject),
    exportCountries: i.exportCountries.getItems().map((e) => ({ countryId: e.country.id, status: e.status })),
  };
}

const EMPTY: InteractionState = {
  kind: null,
  status: InteractionStatus.COMPLETE,
  theme: null,
  date: null,
  subject: null,
  notes: null,
  companyId: null,
  companyIds: [],
  contactIds: [],
  participantAdviserIds: [],
  serviceId: null,
  serviceAnswers: null,
  communicationChannelId: null,
  serviceDeliveryStatusId: null,
  grantAmountOffered: null,
  netCompanyReceipt: null,
  wasPolicyFeedbackProvided: false,
  policyAreaIds: [],
  policyIssueTypeIds: [],
  policyFeedbackNotes: null,
  wereCountriesDiscussed: null,
  investmentProjectId: null,
  exportCountries: [],
};

/** The state after applying the input's given fields (undefined leaves a field, null clears it), normalised. */
function merge(before: InteractionState, input: InteractionCreateInput | InteractionUpdateInput): InteractionState {
  const next: InteractionState = { ...before };
  const given = <K extends keyof typeof input>(key: K) => input[key] !== undefined;
  for (const key of ['kind', 'status', 'theme', 'date', 'wereCountriesDiscussed', 'serviceId', 'communicationChannelId', 'serviceDeliveryStatusId', 'grantAmountOffered', 'netCompanyReceipt', 'wasPolicyFeedbackProvided', 'serviceAnswers', 'investmentProjectId'] as const) {
    if (given(key)) (next as Record<string, unknown>)[key] = input[key] ?? null;
  }
  // Answers belong to their service's questions: a new service without new answers starts with none.
  if (next.serviceId !== before.serviceId && !given('serviceAnswers')) next.serviceAnswers = null;
  // The subject keeps its blank value so the REQUIRED rule sees it; notes are optional, blank is none.
  if (given('subject')) next.subject = input.subject?.trim() ?? null;
  if (given('notes')) next.notes = trimOrNull(input.notes);
  if (given('policyFeedbackNotes')) next.policyFeedbackNotes = trimOrNull(input.policyFeedbackNotes);
  // `companyIds`, or the legacy `companyId` (a list of one); the legacy company is the first.
  if (given('companyIds')) next.companyIds = uniqueIds(input.companyIds);
  else if (given('companyId')) next.companyIds = presentIds([input.companyId]);
  next.companyId = next.companyIds[0] ?? null;
  if (given('exportCountries')) next.exportCountries = (input.exportCountries ?? []).map(({ countryId, status }) => ({ countryId, status }));
  if (given('contactIds')) next.contactIds = uniqueIds(input.contactIds);
  if (given('participants')) next.participantAdviserIds = uniqueIds(input.participants?.map((p) => p.adviserId));
  if (given('policyAreaIds')) next.policyAreaIds = uniqueIds(input.policyAreaIds);
  if (given('policyIssueTypeIds')) next.policyIssueTypeIds = uniqueIds(input.policyIssueTypeIds);
  return next;
}

/** Data Hub stores each chosen option as `{}`; whatever the client put there is dropped. */
function normaliseAnswers(answers: unknown): ServiceAnswers | null {
  if (answers == null) return null;
  const out: ServiceAnswers = {};
  for (const [q, options] of Object.entries(answers as ServiceAnswers)) out[q] = Object.fromEntries(Object.keys(options).map((o) => [o, {}]));
  return Object.keys(out).length ? out : null;
}

/** How the input names the companies; both at once is refused, as Data Hub refuses `company` with `companies`. */
function companyFieldOf(input: InteractionCreateInput | InteractionUpdateInput): CompanyField {
  if (input.companyId != null && input.companyIds != null) {
    throw badInput(['companyIds'], 'COMPANY_OR_COMPANIES', 'Give companyIds or the legacy companyId, not both.');
  }
  return input.companyIds != null ? 'companyIds' : 'companyId';
}

async function validate(tx: EntityManager, viewer: Viewer, next: InteractionState, before: InteractionState | undefined, companyField: CompanyField): Promise<LinkFacts> {
  const issues = new Issues();
  checkFields(next, before, issues);
  // A company the caller may not see is as missing to it as an unknown one (never "archived").
  const scope = rowScope(viewer);
  const facts = await loadLinkFacts(tx, next, before, scope(companyModel), scope(investmentProjectModel));
  checkLinks(next, before, facts, issues, companyField);
  issues.throwIfAny();
  return facts;
}

/** Writes the state onto the entity: scalar fields always, link tables only where they changed. */
function apply(tx: EntityManager, i: Interaction, next: InteractionState, before: InteractionState | undefined, facts: LinkFacts): void {
  i.kind = next.kind!;
  i.status = next.status!;
  i.theme = next.theme;
  i.date = next.date!;
  i.subject = next.subject!;
  i.notes = next.notes;
  i.company = tx.getReference(Company, next.companyId!);
  i.service = referenceOrNull(tx, Service, next.serviceId);
  if (!sameAnswers(next.serviceAnswers, before?.serviceAnswers)) i.serviceAnswers = normaliseAnswers(next.serviceAnswers);
  i.communicationChannel = referenceOrNull(tx, CommunicationChannel, next.communicationChannelId);
  i.serviceDeliveryStatus = referenceOrNull(tx, ServiceDeliveryStatus, next.serviceDeliveryStatusId);
  if (next.grantAmountOffered !== before?.grantAmountOffered) i.grantAmountOffered = next.grantAmountOffered == null ? null : String(next.grantAmountOffered);
  if (next.netCompanyReceipt !== before?.netCompanyReceipt) i.netCompanyReceipt = next.netCompanyReceipt == null ? null : String(next.netCompanyReceipt);
  i.wasPolicyFeedbackProvided = next.wasPolicyFeedbackProvided!;
  i.policyFeedbackNotes = next.policyFeedbackNotes;
  i.wereCountriesDiscussed = next.wereCountriesDiscussed;
  if (next.investmentProjectId !== before?.investmentProjectId) i.investmentProject = referenceOrNull(tx, InvestmentProject, next.investmentProjectId);

  // The legacy company is the first of `companies`.
  if (next.companyIds.join() !== before?.companyIds.join()) i.companies.set(next.companyIds.map((id) => tx.getReference(Company, id)));
  if (next.contactIds.join() !== before?.contactIds.join()) i.contacts.set(next.contactIds.map((id) => tx.getReference(Contact, id)));
  if (next.policyAreaIds.join() !== before?.policyAreaIds.join()) i.policyAreas.set(next.policyAreaIds.map((id) => tx.getReference(PolicyArea, id)));
  if (next.policyIssueTypeIds.join() !== before?.policyIssueTypeIds.join()) i.policyIssueTypes.set(next.policyIssueTypeIds.map((id) => tx.getReference(PolicyIssueType, id)));
  applyParticipants(tx, i, next.participantAdviserIds, facts);
  applyCountries(tx, i, next.exportCountries);
}

/** The interaction's countries become the list given: new ones added, statuses changed, the rest removed. */
function applyCountries(tx: EntityManager, i: Interaction, entries: InteractionState['exportCountries']): void {
  const wanted = new Map(entries.map((e) => [e.countryId, e.status]));
  for (const row of i.exportCountries.getItems()) {
    const status = wanted.get(row.country.id);
    if (!status) i.exportCountries.remove(row);
    else if (row.status !== status) row.status = status;
    wanted.delete(row.country.id);
  }
  for (const [countryId, status] of wanted) i.exportCountries.add(tx.create(InteractionExportCountry, { interaction: i, country: tx.getReference(Country, countryId), status, createdOn: new Date() }));
}

/**
 * The countries newly discussed go to the company's export list (Data Hub's `add_export_country`): a new
 * country added, a known one's status changed when the interaction is newer than that status.
 */
async function mergeCountries(tx: EntityManager, viewer: Viewer, next: InteractionState, before: InteractionState | undefined): Promise<void> {
  const added = addedCountries(next, before);
  if (added.length) await mergeExportCountries(tx, viewer, next.companyId!, added, exportRecordDate(next.date!, new Date()));
}

/** Advisers kept keep the team they had when added; new ones get their current team; the rest are removed. */
function applyParticipants(tx: EntityManager, i: Interaction, adviserIds: string[], facts: LinkFacts): void {
  const wanted = new Set(adviserIds);
  for (const p of i.participants.getItems()) if (!wanted.has(p.adviser.id)) i.participants.remove(p);
  const present = new Set(i.participants.getItems().map((p) => p.adviser.id));
  for (const adviserId of adviserIds) {
    if (present.has(adviserId)) continue;
    const participant = tx.create(InteractionParticipant, {
      interaction: i,
      adviser: tx.getReference(Adviser, adviserId),
      team: referenceOrNull(tx, Team, facts.advisers.get(adviserId)?.ditTeamId ?? null),
    });
    i.participants.add(participant);
  }
}

/**
 * A new interaction's rows, built by the ORM as for a flush (in a scratch context of its own, never flushed)
 * and written by one statement with its audit row.
 */
function newInteraction(em: EntityManager, viewer: Viewer, next: InteractionState, facts: LinkFacts): { id: string; write: Sql } {
  const scratch = em.fork();
  const interaction = scratch.create(Interaction, {
    kind: next.kind!,
    status: next.status!,
    date: next.date!,
    subject: next.subject!,
    company: next.companyId!,
    wasPolicyFeedbackProvided: next.wasPolicyFeedbackProvided!,
  });
  apply(scratch, interaction, next, undefined, facts);
  stampCreated(scratch, interaction, viewer);
  const audit = auditCreation(scratch, interaction);
  const rows = [interaction, ...interaction.participants.getItems(), ...interaction.exportCountries.getItems(), ...(audit ? [audit] : [])];
  return { id: interaction.id, write: insertStatement(scratch, rows) };
}

async function load(tx: EntityManager, viewer: Viewer, id: string): Promise<Interaction> {
  const interaction = await tx.findOne(Interaction, { id }, { populate: ['contacts', 'companies', 'participants', 'policyAreas', 'policyIssueTypes', 'exportCountries'] });
  // One the caller's row rules hide (archived, or of an archived company, for a partner) is NOT_FOUND too.
  if (!interaction || !(await isVisible(tx, viewer, interactionModel, id))) throw notFound('Interaction', id);
  return interaction;
}

/** Interaction writes: each is all or nothing (one statement, or one transaction) and returns the interaction's id. */
export function createInteractionService() {
  return {
    /**
     * The rules are checked over facts read in one statement; then the interaction, its links, children and
     * audit row are written by one more (insertStatement), atomic by itself, the search outbox rows coming
     * from its tables' triggers. Only countries newly discussed, merged into the company's export list
     * (rows read and locked first), need a transaction around both.
     */
    async create(em: EntityManager, viewer: Viewer, input: InteractionCreateInput): Promise<string> {
      const companyField = companyFieldOf(input);
      const next = merge(EMPTY, input);
      const facts = await validate(em, viewer, next, undefined, companyField);
      await assertAssociatedWrite(em, viewer, 'add_all_interaction', next);
      const { id, write } = newInteraction(em, viewer, next, facts);
      if (!addedCountries(next, undefined).length) {
        await writeStatement(em, write);
        return id;
      }
      return writeTransaction(em, async (tx) => {
        await writeStatement(tx, write);
        await mergeCountries(tx, viewer, next, undefined);
        await tx.flush();
        return id;
      });
    },

    async update(em: EntityManager, viewer: Viewer, id: string, input: InteractionUpdateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const interaction = await load(tx, viewer, id);
        assertNotArchived(interaction, 'interaction');
        const companyField = companyFieldOf(input);
        const before = stateOf(interaction);
        const next = merge(before, input);
        // The values it has already: no change, so nothing is written (no modified_on bump, no audit row).
        if (isDeepStrictEqual(next, before)) return interaction.id;
        const facts = await validate(tx, viewer, next, before, companyField);
        await assertAssociatedWrite(tx, viewer, 'change_all_interaction', next, before);
        apply(tx, interaction, next, before, facts);
        stampModified(tx, interaction, viewer);
        await mergeCountries(tx, viewer, next, before);
        await tx.flush();
        return interaction.id;
      });
    },

    // Archived with a reason and unarchived like companies (src/db/write.ts); one the caller may not see is NOT_FOUND.
    ...archiveActions(Interaction, 'interaction', visibleIn(interactionModel)),
  };
}

export type InteractionService = ReturnType<typeof createInteractionService>;
