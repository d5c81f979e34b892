import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { counts, createCompany, createContact, refId } from '../helpers/factories.js';

let app: TestApp;

/** Seeded reference rows and the records every test builds on. */
const ref: Record<string, string> = {};
let companyId: string;
let contactId: string;
let otherCompanyId: string;
let otherContactId: string;
let adviserId: string;

const LEAF_SERVICE = `disabled_on is null
  and not exists (select 1 from metadata_service c where c.parent_id = metadata_service.id)
  and not exists (select 1 from metadata_service_question q where q.service_id = metadata_service.id)`;

beforeAll(async () => {
  app = await createTestApp();
  ref.channel = await refId(app, 'metadata_communication_channel');
  ref.disabledChannel = await refId(app, 'metadata_communication_channel', 'disabled_on is not null');
  ref.service = await refId(app, 'metadata_service', LEAF_SERVICE);
  ref.otherService = await refId(app, 'metadata_service', `${LEAF_SERVICE} and id <> '${ref.service}'`);
  // Services offered for service deliveries, and for interactions of the other theme (their `contexts`).
  ref.deliveryService = await refId(app, 'metadata_service', `${LEAF_SERVICE} and contexts && array['service_delivery', 'export_service_delivery', 'other_service_delivery']`);
  ref.otherThemeService = await refId(app, 'metadata_service', `${LEAF_SERVICE} and 'other_interaction' = any(contexts)`);
  ref.disabledService = await refId(app, 'metadata_service', 'disabled_on is not null');
  ref.parentService = await refId(app, 'metadata_service', 'disabled_on is null and exists (select 1 from metadata_service c where c.parent_id = metadata_service.id)');
  ref.policyArea = await refId(app, 'metadata_policy_area');
  ref.disabledPolicyArea = await refId(app, 'metadata_policy_area', 'disabled_on is not null');
  ref.policyIssueType = await refId(app, 'metadata_policy_issue_type');
  ref.deliveryStatus = await refId(app, 'metadata_service_delivery_status');
  ref.team = await refId(app, 'metadata_team');
  ref.otherTeam = await refId(app, 'metadata_team', `disabled_on is null and id <> '${ref.team}'`);

  companyId = (await createCompany(app)).id;
  contactId = (await createContact(app, companyId)).id;
  otherCompanyId = (await createCompany(app)).id;
  otherContactId = (await createContact(app, otherCompanyId)).id;
  adviserId = await newAdviser(ref.team);
});
afterAll(() => app?.close());

let advisers = 0;
async function newAdviser(teamId: string | null): Promise<string> {
  const n = ++advisers;
  return (await createAdviser(app.orm.em.fork(), { email: `adviser${n}@test.example`, name: `Adviser Number${n}`, teamId })).id;
}

const FIELDS = `id kind status theme date subject notes serviceAnswers grantAmountOffered netCompanyReceipt
  wasPolicyFeedbackProvided policyFeedbackNotes archived createdBy { email } modifiedBy { email }
  company { id } companies { id } contacts { id } participants { adviser { id } team { id } }
  service { id } communicationChannel { id } serviceDeliveryStatus { id } policyAreas { id } policyIssueTypes { id }`;
const CREATE = `mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $input: InteractionUpdateInput!) { updateInteraction(id: $id, input: $input) { ${FIELDS} } }`;

/** A valid complete interaction with the test company; overrides replace fields (undefined drops one). */
function input(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'INTERACTION',
    date: '2026-01-15',
    subject: 'Export advice',
    companyId,
    contactIds: [contactId],
    participants: [{ adviserId }],
    serviceId: ref.service,
    communicationChannelId: ref.channel,
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  const res = await app.gql(CREATE, { input: input(overrides) });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.createInteraction;
}

const TABLES = ['interaction', 'interaction_contact', 'interaction_dit_participant', 'interaction_company', 'interaction_policy_area', 'interaction_policy_issue_type'];

