import { describe, expect, it } from 'vitest';
import { InteractionKind, InteractionStatus, InteractionTheme } from '../../src/modules/interaction/interaction.entity.js';
import { questionsFrom } from '../../src/modules/interaction/interaction.facts.js';
import {
  checkFields,
  checkLinks,
  checkServiceAnswers,
  linkReferenceIds,
  sameAnswers,
  serviceChanges,
  type InteractionState,
  type LinkFacts,
  type ServiceQuestion,
} from '../../src/modules/interaction/interaction.rules.js';
import { canAddInteraction, checkCountries, checkServiceContext, serviceContextsFor } from '../../src/modules/interaction/interaction.form-rules.js';
import { ExportCountryStatus } from '../../src/modules/company/export-country.entity.js';
import { issuesOf, referencesOf } from '../helpers/rules.js';

const valid: InteractionState = {
  kind: InteractionKind.INTERACTION,
  status: InteractionStatus.COMPLETE,
  theme: null,
  date: '2026-01-15',
  subject: 'Export advice',
  notes: null,
  companyId: 'c1',
  companyIds: ['c1'],
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
  wereCountriesDiscussed: null,
  investmentProjectId: null,
  exportCountries: [],
};

const fields = (next: Partial<InteractionState>, before?: Partial<InteractionState>) =>
  issuesOf((issues) => checkFields({ ...valid, ...next }, before && { ...valid, ...before }, issues));

