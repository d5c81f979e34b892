import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import { isVisible } from '../../auth/row-rules.js';
import { interactionModel } from './interaction.model.js';
import type { Viewer } from '../../auth/viewer.js';
import { idOf, trimOrNull, uniqueIds } from '../../db/values.js';
import { assertNotArchived, referenceOrNull, stampCreated, stampModified, writeTransaction } from '../../db/write.js';
import { Issues, notFound } from '../../errors.js';
import { Adviser, Team } from '../adviser/index.js';
import { Company, visibleCompany } from '../company/index.js';
import { Contact } from '../contact/index.js';
import { CommunicationChannel, PolicyArea, PolicyIssueType, Service, ServiceDeliveryStatus } from '../metadata/index.js';
import { Interaction, InteractionParticipant, InteractionStatus } from './interaction.entity.js';
import type { InteractionCreateInput, InteractionUpdateInput } from './interaction.input.js';
import { loadLinkFacts } from './interaction.facts.js';
import { checkFields, checkLinks, sameAnswers, type InteractionState, type LinkFacts, type ServiceAnswers } from './interaction.rules.js';

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
};

/** The state after applying the input's given fields (undefined leaves a field, null clears it), normalised. */
function merge(before: InteractionState, input: InteractionCreateInput | InteractionUpdateInput): InteractionState {
  const next: InteractionState = { ...before };
  const given = <K extends keyof typeof input>(key: K) => input[key] !== undefined;
  for (const key of ['kind', 'status', 'theme', 'date', 'companyId', 'serviceId', 'communicationChannelId', 'serviceDeliveryStatusId', 'grantAmountOffered', 'netCompanyReceipt', 'wasPolicyFeedbackProvided', 'serviceAnswers'] as const) {
    if (given(key)) (next as Record<string, unknown>)[key] = input[key] ?? null;
  }
  // Answers belong to their service's questions: a new service without new answers starts with none.
  if (next.serviceId !== before.serviceId && !given('serviceAnswers')) next.serviceAnswers = null;
  // The subject keeps its blank value so the REQUIRED rule sees it; notes are optional, blank is none.
  if (given('subject')) next.subject = input.subject?.trim() ?? null;
  if (given('notes')) next.notes = trimOrNull(input.notes);
  if (given('policyFeedbackNotes')) next.policyFeedbackNotes = trimOrNull(input.policyFeedbackNotes);
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

async function validate(tx: EntityManager, viewer: Viewer, next: InteractionState, before: InteractionState | undefined): Promise<LinkFacts> {
  const issues = new Issues();
  checkFields(next, before, issues);
  // A company the caller may not see is as missing to it as an unknown one (never "archived").
  const companyHidden = !!next.companyId && next.companyId !== before?.companyId && !(await visibleCompany(tx, viewer)(next.companyId));
  const facts = await loadLinkFacts(tx, next, before, companyHidden);
  checkLinks(next, before, facts, issues);
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

  // The legacy company is mirrored in `companies`.
  if (next.companyId !== before?.companyId) i.companies.set([tx.getReference(Company, next.companyId!)]);
  if (next.contactIds.join() !== before?.contactIds.join()) i.contacts.set(next.contactIds.map((id) => tx.getReference(Contact, id)));
  if (next.policyAreaIds.join() !== before?.policyAreaIds.join()) i.policyAreas.set(next.policyAreaIds.map((id) => tx.getReference(PolicyArea, id)));
  if (next.policyIssueTypeIds.join() !== before?.policyIssueTypeIds.join()) i.policyIssueTypes.set(next.policyIssueTypeIds.map((id) => tx.getReference(PolicyIssueType, id)));
  applyParticipants(tx, i, next.participantAdviserIds, facts);
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

async function load(tx: EntityManager, viewer: Viewer, id: string): Promise<Interaction> {
  const interaction = await tx.findOne(Interaction, { id }, { populate: ['contacts', 'companies', 'participants', 'policyAreas', 'policyIssueTypes'] });
  // One the caller's row rules hide (archived, or of an archived company, for a partner) is NOT_FOUND too.
  if (!interaction || !(await isVisible(tx, viewer, interactionModel, id))) throw notFound('Interaction', id);
  return interaction;
}

/** Interaction writes: each runs in one transaction and returns the interaction's id. */
export function createInteractionService() {
  return {
    async create(em: EntityManager, viewer: Viewer, input: InteractionCreateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const next = merge(EMPTY, input);
        const facts = await validate(tx, viewer, next, undefined);
        const interaction = tx.create(Interaction, {
          kind: next.kind!,
          status: next.status!,
          date: next.date!,
          subject: next.subject!,
          company: next.companyId!,
          wasPolicyFeedbackProvided: next.wasPolicyFeedbackProvided!,
        });
        apply(tx, interaction, next, undefined, facts);
        stampCreated(tx, interaction, viewer);
        await tx.flush();
        return interaction.id;
      });
    },

    async update(em: EntityManager, viewer: Viewer, id: string, input: InteractionUpdateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const interaction = await load(tx, viewer, id);
        assertNotArchived(interaction, 'interaction');
        const before = stateOf(interaction);
        const next = merge(before, input);
        // The values it has already: no change, so nothing is written (no modified_on bump, no audit row).
        if (isDeepStrictEqual(next, before)) return interaction.id;
        const facts = await validate(tx, viewer, next, before);
        apply(tx, interaction, next, before, facts);
        stampModified(tx, interaction, viewer);
        await tx.flush();
        return interaction.id;
      });
    },
  };
}

export type InteractionService = ReturnType<typeof createInteractionService>;
