import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller, type Caller } from '../helpers/callers.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';

/**
 * An adviser's dashboard (issue 13, item 5): "my draft interactions" and the rest, asked through `viewer`
 * and the interaction filters, each in one SQL statement.
 */
let app: TestApp;
let me: Caller;
let colleague: Caller;
let companyId: string;
let contactId: string;

const CREATE = 'mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }';

async function record(by: Caller, subject: string, participants: string[], overrides: Record<string, unknown> = {}): Promise<string> {
  const input = { ...(await interactionInput(app, companyId, contactId)), subject, participants: participants.map((adviserId) => ({ adviserId })), ...overrides };
  const res = await by.gql(CREATE, { input });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.createInteraction.id;
}

const DRAFT = { status: 'DRAFT', serviceId: null, communicationChannelId: null };

beforeAll(async () => {
  app = await createTestApp();
  me = await createCaller(app, { teamRole: 'International Trade Team', name: 'Dash Board' });
  colleague = await createCaller(app, { teamRole: 'International Trade Team', name: 'Col League' });
  companyId = (await createCompany(app)).id;
  contactId = (await createContact(app, companyId)).id;
  // Mine: a draft I recorded alone, a complete one, and a draft a colleague recorded with me taking part.
  await record(me, 'My draft', [me.id], { ...DRAFT, date: '2026-02-01' });
  await record(me, 'My complete one', [me.id], { date: '2026-02-02' });
  await record(colleague, 'Their draft with me', [colleague.id, me.id], { ...DRAFT, date: '2026-02-03' });
  // Not mine: a colleague's draft without me.
  await record(colleague, 'Their own draft', [colleague.id], { ...DRAFT, date: '2026-02-04' });
});
afterAll(() => app?.close());

const subjects = (connection: any) => connection.edges.map((e: any) => e.node.subject);