describe('checkFields', () => {
  it('accepts a complete interaction with service and channel', () => {
    expect(fields({})).toEqual([]);
  });

  it('requires kind, status, date, subject, company, a contact and a participant', () => {
    expect(fields({ kind: null, status: null, date: null, subject: '  ', companyId: null, companyIds: [], contactIds: [], participantAdviserIds: [] })).toEqual([
      'kind:REQUIRED',
      'status:REQUIRED',
      'date:REQUIRED',
      'subject:REQUIRED',
      'companyIds:REQUIRED',
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

describe('checkLinks', () => {
  const references = referencesOf({
    service: [
      { id: 's1', name: 'Export advice', contexts: ['export_interaction'] },
      { id: 'parent', name: 'Trade', contexts: [] },
      { id: 'old', name: 'Old service', disabledOn: '2020-01-01T00:00:00.000Z', contexts: ['interaction'] },
    ],
    communicationChannel: [{ id: 'ch1', name: 'Email' }],
    serviceDeliveryStatus: [{ id: 'sd', name: 'Offered' }],
    policyArea: [{ id: 'p', name: 'Tax' }],
    policyIssueType: [{ id: 't', name: 'Cost' }],
  });
  /** The facts of the valid interaction: its company, contact and adviser exist; its service is a leaf without questions. */
  const facts: LinkFacts = {
    companies: new Map([['c1', { archived: false }]]),
    contacts: new Map([['k1', { companyId: 'c1' }], ['k2', { companyId: 'c2' }]]),
    advisers: new Map([['a1', { ditTeamId: 'team' }]]),
    references,
    service: { hasChildren: false, questions: [] },
    investmentProject: null,
  };
  const links = (next: Partial<InteractionState>, { before, ...given }: Partial<LinkFacts> & { before?: Partial<InteractionState> } = {}) =>
    issuesOf((issues) => checkLinks({ ...valid, ...next }, before && { ...valid, ...before }, { ...facts, ...given }, issues));

  it('accepts an interaction whose links all exist', () => {
    expect(links({})).toEqual([]);
  });

  it('wants the company to exist and, unless kept, not to be archived', () => {
    expect(links({}, { companies: new Map() })).toEqual(['companyId:NOT_FOUND']);
    expect(links({}, { companies: new Map([['c1', { archived: true }]]) })).toEqual(['companyId:COMPANY_ARCHIVED']);
    expect(links({}, { companies: new Map([['c1', { archived: true }]]), before: {} })).toEqual([]);
  });

  it('wants every contact to exist and be of the company, but says nothing of them against an unknown company', () => {
    expect(links({ contactIds: ['k1', 'x', 'k2'] })).toEqual(['contactIds.1:NOT_FOUND', 'contactIds.2:CONTACT_NOT_OF_COMPANY']);
    expect(links({ contactIds: ['k2'] }, { companies: new Map() })).toEqual(['companyId:NOT_FOUND']);
  });

  it('wants every participant to be an adviser', () => {
    expect(links({ participantAdviserIds: ['a1', 'x'] })).toEqual(['participants.1.adviserId:NOT_FOUND']);
  });

  it('checks the service when it or its answers change: enabled unless kept, and a leaf when newly chosen', () => {
    expect(links({ serviceId: 'x' })).toEqual(['serviceId:NOT_FOUND']);
    expect(links({ serviceId: 'old' })).toEqual(['serviceId:DISABLED']);
    expect(links({ serviceId: 'parent' }, { service: { hasChildren: true, questions: [] } })).toEqual(['serviceId:SERVICE_NOT_LEAF']);
    // Unchanged, it is not checked again (and its facts are not loaded).
    expect(links({ serviceId: 'old' }, { before: { serviceId: 'old' }, references: { ...references, service: undefined } })).toEqual([]);
    expect(links({ serviceId: 'parent' }, { before: { serviceId: 'parent' }, service: { hasChildren: true, questions: [] } })).toEqual([]);
  });

  it('checks the answers against the service\'s questions, keeping stored answers on an unchanged service', () => {
    const questions = [
      { id: 'q1', name: 'Q1', disabled: false, options: [{ id: 'o1', disabled: false }, { id: 'o2', disabled: true }] },
      { id: 'q2', name: 'Q2', disabled: false, options: [{ id: 'o3', disabled: false }] },
    ];
    const service = { hasChildren: false, questions };
    expect(links({}, { service })).toEqual(['serviceAnswers.q1:REQUIRED', 'serviceAnswers.q2:REQUIRED']);
    expect(links({ serviceAnswers: { q1: { o1: {} }, q2: { o3: {} } } }, { service })).toEqual([]);
    expect(links({ serviceAnswers: { q1: { o2: {} }, q2: { o3: {} } } }, { service })).toEqual(['serviceAnswers.q1.o2:DISABLED']);
    const stored = { before: { serviceAnswers: { q1: { o2: {} } } } };
    expect(links({ serviceAnswers: { q1: { o2: {} }, q2: { o3: {} } } }, { service, ...stored })).toEqual([]);
    expect(links({ serviceId: 's2', serviceAnswers: { q1: { o2: {} }, q2: { o3: {} } } }, { service, ...stored, references: { ...references, ...referencesOf({ service: [{ id: 's2', name: 'Other', contexts: ['interaction'] }] }) } })).toEqual([
      'serviceAnswers.q1.o2:DISABLED',
    ]);
  });

  it('checks the channel, the delivery status and the policy references', () => {
    expect(links({ communicationChannelId: 'x', serviceDeliveryStatusId: 'x', policyAreaIds: ['p', 'x'], policyIssueTypeIds: ['x'] })).toEqual([
      'communicationChannelId:NOT_FOUND',
      'serviceDeliveryStatusId:NOT_FOUND',
      'policyAreaIds.1:NOT_FOUND',
      'policyIssueTypeIds.0:NOT_FOUND',
    ]);
  });

  it('names the references it reads, the service only when it or its answers change', () => {
    const ids = { country: [], communicationChannel: ['ch1'], serviceDeliveryStatus: [null], policyArea: [], policyIssueType: [] };
    expect(linkReferenceIds(valid, undefined)).toEqual({ service: ['s1'], ...ids });
    expect(linkReferenceIds(valid, valid)).toEqual({ service: [], ...ids });
    expect(serviceChanges({ ...valid, serviceAnswers: { q: { o: {} } } }, valid)).toBe(true);
  });
});

describe('questionsFrom', () => {
  it('groups answer options under their question, in the service\'s order (order, then id)', () => {
    const row = (id: string, order: number, optionId: string | null) => ({ id, name: id.toUpperCase(), order, disabled: false, optionId, optionDisabled: false });
    expect(questionsFrom([row('b', 1, 'o3'), row('c', 0, null), row('a', 1, 'o1'), row('a', 1, 'o2')])).toEqual([
      { id: 'c', name: 'C', disabled: false, options: [] },
      { id: 'a', name: 'A', disabled: false, options: [{ id: 'o1', disabled: false }, { id: 'o2', disabled: false }] },
      { id: 'b', name: 'B', disabled: false, options: [{ id: 'o3', disabled: false }] },
    ]);
  });
});

describe('checkCountries (countries discussed)', () => {
  const france = { countryId: 'fr', status: ExportCountryStatus.FUTURE_INTEREST };
  const exportTheme = { theme: InteractionTheme.EXPORT, wereCountriesDiscussed: false };
  const countries = (next: Partial<InteractionState>, before?: Partial<InteractionState>) =>
    issuesOf((issues) => checkCountries({ ...valid, ...next }, before && { ...valid, ...before }, issues));

  it('asks the export and other themes whether countries were discussed, on create', () => {
    expect(countries({ theme: InteractionTheme.EXPORT })).toEqual(['wereCountriesDiscussed:REQUIRED']);
    expect(countries({ theme: InteractionTheme.OTHER })).toEqual(['wereCountriesDiscussed:REQUIRED']);
    expect(countries({ theme: InteractionTheme.EXPORT }, {})).toEqual([]);
    expect(countries(exportTheme)).toEqual([]);
  });

  it('wants countries exactly when they were discussed', () => {
    expect(countries({ ...exportTheme, wereCountriesDiscussed: true })).toEqual(['exportCountries:REQUIRED']);
    expect(countries({ ...exportTheme, wereCountriesDiscussed: true, exportCountries: [france] })).toEqual([]);
    expect(countries({ ...exportTheme, exportCountries: [france] })).toEqual(['exportCountries:ONLY_WHEN_COUNTRIES_DISCUSSED']);
  });

  it('refuses them on every other theme (investment included) and without a theme', () => {
    for (const theme of [InteractionTheme.INVESTMENT, InteractionTheme.TRADE_AGREEMENT, InteractionTheme.DOMESTIC, null]) {
      expect(countries({ theme })).toEqual([]);
      expect(countries({ theme, wereCountriesDiscussed: true, exportCountries: [france] })).toEqual(['wereCountriesDiscussed:NOT_FOR_THEME', 'exportCountries:NOT_FOR_THEME']);
    }
  });
});

describe('service contexts', () => {
  const { INTERACTION: interaction, SERVICE_DELIVERY: delivery } = InteractionKind;

  it("map the kind and theme to Data Hub's contexts", () => {
    expect(serviceContextsFor(interaction, InteractionTheme.EXPORT)).toEqual(['export_interaction']);
    expect(serviceContextsFor(delivery, InteractionTheme.EXPORT)).toEqual(['export_service_delivery']);
    expect(serviceContextsFor(interaction, InteractionTheme.INVESTMENT)).toEqual(['investment_interaction']);
    expect(serviceContextsFor(interaction, InteractionTheme.TRADE_AGREEMENT)).toEqual(['trade_agreement_interaction']);
    expect(serviceContextsFor(delivery, InteractionTheme.OTHER)).toEqual(['other_service_delivery']);
    expect(serviceContextsFor(interaction, InteractionTheme.DOMESTIC)).toEqual(['other_interaction']);
    expect(serviceContextsFor(interaction, null)).toContain('interaction');
    expect(serviceContextsFor(delivery, null)).not.toContain('export_interaction');
  });

  it('refuse a service not offered for the kind and theme, at serviceId', () => {
    const investment = { name: 'Investment enquiry', contexts: ['investment_interaction'] };
    const check = (next: Partial<InteractionState>, service: { name: string; contexts: string[] }) =>
      issuesOf((issues) => checkServiceContext({ ...valid, ...next }, service, issues));
    expect(check({ theme: InteractionTheme.EXPORT }, investment)).toEqual(['serviceId:SERVICE_NOT_FOR_CONTEXT']);
    expect(check({ theme: InteractionTheme.INVESTMENT }, investment)).toEqual([]);
    expect(check({ theme: null }, investment)).toEqual([]);
    expect(check({ kind: InteractionKind.SERVICE_DELIVERY, theme: null }, investment)).toEqual(['serviceId:SERVICE_NOT_FOR_CONTEXT']);
  });

  it('are checked again for a kept service when the theme changes', () => {
    const references = referencesOf({ service: [{ id: 's1', name: 'Export advice', contexts: ['export_interaction'] }], communicationChannel: [{ id: 'ch1', name: 'Email' }] });
    const facts: LinkFacts = { companies: new Map([['c1', { archived: false }]]), contacts: new Map([['k1', { companyId: 'c1' }]]), advisers: new Map([['a1', { ditTeamId: null }]]), references, service: { hasChildren: false, questions: [] }, investmentProject: null };
    const links = (next: Partial<InteractionState>) => issuesOf((issues) => checkLinks({ ...valid, ...next }, { ...valid, theme: InteractionTheme.EXPORT }, facts, issues));
    expect(links({ theme: InteractionTheme.EXPORT })).toEqual([]);
    expect(links({ theme: InteractionTheme.INVESTMENT })).toEqual(['serviceId:SERVICE_NOT_FOR_CONTEXT']);
  });
});

describe('companies', () => {
  const facts: LinkFacts = {
    companies: new Map([['c1', { archived: false }], ['c2', { archived: true }]]),
    contacts: new Map([['k1', { companyId: 'c1' }], ['k2', { companyId: 'c2' }], ['k3', { companyId: 'c3' }]]),
    advisers: new Map([['a1', { ditTeamId: null }]]),
    references: referencesOf({ service: [{ id: 's1', name: 'Export advice', contexts: ['export_interaction'] }], communicationChannel: [{ id: 'ch1', name: 'Email' }] }),
    service: { hasChildren: false, questions: [] },
    investmentProject: null,
  };
  const links = (next: Partial<InteractionState>, before?: Partial<InteractionState>) =>
    issuesOf((issues) => checkLinks({ ...valid, ...next }, before && { ...valid, ...before }, facts, issues, 'companyIds'));

  it('name each company at its index, contacts of any of them', () => {
    expect(links({ companyIds: ['c1', 'x'] })).toEqual(['companyIds.1:NOT_FOUND']);
    expect(links({ companyIds: ['c1', 'c2'], contactIds: ['k1', 'k2'] })).toEqual(['companyIds.1:COMPANY_ARCHIVED']);
    expect(links({ companyIds: ['c1', 'c2'], contactIds: ['k1', 'k2'] }, { companyIds: ['c1', 'c2'] })).toEqual([]);
    expect(links({ companyIds: ['c1'], contactIds: ['k1', 'k3'] })).toEqual(['contactIds.1:CONTACT_NOT_OF_COMPANY']);
  });

  it("refuse countries added to an archived company's list", () => {
    const france = { countryId: 'fr', status: ExportCountryStatus.FUTURE_INTEREST };
    const archivedFirst = { companyId: 'c2', companyIds: ['c2'], contactIds: ['k2'], exportCountries: [france] };
    const facts2 = { ...facts, references: { ...facts.references, ...referencesOf({ country: [{ id: 'fr', name: 'France' }] }) } };
    const issues = issuesOf((i) => checkLinks({ ...valid, ...archivedFirst }, { ...valid, ...archivedFirst, exportCountries: [] }, facts2, i));
    expect(issues).toEqual(['exportCountries:COMPANY_ARCHIVED']);
  });

  it('let a caller add interactions with add_all_interaction to a company that is not archived', () => {
    expect(canAddInteraction({ archived: false }, { add: true })).toBe(true);
    expect(canAddInteraction({ archived: true }, { add: true })).toBe(false);
    expect(canAddInteraction({ archived: false }, { add: false })).toBe(false);
  });
});
