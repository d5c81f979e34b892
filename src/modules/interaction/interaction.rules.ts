import type { Issues } from '../../errors.js';
import { checkReference, checkReferences, type ReferenceIds, type References } from '../metadata/index.js';
// The company module's rule on a list of export countries (each country once, each a valid country).
import { checkExportCountries } from '../company/index.js';
import { InteractionKind, InteractionStatus, InteractionTheme } from './interaction.entity.js';
import { checkCountries, checkServiceContext, companyTakesInteractions, contextChanges } from './interaction.form-rules.js';
import type { InteractionState } from './interaction.state.js';

export type { InteractionState } from './interaction.state.js';

/** `{ questionId: { answerOptionId: {} } }`, Data Hub's shape of service answers. */
export type ServiceAnswers = Record<string, Record<string, unknown>>;


export const MAX_SUBJECT = 255;
export const MAX_NOTES = 10_000;
// numeric(19,2): 17 digits before the point.
const MAX_AMOUNT = 1e17;

const blank = (s: string | null | undefined) => !s || !s.trim();

/**
 * The rules that need nothing but the state before and after: required fields, lengths, the status and
 * theme lifecycle, what each kind may carry, and policy feedback. `before` is undefined on create.
 */
export function checkFields(next: InteractionState, before: InteractionState | undefined, issues: Issues): void {
  if (!next.kind) issues.add('kind', 'REQUIRED', 'The kind is required.');
  if (!next.status) issues.add('status', 'REQUIRED', 'The status is required.');
  if (!next.date) issues.add('date', 'REQUIRED', 'The date is required.');
  if (blank(next.subject)) issues.add('subject', 'REQUIRED', 'The subject is required.');
  else if (next.subject!.length > MAX_SUBJECT) issues.add('subject', 'TOO_LONG', `The subject is at most ${MAX_SUBJECT} characters.`);
  if (next.notes && next.notes.length > MAX_NOTES) issues.add('notes', 'TOO_LONG', 'Notes are at most 10,000 characters.');

  if (before?.status === InteractionStatus.COMPLETE && next.status === InteractionStatus.DRAFT) {
    issues.add('status', 'COMPLETE_TO_DRAFT', 'A complete interaction cannot go back to draft.');
  }
  if (before?.theme && !next.theme) issues.add('theme', 'THEME_CANNOT_BE_CLEARED', 'A theme cannot be cleared once set.');

  if (!next.companyIds.length) issues.add('companyIds', 'REQUIRED', 'At least one company is required (companyIds, or companyId).');
  if (!next.contactIds.length) issues.add('contactIds', 'REQUIRED', 'At least one contact is required.');
  if (!next.participantAdviserIds.length) issues.add('participants', 'REQUIRED', 'At least one adviser must take part.');

  checkKind(next, issues);
  checkPolicyFeedback(next, issues);
  checkCountries(next, before, issues);
  if (next.serviceAnswers != null && !next.serviceId) issues.add('serviceAnswers', 'NO_SERVICE', 'Service answers need a service.');
  if (next.investmentProjectId && next.theme !== InteractionTheme.INVESTMENT) {
    issues.add('investmentProjectId', 'PROJECT_NEEDS_INVESTMENT_THEME', 'Only an interaction with the investment theme is about an investment project.');
  }
}