/** Every row of the interaction tables, so "nothing written" covers changed rows as well as counts. */
async function snapshot() {
  const rows: Record<string, unknown> = {};
  for (const t of TABLES) rows[t] = await app.sql(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`);
  return { counts: await counts(app, TABLES), rows };
}

/** Runs a write that must be refused: returns the first error after checking the database is unchanged. */
async function refused(query: string, variables: Record<string, unknown>) {
  const before = await snapshot();
  const res = await app.gql(query, variables);
  expect(res.status).toBeLessThan(500);
  expect(res.body.errors, JSON.stringify(res.body)).toBeDefined();
  expect(res.body.data?.createInteraction ?? res.body.data?.updateInteraction ?? null).toBeNull();
  expect(await snapshot()).toEqual(before);
  return res.body.errors[0];
}

const refuseCreate = (overrides: Record<string, unknown>) => refused(CREATE, { input: input(overrides) });
const refuseUpdate = (id: string, changes: Record<string, unknown>) => refused(UPDATE, { id, input: changes });

describe('creating an interaction', () => {
  it('stores it with its links: companies mirror the company, participants get the adviser\'s team', async () => {
    const i = await create({ theme: 'EXPORT', wereCountriesDiscussed: false, notes: 'n'.repeat(10_000) });
    expect(i).toMatchObject({
      kind: 'INTERACTION',
      status: 'COMPLETE',
      theme: 'EXPORT',
      date: '2026-01-15',
      subject: 'Export advice',
      wasPolicyFeedbackProvided: false,
      archived: false,
      createdBy: { email: 'admin@test.example' },
      company: { id: companyId },
      companies: [{ id: companyId }],
      contacts: [{ id: contactId }],
      participants: [{ adviser: { id: adviserId }, team: { id: ref.team } }],
      service: { id: ref.service },
      communicationChannel: { id: ref.channel },
      policyAreas: [],
    });
    expect(i.notes).toHaveLength(10_000);
    const [row] = await app.sql('select kind, status, company_id from interaction where id = ?', [i.id]);
    expect(row).toEqual({ kind: 'interaction', status: 'complete', company_id: companyId });
  });

  it('records a service delivery with its status and grant amounts', async () => {
    const i = await create({ kind: 'SERVICE_DELIVERY', serviceId: ref.deliveryService, communicationChannelId: null, serviceDeliveryStatusId: ref.deliveryStatus, grantAmountOffered: 1234.5, netCompanyReceipt: 0 });
    expect(i).toMatchObject({ kind: 'SERVICE_DELIVERY', serviceDeliveryStatus: { id: ref.deliveryStatus }, grantAmountOffered: 1234.5, netCompanyReceipt: 0, communicationChannel: null });
  });

  it('records policy feedback with notes, areas and issue types', async () => {
    const i = await create({ wasPolicyFeedbackProvided: true, policyFeedbackNotes: 'Tariffs hurt', policyAreaIds: [ref.policyArea], policyIssueTypeIds: [ref.policyIssueType] });
    expect(i).toMatchObject({ wasPolicyFeedbackProvided: true, policyFeedbackNotes: 'Tariffs hurt', policyAreas: [{ id: ref.policyArea }], policyIssueTypes: [{ id: ref.policyIssueType }] });
  });

  it('takes a draft without service or channel', async () => {
    const i = await create({ status: 'DRAFT', serviceId: null, communicationChannelId: null });
    expect(i).toMatchObject({ status: 'DRAFT', service: null, communicationChannel: null });
  });
});

describe('required fields', () => {
  it('requires the kind', async () => {
    const e = await refused(CREATE, { input: input({ kind: undefined }) });
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    const i = await create();
    const e2 = await refuseUpdate(i.id, { kind: null });
    expect(e2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['kind'], reason: 'REQUIRED' });
  });

  it('requires a subject of at most 255 characters', async () => {
    const e = await refuseCreate({ subject: '   ' });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['subject'], reason: 'REQUIRED' });
    const e2 = await refuseCreate({ subject: 's'.repeat(256) });
    expect(e2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['subject'], reason: 'TOO_LONG' });
  });

  it('requires a date', async () => {
    const i = await create();
    const e = await refuseUpdate(i.id, { date: null });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['date'], reason: 'REQUIRED' });
  });

  it('limits notes to 10,000 characters', async () => {
    const e = await refuseCreate({ notes: 'n'.repeat(10_001) });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['notes'], reason: 'TOO_LONG' });
  });

  it('requires a company that exists and is not archived', async () => {
    const e = await refuseCreate({ companyId: randomUUID() });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['companyId'], reason: 'NOT_FOUND' });
    const i = await create();
    const e2 = await refuseUpdate(i.id, { companyId: null });
    expect(e2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['companyIds'], reason: 'REQUIRED' });

    const archived = (await createCompany(app)).id;
    const archivedContact = (await createContact(app, archived)).id;
    const res = await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Closed") { archived } }', { id: archived });
    expect(res.body.data?.archiveCompany?.archived, JSON.stringify(res.body)).toBe(true);
    const e3 = await refuseCreate({ companyId: archived, contactIds: [archivedContact] });
    expect(e3.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['companyId'], reason: 'COMPANY_ARCHIVED' });
  });

  it('requires at least one contact, all of the company', async () => {
    const e = await refuseCreate({ contactIds: [] });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['contactIds'], reason: 'REQUIRED' });
    const e2 = await refuseCreate({ contactIds: [contactId, otherContactId] });
    expect(e2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['contactIds', '1'], reason: 'CONTACT_NOT_OF_COMPANY' });
    const e3 = await refuseCreate({ contactIds: [randomUUID()] });
    expect(e3.extensions).toMatchObject({ field: ['contactIds', '0'], reason: 'NOT_FOUND' });
  });

  it('requires at least one participating adviser that exists', async () => {
    const e = await refuseCreate({ participants: [] });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['participants'], reason: 'REQUIRED' });
    const e2 = await refuseCreate({ participants: [{ adviserId }, { adviserId: randomUUID() }] });
    expect(e2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['participants', '1', 'adviserId'], reason: 'NOT_FOUND' });
  });
});

describe('status and theme', () => {
  it('lets a draft become complete, never the reverse', async () => {
    const draft = await create({ status: 'DRAFT', serviceId: null, communicationChannelId: null });
    const done = await app.gql(UPDATE, { id: draft.id, input: { status: 'COMPLETE', serviceId: ref.service, communicationChannelId: ref.channel } });
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data.updateInteraction).toMatchObject({ status: 'COMPLETE', modifiedBy: { email: 'admin@test.example' } });
    const e = await refuseUpdate(draft.id, { status: 'DRAFT' });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['status'], reason: 'COMPLETE_TO_DRAFT' });
  });

  it('needs a service when complete, and a channel for a complete interaction', async () => {
    const e = await refuseCreate({ serviceId: null });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['serviceId'], reason: 'REQUIRED_WHEN_COMPLETE' });
    const e2 = await refuseCreate({ communicationChannelId: null });
    expect(e2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['communicationChannelId'], reason: 'REQUIRED_WHEN_COMPLETE' });
    const draft = await create({ status: 'DRAFT', serviceId: null, communicationChannelId: null });
    const e3 = await refuseUpdate(draft.id, { status: 'COMPLETE', communicationChannelId: ref.channel });
    expect(e3.extensions).toMatchObject({ field: ['serviceId'], reason: 'REQUIRED_WHEN_COMPLETE' });
  });

  it('never clears a theme once set, but changes it', async () => {
    const i = await create({ theme: 'EXPORT', wereCountriesDiscussed: false });
    const e = await refuseUpdate(i.id, { theme: null });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['theme'], reason: 'THEME_CANNOT_BE_CLEARED' });
    const res = await app.gql(UPDATE, { id: i.id, input: { theme: 'OTHER', serviceId: ref.otherThemeService } });
    expect(res.body.data.updateInteraction.theme).toBe('OTHER');
  });

  it('keeps the investment theme to interactions', async () => {
    const e = await refuseCreate({ kind: 'SERVICE_DELIVERY', communicationChannelId: null, theme: 'INVESTMENT' });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['theme'], reason: 'INVESTMENT_NEEDS_INTERACTION' });
  });
});

describe('kind-specific fields', () => {
  it('gives a communication channel only to interactions', async () => {
    const e = await refuseCreate({ kind: 'SERVICE_DELIVERY' });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['communicationChannelId'], reason: 'CHANNEL_ONLY_FOR_INTERACTION' });
  });

  it('gives a service delivery status and grant amounts only to service deliveries', async () => {
    const e = await refuseCreate({ serviceDeliveryStatusId: ref.deliveryStatus });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['serviceDeliveryStatusId'], reason: 'ONLY_FOR_SERVICE_DELIVERY' });
    const e2 = await refuseCreate({ grantAmountOffered: 100 });
    expect(e2.extensions).toMatchObject({ field: ['grantAmountOffered'], reason: 'ONLY_FOR_SERVICE_DELIVERY' });
    const e3 = await refuseCreate({ netCompanyReceipt: 100 });
    expect(e3.extensions).toMatchObject({ field: ['netCompanyReceipt'], reason: 'ONLY_FOR_SERVICE_DELIVERY' });
  });
});

describe('policy feedback', () => {
  const feedback = { wasPolicyFeedbackProvided: true, policyFeedbackNotes: 'Notes', policyAreaIds: [] as string[], policyIssueTypeIds: [] as string[] };

  it('needs notes, an area and an issue type when provided', async () => {
    const e = await refuseCreate({ ...feedback, policyFeedbackNotes: ' ', policyAreaIds: [ref.policyArea], policyIssueTypeIds: [ref.policyIssueType] });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['policyFeedbackNotes'], reason: 'REQUIRED' });
    const e2 = await refuseCreate({ ...feedback, policyIssueTypeIds: [ref.policyIssueType] });
    expect(e2.extensions).toMatchObject({ field: ['policyAreaIds'], reason: 'REQUIRED' });
    const e3 = await refuseCreate({ ...feedback, policyAreaIds: [ref.policyArea] });
    expect(e3.extensions).toMatchObject({ field: ['policyIssueTypeIds'], reason: 'REQUIRED' });
  });

  it('takes none of them when not provided', async () => {
    const e = await refuseCreate({ policyFeedbackNotes: 'Notes' });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['policyFeedbackNotes'], reason: 'ONLY_WITH_POLICY_FEEDBACK' });
    const e2 = await refuseCreate({ wasPolicyFeedbackProvided: false, policyAreaIds: [ref.policyArea] });
    expect(e2.extensions).toMatchObject({ field: ['policyAreaIds'], reason: 'ONLY_WITH_POLICY_FEEDBACK' });
    const i = await create({ wasPolicyFeedbackProvided: true, policyFeedbackNotes: 'N', policyAreaIds: [ref.policyArea], policyIssueTypeIds: [ref.policyIssueType] });
    const e3 = await refuseUpdate(i.id, { wasPolicyFeedbackProvided: false });
    expect(e3.extensions).toMatchObject({ field: ['policyFeedbackNotes'], reason: 'ONLY_WITH_POLICY_FEEDBACK' });
  });
});

describe('reference rows', () => {
  it('refuses a non-leaf, unknown or disabled service', async () => {
    const e = await refuseCreate({ serviceId: ref.parentService });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['serviceId'], reason: 'SERVICE_NOT_LEAF' });
    const e2 = await refuseCreate({ serviceId: randomUUID() });
    expect(e2.extensions).toMatchObject({ field: ['serviceId'], reason: 'NOT_FOUND' });
    const e3 = await refuseCreate({ serviceId: ref.disabledService });
    expect(e3.extensions).toMatchObject({ field: ['serviceId'], reason: 'DISABLED' });
  });

  it('refuses a disabled communication channel and policy area for new values', async () => {
    const e = await refuseCreate({ communicationChannelId: ref.disabledChannel });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['communicationChannelId'], reason: 'DISABLED' });
    const e2 = await refuseCreate({ wasPolicyFeedbackProvided: true, policyFeedbackNotes: 'N', policyAreaIds: [ref.policyArea, ref.disabledPolicyArea], policyIssueTypeIds: [ref.policyIssueType] });
    expect(e2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['policyAreaIds', '1'], reason: 'DISABLED' });
  });

  it('keeps a service that was disabled after it was chosen', async () => {
    const i = await create({ serviceId: ref.otherService });
    await app.sql('update metadata_service set disabled_on = now() where id = ?', [ref.otherService]);
    try {
      const res = await app.gql(UPDATE, { id: i.id, input: { subject: 'Still the same service' } });
      expect(res.body.errors).toBeUndefined();
      const other = await create();
      const e = await refuseUpdate(other.id, { serviceId: ref.otherService });
      expect(e.extensions).toMatchObject({ field: ['serviceId'], reason: 'DISABLED' });
    } finally {
      await app.sql('update metadata_service set disabled_on = null where id = ?', [ref.otherService]);
    }
  });
});

describe('service answers', () => {
  let serviceId: string;
  let questionId: string;
  let optionId: string;
  let foreignOptionId: string;
  beforeAll(async () => {
    const [q] = await app.sql(`select q.id, q.service_id from metadata_service_question q join metadata_service s on s.id = q.service_id
                                where q.disabled_on is null and s.disabled_on is null order by q.id limit 1`);
    [serviceId, questionId] = [q.service_id, q.id];
    optionId = (await app.sql('select id from metadata_service_answer_option where question_id = ? and disabled_on is null order by id limit 1', [questionId]))[0].id;
    foreignOptionId = (await app.sql('select id from metadata_service_answer_option where question_id <> ? order by id limit 1', [questionId]))[0].id;
  });

  it('stores one option for each question of the service', async () => {
    const i = await create({ serviceId, serviceAnswers: { [questionId]: { [optionId]: { ignored: true } } } });
    expect(i.serviceAnswers).toEqual({ [questionId]: { [optionId]: {} } });
  });

  it('drops the answers when the service changes without new ones', async () => {
    const i = await create({ serviceId, serviceAnswers: { [questionId]: { [optionId]: {} } } });
    const res = await app.gql(UPDATE, { id: i.id, input: { serviceId: ref.service } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateInteraction).toMatchObject({ service: { id: ref.service }, serviceAnswers: null });
    const e = await refuseUpdate(i.id, { serviceId });
    expect(e.extensions).toMatchObject({ field: ['serviceAnswers', questionId], reason: 'REQUIRED' });
  });

  it('requires every question answered', async () => {
    const e = await refuseCreate({ serviceId });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['serviceAnswers', questionId], reason: 'REQUIRED' });
  });

  it('refuses a question of another service, an option of another question, and two options', async () => {
    const e = await refuseCreate({ serviceId: ref.service, serviceAnswers: { [questionId]: { [optionId]: {} } } });
    expect(e.extensions).toMatchObject({ field: ['serviceAnswers', questionId], reason: 'QUESTION_NOT_OF_SERVICE' });
    const e2 = await refuseCreate({ serviceId, serviceAnswers: { [questionId]: { [foreignOptionId]: {} } } });
    expect(e2.extensions).toMatchObject({ field: ['serviceAnswers', questionId, foreignOptionId], reason: 'OPTION_NOT_OF_QUESTION' });
    const e3 = await refuseCreate({ serviceId, serviceAnswers: { [questionId]: { [optionId]: {}, [foreignOptionId]: {} } } });
    expect(e3.extensions).toMatchObject({ field: ['serviceAnswers', questionId], reason: 'ONE_ANSWER_ONLY' });
  });

  it('refuses answers that are not an object of objects, or without a service', async () => {
    const e = await refuseCreate({ serviceId, serviceAnswers: [questionId] });
    expect(e.extensions).toMatchObject({ field: ['serviceAnswers'], reason: 'INVALID_SERVICE_ANSWERS' });
    const e2 = await refuseCreate({ status: 'DRAFT', serviceId: null, serviceAnswers: { [questionId]: { [optionId]: {} } } });
    expect(e2.extensions).toMatchObject({ field: ['serviceAnswers'], reason: 'NO_SERVICE' });
  });
});

describe('updating an interaction', () => {
  it('keeps a kept participant\'s team and copies the current team for a new one', async () => {
    const moving = await newAdviser(ref.team);
    const i = await create({ participants: [{ adviserId: moving }] });
    await app.sql('update adviser set dit_team_id = ? where id = ?', [ref.otherTeam, moving]);
    const newcomer = await newAdviser(null);
    const res = await app.gql(UPDATE, { id: i.id, input: { participants: [{ adviserId: moving }, { adviserId: newcomer }, { adviserId: newcomer }] } });
    expect(res.body.errors).toBeUndefined();
    const teams = Object.fromEntries(res.body.data.updateInteraction.participants.map((p: any) => [p.adviser.id, p.team?.id ?? null]));
    expect(teams).toEqual({ [moving]: ref.team, [newcomer]: null });

    const later = await newAdviser(ref.otherTeam);
    const res2 = await app.gql(UPDATE, { id: i.id, input: { participants: [{ adviserId: later }] } });
    expect(res2.body.data.updateInteraction.participants).toEqual([{ adviser: { id: later }, team: { id: ref.otherTeam } }]);
    expect(await app.sql('select adviser_id from interaction_dit_participant where interaction_id = ?', [i.id])).toEqual([{ adviser_id: later }]);
  });

  it('moves to another company with its contacts, mirrored in companies', async () => {
    const i = await create();
    const e = await refuseUpdate(i.id, { companyId: otherCompanyId });
    expect(e.extensions).toMatchObject({ field: ['contactIds', '0'], reason: 'CONTACT_NOT_OF_COMPANY' });
    const res = await app.gql(UPDATE, { id: i.id, input: { companyId: otherCompanyId, contactIds: [otherContactId] } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateInteraction).toMatchObject({ company: { id: otherCompanyId }, companies: [{ id: otherCompanyId }], contacts: [{ id: otherContactId }] });
    expect(await app.sql('select company_id from interaction_company where interaction_id = ?', [i.id])).toEqual([{ company_id: otherCompanyId }]);
  });

  it('changes only the fields given and clears those given as null', async () => {
    const i = await create({ notes: 'Some notes', theme: 'EXPORT', wereCountriesDiscussed: false });
    const res = await app.gql(UPDATE, { id: i.id, input: { notes: null, subject: ' New subject ' } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateInteraction).toMatchObject({ notes: null, subject: 'New subject', theme: 'EXPORT', contacts: [{ id: contactId }] });
  });

  it('refuses to change an archived interaction', async () => {
    const i = await create();
    await app.sql('update interaction set archived = true, archived_on = now(), archived_reason = ? where id = ?', ['Duplicate', i.id]);
    const e = await refuseUpdate(i.id, { subject: 'Changed' });
    expect(e.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ARCHIVED_READ_ONLY' });
  });

  it('says NOT_FOUND for an unknown interaction', async () => {
    const e = await refuseUpdate(randomUUID(), { subject: 'x' });
    expect(e.extensions.code).toBe('NOT_FOUND');
  });
});

describe('malformed input', () => {
  it('refuses an invalid UUID', async () => {
    const e = await refuseCreate({ companyId: 'not-a-uuid' });
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    const e2 = await refuseCreate({ contactIds: ['1234'] });
    expect(e2.extensions.code).toBe('BAD_USER_INPUT');
    const res = await app.gql('query($id: UUID!) { interaction(id: $id) { id } }', { id: 'nope' });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // In the query text itself, a bad literal fails validation before anything runs.
    const literal = await app.gql('{ interaction(id: "nope") { id } }');
    expect(literal.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses values of the wrong type', async () => {
    for (const overrides of [{ subject: 42 }, { kind: 'MEETING' }, { date: '2026-02-30' }, { grantAmountOffered: 'lots' }, { contactIds: [42] }, { participants: [adviserId] }, { wasPolicyFeedbackProvided: 'yes' }]) {
      const e = await refuseCreate(overrides);
      expect(e.extensions.code, JSON.stringify(overrides)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('reading interactions', () => {
  let company: string;
  let contactA: string;
  let contactB: string;
  beforeAll(async () => {
    company = (await createCompany(app)).id;
    contactA = (await createContact(app, company)).id;
    contactB = (await createContact(app, company)).id;
    const base = { companyId: company, contactIds: [contactA] };
    await create({ ...base, date: '2025-03-01', subject: 'First' });
    await create({ ...base, date: '2025-06-01', subject: 'Second', contactIds: [contactA, contactB] });
    await create({ ...base, date: '2025-09-01', subject: 'Third', kind: 'SERVICE_DELIVERY', serviceId: ref.deliveryService, communicationChannelId: null, serviceDeliveryStatusId: ref.deliveryStatus });
    const feedback = { wasPolicyFeedbackProvided: true, policyFeedbackNotes: 'N', policyAreaIds: [ref.policyArea], policyIssueTypeIds: [ref.policyIssueType] };
    const archived = await create({ ...base, ...feedback, date: '2025-12-01', subject: 'Archived' });
    await app.sql('update interaction set archived = true where id = ?', [archived.id]);
  });

  it('finds one by id, and NOT_FOUND for an unknown id', async () => {
    const [row] = await app.sql('select id from interaction where subject = ?', ['Second']);
    const res = await app.gql('query($id: UUID!) { interaction(id: $id) { subject contacts { id } } }', { id: row.id });
    expect(res.body.data.interaction).toEqual({ subject: 'Second', contacts: expect.arrayContaining([{ id: contactA }, { id: contactB }]) });
    const missing = await app.gql('query($id: UUID!) { interaction(id: $id) { id } }', { id: randomUUID() });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('lists, filters by enum and orders, latest first by default', async () => {
    const res = await app.gql(`query($c: UUID!) {
      all: interactions(filter: { companyId: { eq: $c } }) { totalCount edges { node { subject } } }
      deliveries: interactions(filter: { companyId: { eq: $c }, kind: { eq: SERVICE_DELIVERY } }) { edges { node { subject kind } } }
      oldest: interactions(filter: { companyId: { eq: $c }, archived: { eq: false } }, orderBy: [{ field: DATE, direction: ASC }], first: 1) { edges { node { subject } } }
    }`, { c: company });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.all.edges.map((e: any) => e.node.subject)).toEqual(['Archived', 'Third', 'Second', 'First']);
    expect(res.body.data.all.totalCount).toBe(4);
    expect(res.body.data.deliveries.edges).toEqual([{ node: { subject: 'Third', kind: 'SERVICE_DELIVERY' } }]);
    expect(res.body.data.oldest.edges).toEqual([{ node: { subject: 'First' } }]);
  });

  it('gives a company its interactions, paged, and its latest interaction date', async () => {
    const page1 = await app.gql('query($id: UUID!) { company(id: $id) { latestInteractionDate interactions(first: 2) { totalCount edges { node { subject } } pageInfo { hasNextPage endCursor } } } }', { id: company });
    expect(page1.body.errors).toBeUndefined();
    const c = page1.body.data.company;
    expect(c.latestInteractionDate).toBe('2025-09-01');
    expect(c.interactions.totalCount).toBe(4);
    expect(c.interactions.edges.map((e: any) => e.node.subject)).toEqual(['Archived', 'Third']);
    const page2 = await app.gql('query($id: UUID!, $after: String) { company(id: $id) { interactions(first: 2, after: $after) { edges { node { subject } } pageInfo { hasNextPage } } } }', { id: company, after: c.interactions.pageInfo.endCursor });
    expect(page2.body.data.company.interactions.edges.map((e: any) => e.node.subject)).toEqual(['Second', 'First']);
    expect(page2.body.data.company.interactions.pageInfo.hasNextPage).toBe(false);
  });

  it('gives a contact the interactions it took part in, through the link table', async () => {
    const res = await app.gql(`query($a: UUID!, $b: UUID!) {
      a: contact(id: $a) { interactions(filter: { archived: { eq: false } }) { totalCount edges { node { subject } } } }
      b: contact(id: $b) { interactions { totalCount edges { node { subject } } } }
    }`, { a: contactA, b: contactB });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.a.interactions.edges.map((e: any) => e.node.subject)).toEqual(['Third', 'Second', 'First']);
    expect(res.body.data.a.interactions.totalCount).toBe(3);
    expect(res.body.data.b.interactions).toEqual({ totalCount: 1, edges: [{ node: { subject: 'Second' } }] });
  });

  it('resolves the relations of a page in a bounded number of statements', async () => {
    // The first two rows (latest first) already use every relation, so a longer page adds no statement.
    const query = `query($f: InteractionFilter, $n: Int) { interactions(filter: $f, first: $n) { edges { node { ${FIELDS}
      company { latestInteractionDate interactions(first: 1) { totalCount } } contacts { interactions(first: 1) { edges { node { id } } } } } } } }`;
    const ofCompany = { companyId: { eq: company } };
    const two = await app.gql(query, { f: ofCompany, n: 2 });
    const all = await app.gql(query, { f: ofCompany, n: 10 });
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data.interactions.edges).toHaveLength(4);
    expect(all.body.extensions.sqlStatements).toBe(two.body.extensions.sqlStatements);
    const wide = await app.gql(query, { n: 50 });
    expect(wide.body.data.interactions.edges.length).toBeGreaterThan(15);
    expect(wide.body.extensions.sqlStatements).toBeLessThanOrEqual(two.body.extensions.sqlStatements);
  });
});