describe("the viewer's interactions", () => {
  const MY_DRAFTS = `{ viewer { adviser { id name interactions(filter: { status: { eq: DRAFT } }) {
    totalCount edges { node { subject status participants { adviser { id } } company { id } } } } } } }`;

  it('lists the drafts the viewer takes part in, latest first, in one statement', async () => {
    await me.gql('{ viewer { isSuperuser } }'); // the token's lookup is cached from here on
    const res = await me.gql(MY_DRAFTS);
    expect(res.body.errors).toBeUndefined();
    const { adviser } = res.body.data.viewer;
    expect(adviser).toMatchObject({ id: me.id, name: 'Dash Board' });
    expect(subjects(adviser.interactions)).toEqual(['Their draft with me', 'My draft']);
    expect(adviser.interactions.totalCount).toBe(2);
    expect(adviser.interactions.edges[0].node).toMatchObject({ status: 'DRAFT', participants: expect.arrayContaining([{ adviser: { id: me.id } }]), company: { id: companyId } });
    expect(res.body.extensions.sqlStatements).toBe(1);
  });

  it('pages backward and forward through them like any connection', async () => {
    const first = await me.gql('{ viewer { adviser { interactions(first: 2) { edges { node { subject } } pageInfo { hasNextPage endCursor } } } } }');
    const page = first.body.data.viewer.adviser.interactions;
    expect(subjects(page)).toEqual(['Their draft with me', 'My complete one']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await me.gql('query($after: String) { viewer { adviser { interactions(first: 2, after: $after) { edges { node { subject } } } } } }', { after: page.pageInfo.endCursor });
    expect(subjects(next.body.data.viewer.adviser.interactions)).toEqual(['My draft']);
    const last = await me.gql('{ viewer { adviser { interactions(last: 1) { edges { node { subject } } } } } }');
    expect(subjects(last.body.data.viewer.adviser.interactions)).toEqual(['My draft']);
  });

  it("gives any adviser's interactions through adviser(id), in the adviser's statement", async () => {
    const res = await app.gql('query($id: UUID!) { adviser(id: $id) { interactions(orderBy: [{ field: SUBJECT, direction: ASC }]) { totalCount edges { node { subject } } } } }', {
      id: colleague.id,
    });
    expect(res.body.errors).toBeUndefined();
    expect(subjects(res.body.data.adviser.interactions)).toEqual(['Their draft with me', 'Their own draft']);
    expect(res.body.extensions.sqlStatements).toBe(1);
  });

  it('refuses the list, and only it, to a caller who may not read interactions', async () => {
    const noGroups = await createCaller(app, { name: 'No Groups' });
    const res = await noGroups.gql('{ viewer { adviser { id interactions { totalCount } } } }');
    expect(res.body.data.viewer.adviser).toEqual({ id: noGroups.id, interactions: null });
    expect(res.body.errors[0]).toMatchObject({ path: ['viewer', 'adviser', 'interactions'], extensions: { code: 'FORBIDDEN' } });
  });

  it('is null with a FORBIDDEN error for a partner API client, and the other fields still answer', async () => {
    const client = await createClientCaller(app, { scopes: ['metadata'] });
    const res = await client.gql('{ viewer { adviser { id } } countries { id } }');
    expect(res.body.data.viewer, JSON.stringify(res.body)).toBeNull();
    expect(res.body.data.countries.length).toBeGreaterThan(0);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['viewer'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });
});

describe('InteractionFilter', () => {
  it('filters on the creator: the drafts I recorded', async () => {
    const res = await me.gql('query($me: UUID!) { interactions(filter: { createdById: { eq: $me }, status: { eq: DRAFT } }) { totalCount edges { node { subject } } } }', { me: me.id });
    expect(res.body.errors).toBeUndefined();
    expect(subjects(res.body.data.interactions)).toEqual(['My draft']);
  });

  it('filters on the status, and on the creator with in and not', async () => {
    const res = await me.gql(
      `query($me: UUID!, $them: UUID!) {
        complete: interactions(filter: { status: { eq: COMPLETE }, createdById: { in: [$me, $them] } }) { edges { node { subject } } }
        notMine: interactions(filter: { not: { createdById: { eq: $me } } }) { edges { node { subject } } }
      }`,
      { me: me.id, them: colleague.id },
    );
    expect(res.body.errors).toBeUndefined();
    expect(subjects(res.body.data.complete)).toEqual(['My complete one']);
    expect(subjects(res.body.data.notMine)).toEqual(['Their own draft', 'Their draft with me']);
  });

  it('filters on the participants: an interaction any of whose advisers is given', async () => {
    const res = await me.gql(
      `query($me: UUID!, $them: UUID!) {
        mine: interactions(filter: { participantAdviserId: { eq: $me }, status: { eq: DRAFT } }) { totalCount edges { node { subject } } }
        either: interactions(filter: { participantAdviserId: { in: [$me, $them] } }) { totalCount }
        withoutMe: interactions(filter: { participantAdviserId: { ne: $me } }) { edges { node { subject } } }
        nobody: interactions(filter: { participantAdviserId: { isNull: true } }) { totalCount }
      }`,
      { me: me.id, them: colleague.id },
    );
    expect(res.body.errors).toBeUndefined();
    expect(subjects(res.body.data.mine)).toEqual(['Their draft with me', 'My draft']);
    expect(res.body.data.either.totalCount).toBe(4);
    expect(subjects(res.body.data.withoutMe)).toEqual(['Their own draft']);
    expect(res.body.data.nobody.totalCount).toBe(0);
  });

  it('filters a company page on its participants in the company statement', async () => {
    const res = await me.gql('query($c: UUID!, $me: UUID!) { company(id: $c) { interactions(filter: { participantAdviserId: { eq: $me } }) { totalCount } } }', { c: companyId, me: me.id });
    expect(res.body.data.company.interactions.totalCount).toBe(3);
    expect(res.body.extensions.sqlStatements).toBe(1);
  });
});