/** What a complete record needs, and the fields only one kind may carry. */
function checkKind(next: InteractionState, issues: Issues): void {
  const isInteraction = next.kind === InteractionKind.INTERACTION;
  const isDelivery = next.kind === InteractionKind.SERVICE_DELIVERY;
  if (next.status === InteractionStatus.COMPLETE) {
    if (!next.serviceId) issues.add('serviceId', 'REQUIRED_WHEN_COMPLETE', 'A complete interaction needs a service.');
    if (isInteraction && !next.communicationChannelId) {
      issues.add('communicationChannelId', 'REQUIRED_WHEN_COMPLETE', 'A complete interaction needs a communication channel.');
    }
  }
  if (isDelivery && next.communicationChannelId) {
    issues.add('communicationChannelId', 'CHANNEL_ONLY_FOR_INTERACTION', 'Only an interaction (not a service delivery) has a communication channel.');
  }
  for (const key of ['serviceDeliveryStatusId', 'grantAmountOffered', 'netCompanyReceipt'] as const) {
    if (isInteraction && next[key] != null) issues.add(key, 'ONLY_FOR_SERVICE_DELIVERY', `Only a service delivery has ${key}.`);
  }
  for (const key of ['grantAmountOffered', 'netCompanyReceipt'] as const) {
    const amount = next[key];
    if (amount == null) continue;
    if (!Number.isFinite(amount) || amount < 0) issues.add(key, 'NEGATIVE', 'Must be zero or more.');
    else if (amount >= MAX_AMOUNT) issues.add(key, 'TOO_LARGE', 'Must be less than 10^17.');
  }
  if (next.theme === InteractionTheme.INVESTMENT && isDelivery) {
    issues.add('theme', 'INVESTMENT_NEEDS_INTERACTION', 'The investment theme is only for interactions, not service deliveries.');
  }
}

/** Notes, areas and issue types exactly when feedback was provided: all three then, none otherwise. */
function checkPolicyFeedback(next: InteractionState, issues: Issues): void {
  if (next.wasPolicyFeedbackProvided == null) {
    issues.add('wasPolicyFeedbackProvided', 'REQUIRED', 'Say whether policy feedback was provided.');
    return;
  }
  const parts = [
    ['policyFeedbackNotes', !blank(next.policyFeedbackNotes), 'policy feedback notes'],
    ['policyAreaIds', next.policyAreaIds.length > 0, 'at least one policy area'],
    ['policyIssueTypeIds', next.policyIssueTypeIds.length > 0, 'at least one policy issue type'],
  ] as const;
  for (const [field, present, what] of parts) {
    if (next.wasPolicyFeedbackProvided && !present) issues.add(field, 'REQUIRED', `Policy feedback needs ${what}.`);
    if (!next.wasPolicyFeedbackProvided && present) issues.add(field, 'ONLY_WITH_POLICY_FEEDBACK', `Give ${field} only when policy feedback was provided.`);
  }
}

export type ServiceQuestion = { id: string; name: string; disabled: boolean; options: Array<{ id: string; disabled: boolean }> };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Service answers against the service's questions: every key a question of the service, every answer an
 * option of that question, each enabled question answered with exactly one option. A disabled question or
 * option is accepted only where `kept` (the stored answers, when the service is unchanged) already had it.
 */
export function checkServiceAnswers(answers: unknown, questions: ServiceQuestion[], issues: Issues, kept?: ServiceAnswers | null): void {
  const field = 'serviceAnswers';
  if (answers != null && (!isObject(answers) || !Object.values(answers).every(isObject))) {
    issues.add(field, 'INVALID_SERVICE_ANSWERS', 'Service answers are an object { questionId: { answerOptionId: {} } }.');
    return;
  }
  const given = (answers ?? {}) as ServiceAnswers;
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [questionId, chosen] of Object.entries(given)) {
    const question = byId.get(questionId);
    if (!question) {
      issues.add([field, questionId], 'QUESTION_NOT_OF_SERVICE', `${questionId} is not a question of this service.`);
      continue;
    }
    const optionIds = Object.keys(chosen);
    if (question.disabled && !kept?.[questionId]) issues.add([field, questionId], 'DISABLED', `The question "${question.name}" is disabled.`);
    if (optionIds.length !== 1) issues.add([field, questionId], 'ONE_ANSWER_ONLY', `Answer "${question.name}" with exactly one option.`);
    for (const optionId of optionIds) {
      const option = question.options.find((o) => o.id === optionId);
      if (!option) issues.add([field, questionId, optionId], 'OPTION_NOT_OF_QUESTION', `${optionId} is not an answer to "${question.name}".`);
      else if (option.disabled && !kept?.[questionId]?.[optionId]) issues.add([field, questionId, optionId], 'DISABLED', 'This answer is disabled.');
    }
  }
  for (const question of questions) {
    if (!question.disabled && !(question.id in given)) issues.add([field, question.id], 'REQUIRED', `Answer "${question.name}".`);
  }
}

