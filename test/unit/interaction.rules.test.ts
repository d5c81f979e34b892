import { describe, expect, it } from 'vitest';
import { InputError, Issues } from '../../src/errors.js';
import { InteractionKind, InteractionStatus, InteractionTheme } from '../../src/modules/interaction/interaction.entity.js';
import { checkFields, checkServiceAnswers, sameAnswers, type InteractionState, type ServiceQuestion } from '../../src/modules/interaction/interaction.rules.js';

const valid: InteractionState = {
  kind: InteractionKind.INTERACTION,
  status: InteractionStatus.COMPLETE,
  theme: null,
  date: '2026-01-15',
  subject: 'Export advice',
  notes: null,
  companyId: 'c1',
  contactIds: ['k1'],
  participantAdviserIds: ['a1'],
  serviceId: 's1',
  serviceAnswers: null,
  communicationChannelId: 'ch1',
  serviceDeliveryStatusId: null,
  grantAmountOffered: null,
  netCompanyReceipt: null,
  wasPolicyFeedbackProvided: false,
  policyAreaIds: [],
  policyIssueTypeIds: [],
  policyFeedbackNotes: null,
};

/** The issues as "field:REASON" strings, for compact assertions. */
function issuesOf(run: (issues: Issues) => void): string[] {
  const issues = new Issues();
  run(issues);
  try {
    issues.throwIfAny();
    return [];
  } catch (error) {
    return (error as InputError).issues.map((i) => `${i.field.join('.')}:${i.reason}`);
  }
}

const fields = (next: Partial<InteractionState>, before?: Partial<InteractionState>) =>
  issuesOf((issues) => checkFields({ ...valid, ...next }, before && { ...valid, ...before }, issues));

describe('checkFields', () => {
  it('accepts a complete interaction with service and channel', () => {
    expect(fields({})).toEqual([]);
  });

  it('requires kind, status, date, subject, company, a contact and a participant', () => {
    expect(fields({ kind: null, status: null, date: null, subject: '  ', companyId: null, contactIds: [], participantAdviserIds: [] })).toEqual([
      'kind:REQUIRED',
      'status:REQUIRED',
      'date:REQUIRED',
      'subject:REQUIRED',
      'companyId:REQUIRED',
      'contactIds:REQUIRED',
      'participants:REQUIRED',
    ]);
  });

  it('limits subject to 255 and notes to 10,000 characters', () => {
    expect(fields({ subject: 'x'.repeat(255), notes: 'n'.repeat(10_000) })).toEqual([]);
    expect(fields({ subject: 'x'.repeat(256), notes: 'n'.repeat(10_001) })).toEqual(['subject:TOO_LONG', 'notes:TOO_LONG']);
  });

  it('lets a draft become complete but never the reverse', () => {
    expect(fields({ status: InteractionStatus.COMPLETE }, { status: InteractionStatus.DRAFT })).toEqual([]);
    expect(fields({ status: InteractionStatus.DRAFT }, { status: InteractionStatus.COMPLETE })).toEqual(['status:COMPLETE_TO_DRAFT']);
  });

  it('never clears a theme once set, but may change it', () => {
    expect(fields({ theme: null }, { theme: InteractionTheme.EXPORT })).toEqual(['theme:THEME_CANNOT_BE_CLEARED']);
    expect(fields({ theme: InteractionTheme.OTHER }, { theme: InteractionTheme.EXPORT })).toEqual([]);
  });

  it('needs a service when complete, and a channel too for an interaction', () => {
    expect(fields({ serviceId: null, communicationChannelId: null })).toEqual(['serviceId:REQUIRED_WHEN_COMPLETE', 'communicationChannelId:REQUIRED_WHEN_COMPLETE']);
    expect(fields({ status: InteractionStatus.DRAFT, serviceId: null, communicationChannelId: null })).toEqual([]);
    expect(fields({ kind: InteractionKind.SERVICE_DELIVERY, communicationChannelId: null })).toEqual([]);
  });

  it('keeps kind-specific fields to their kind', () => {
    expect(fields({ kind: InteractionKind.SERVICE_DELIVERY })).toEqual(['communicationChannelId:CHANNEL_ONLY_FOR_INTERACTION']);
    expect(fields({ serviceDeliveryStatusId: 'sd', grantAmountOffered: 10, netCompanyReceipt: 5 })).toEqual([
      'serviceDeliveryStatusId:ONLY_FOR_SERVICE_DELIVERY',
      'grantAmountOffered:ONLY_FOR_SERVICE_DELIVERY',
      'netCompanyReceipt:ONLY_FOR_SERVICE_DELIVERY',
    ]);
    const delivery = { kind: InteractionKind.SERVICE_DELIVERY, communicationChannelId: null };
    expect(fields({ ...delivery, serviceDeliveryStatusId: 'sd', grantAmountOffered: 10, netCompanyReceipt: 0 })).toEqual([]);
    expect(fields({ ...delivery, grantAmountOffered: -1 })).toEqual(['grantAmountOffered:NEGATIVE']);
    expect(fields({ ...delivery, theme: InteractionTheme.INVESTMENT })).toEqual(['theme:INVESTMENT_NEEDS_INTERACTION']);
    expect(fields({ theme: InteractionTheme.INVESTMENT })).toEqual([]);
  });

  it('wants notes, an area and an issue type exactly when policy feedback was provided', () => {
    expect(fields({ wasPolicyFeedbackProvided: true })).toEqual(['policyFeedbackNotes:REQUIRED', 'policyAreaIds:REQUIRED', 'policyIssueTypeIds:REQUIRED']);
    expect(fields({ wasPolicyFeedbackProvided: true, policyFeedbackNotes: 'n', policyAreaIds: ['p'], policyIssueTypeIds: ['t'] })).toEqual([]);
    expect(fields({ policyFeedbackNotes: 'n', policyAreaIds: ['p'], policyIssueTypeIds: ['t'] })).toEqual([
      'policyFeedbackNotes:ONLY_WITH_POLICY_FEEDBACK',
      'policyAreaIds:ONLY_WITH_POLICY_FEEDBACK',
      'policyIssueTypeIds:ONLY_WITH_POLICY_FEEDBACK',
    ]);
    expect(fields({ wasPolicyFeedbackProvided: null })).toEqual(['wasPolicyFeedbackProvided:REQUIRED']);
  });

  it('refuses service answers without a service', () => {
    expect(fields({ status: InteractionStatus.DRAFT, serviceId: null, serviceAnswers: { q: { o: {} } } })).toEqual(['serviceAnswers:NO_SERVICE']);
  });
});