/** Same questions with the same options, whatever the key order. */
export function sameAnswers(a: unknown, b: unknown): boolean {
  const canon = (x: unknown) =>
    isObject(x) ? JSON.stringify(Object.keys(x).sort().map((k) => [k, isObject(x[k]) ? Object.keys(x[k]).sort() : x[k]])) : JSON.stringify(x ?? null);
  return canon(a) === canon(b);
}

/** The service is checked when it or its answers change. */
export const serviceChanges = (next: InteractionState, before: InteractionState | undefined): boolean =>
  next.serviceId !== before?.serviceId || !sameAnswers(next.serviceAnswers, before?.serviceAnswers);

/** What the link rules read besides the interaction itself; the service loads it first (loadLinkFacts). */
export type LinkFacts = {
  /** The interaction's companies, by id; one no company has, or the caller may not see, is missing. */
  companies: ReadonlyMap<string, { archived: boolean }>;
  /** The contacts it names, by id, with their company. */
  contacts: ReadonlyMap<string, { companyId: string }>;
  /** The advisers taking part, by id, with their team (which a new participant records). */
  advisers: ReadonlyMap<string, { ditTeamId: string | null }>;
  /** The references it names (linkReferenceIds). */
  references: References;
  /** Its investment project, when it names one the caller may see (a hidden one is as missing). */
  investmentProject: { archived: boolean } | null;
  /** Whether the chosen service has sub-services, and its questions (read when serviceChanges). */
  service: { hasChildren: boolean; questions: ServiceQuestion[] };
};

/** The references the link rules read: the service (when it or its answers change), channel, status, policy areas and issue types. */
export function linkReferenceIds(next: InteractionState, before: InteractionState | undefined): ReferenceIds {
  return {
    service: serviceChanges(next, before) || contextChanges(next, before) ? [next.serviceId] : [],
    country: addedOrKept(next, before),
    communicationChannel: [next.communicationChannelId],
    serviceDeliveryStatus: [next.serviceDeliveryStatusId],
    policyArea: next.policyAreaIds,
    policyIssueType: next.policyIssueTypeIds,
  };
}

/** The countries whose rows the rules read: those of a changed list of export countries. */
const addedOrKept = (next: InteractionState, before: InteractionState | undefined): string[] =>
  sameCountries(next, before) ? [] : next.exportCountries.map((e) => e.countryId);

const sameCountries = (next: InteractionState, before: InteractionState | undefined): boolean =>
  JSON.stringify(next.exportCountries) === JSON.stringify(before?.exportCountries ?? []);

/**
 * The service: enabled (unless kept), offered for the interaction's kind and theme, a leaf of the tree when
 * newly chosen, and its answers valid.
 */
function checkService(next: InteractionState, before: InteractionState | undefined, facts: LinkFacts, issues: Issues): void {
  if (!serviceChanges(next, before) && !contextChanges(next, before)) return;
  const serviceChanged = next.serviceId !== before?.serviceId;
  const service = checkReference(facts.references, 'service', next.serviceId, ['serviceId'], issues, before?.serviceId);
  if (!service) return;
  if (serviceChanged && facts.service.hasChildren) {
    issues.add('serviceId', 'SERVICE_NOT_LEAF', `"${service.name}" has sub-services; choose one of them.`);
    return;
  }
  if (!checkServiceContext(next, service, issues) || !serviceChanges(next, before)) return;
  const kept = serviceChanged ? null : (before?.serviceAnswers as ServiceAnswers | null);
  checkServiceAnswers(next.serviceAnswers, facts.service.questions, issues, kept);
}