describe('checkServiceAnswers', () => {
  const questions: ServiceQuestion[] = [
    { id: 'q1', name: 'Q1', disabled: false, options: [{ id: 'o1', disabled: false }, { id: 'o2', disabled: true }] },
    { id: 'q2', name: 'Q2', disabled: false, options: [{ id: 'o3', disabled: false }] },
    { id: 'q3', name: 'Old', disabled: true, options: [{ id: 'o4', disabled: false }] },
  ];
  const answers = (value: unknown, kept?: any) => issuesOf((issues) => checkServiceAnswers(value, questions, issues, kept));

  it('accepts one enabled option for each enabled question', () => {
    expect(answers({ q1: { o1: {} }, q2: { o3: {} } })).toEqual([]);
  });

  it('wants every enabled question answered', () => {
    expect(answers({ q1: { o1: {} } })).toEqual(['serviceAnswers.q2:REQUIRED']);
    expect(answers(null)).toEqual(['serviceAnswers.q1:REQUIRED', 'serviceAnswers.q2:REQUIRED']);
  });

  it('refuses questions of other services, options of other questions, and more than one option', () => {
    expect(answers({ q1: { o1: {} }, q2: { o3: {} }, qx: { o1: {} } })).toEqual(['serviceAnswers.qx:QUESTION_NOT_OF_SERVICE']);
    expect(answers({ q1: { o3: {} }, q2: { o3: {} } })).toEqual(['serviceAnswers.q1.o3:OPTION_NOT_OF_QUESTION']);
    expect(answers({ q1: {}, q2: { o3: {} } })).toEqual(['serviceAnswers.q1:ONE_ANSWER_ONLY']);
    expect(answers({ q1: { o1: {}, o2: {} }, q2: { o3: {} } }, { q1: { o2: {} } })).toEqual(['serviceAnswers.q1:ONE_ANSWER_ONLY']);
  });

  it('refuses disabled questions and options unless already stored', () => {
    expect(answers({ q1: { o2: {} }, q2: { o3: {} } })).toEqual(['serviceAnswers.q1.o2:DISABLED']);
    expect(answers({ q1: { o2: {} }, q2: { o3: {} } }, { q1: { o2: {} } })).toEqual([]);
    expect(answers({ q1: { o1: {} }, q2: { o3: {} }, q3: { o4: {} } })).toEqual(['serviceAnswers.q3:DISABLED']);
  });

  it('refuses anything but an object of objects', () => {
    expect(answers([1])).toEqual(['serviceAnswers:INVALID_SERVICE_ANSWERS']);
    expect(answers({ q1: 'o1' })).toEqual(['serviceAnswers:INVALID_SERVICE_ANSWERS']);
  });

  it('compares answers whatever the key order', () => {
    expect(sameAnswers({ a: { x: {} }, b: { y: {} } }, { b: { y: {} }, a: { x: {} } })).toBe(true);
    expect(sameAnswers({ a: { x: {} } }, { a: { y: {} } })).toBe(false);
    expect(sameAnswers(null, undefined)).toBe(true);
  });
});