/** How the input named the companies: `companyIds` (a list: issues at its index) or the legacy `companyId`. */
export type CompanyField = 'companyId' | 'companyIds';

/**
 * The companies: each exists (and is not archived, unless the interaction had it already). Returns whether
 * all of them were found (the contacts are checked against them only then).
 */
function checkCompanies(next: InteractionState, before: InteractionState | undefined, facts: LinkFacts, issues: Issues, companyField: CompanyField): boolean {
  let found = true;
  for (const [i, id] of next.companyIds.entries()) {
    const field = companyField === 'companyIds' ? ['companyIds', String(i)] : ['companyId'];
    const company = facts.companies.get(id);
    if (!company) {
      issues.add(field, 'NOT_FOUND', `No company with id ${id}.`);
      found = false;
    } else if (!companyTakesInteractions(company) && !before?.companyIds.includes(id)) issues.add(field, 'COMPANY_ARCHIVED', 'The company is archived; choose another.');
  }
  if (addedCountriesTo(next, before) && facts.companies.get(next.companyId ?? '')?.archived) {
    issues.add('exportCountries', 'COMPANY_ARCHIVED', "The company is archived: its export countries are read-only, so no country can be added.");
  }
  return found;
}

const addedCountriesTo = (next: InteractionState, before: InteractionState | undefined): boolean =>
  next.exportCountries.some((e) => !before?.exportCountries.some((b) => b.countryId === e.countryId));

/**
 * The rules on what the interaction links to: its companies exist (and are not archived, unless kept), every
 * contact is of one of them, every participant is an adviser, the service and every reference row is valid,
 * and so is the list of countries discussed. `companyField` is how the input named the companies.
 */
export function checkLinks(next: InteractionState, before: InteractionState | undefined, facts: LinkFacts, issues: Issues, companyField: CompanyField = 'companyId'): void {
  const companiesFound = checkCompanies(next, before, facts, issues, companyField);
  for (const [i, id] of next.contactIds.entries()) {
    const contact = facts.contacts.get(id);
    if (!contact) issues.add(['contactIds', String(i)], 'NOT_FOUND', `No contact with id ${id}.`);
    // Against an unknown company every contact would fail too; that issue alone says what is wrong.
    else if (companiesFound && next.companyIds.length && !next.companyIds.includes(contact.companyId)) {
      issues.add(['contactIds', String(i)], 'CONTACT_NOT_OF_COMPANY', "Every contact must be of one of the interaction's companies.");
    }
  }
  if (!sameCountries(next, before)) checkExportCountries(next.exportCountries, before?.exportCountries.map((e) => e.countryId) ?? [], facts.references, issues);
  for (const [i, id] of next.participantAdviserIds.entries()) {
    if (!facts.advisers.has(id)) issues.add(['participants', String(i), 'adviserId'], 'NOT_FOUND', `No adviser with id ${id}.`);
  }
  checkService(next, before, facts, issues);
  if (next.investmentProjectId) {
    if (!facts.investmentProject) issues.add('investmentProjectId', 'NOT_FOUND', `No investment project with id ${next.investmentProjectId}.`);
    else if (facts.investmentProject.archived && next.investmentProjectId !== before?.investmentProjectId) {
      issues.add('investmentProjectId', 'PROJECT_ARCHIVED', 'The investment project is archived; choose another.');
    }
  }
  const { references } = facts;
  checkReference(references, 'communicationChannel', next.communicationChannelId, ['communicationChannelId'], issues, before?.communicationChannelId);
  checkReference(references, 'serviceDeliveryStatus', next.serviceDeliveryStatusId, ['serviceDeliveryStatusId'], issues, before?.serviceDeliveryStatusId);
  checkReferences(references, 'policyArea', next.policyAreaIds, ['policyAreaIds'], issues, before?.policyAreaIds);
  checkReferences(references, 'policyIssueType', next.policyIssueTypeIds, ['policyIssueTypeIds'], issues, before?.policyIssueTypeIds);
}
