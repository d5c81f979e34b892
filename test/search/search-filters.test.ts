import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller } from '../helpers/callers.js';
import { createCompany, createContact, interactionInput, REFS } from '../helpers/factories.js';

/**
 * Search filters are typed as the rest of the schema (enums, UUID) and a value that can never match is a
 * coded BAD_USER_INPUT naming it, never a silent empty result (issue 13, items 2 and 5), on whichever backend
 * this run has.
 */
let app: TestApp;
const ids: Record<string, string> = {};
const MISSING = '00000000-0000-4000-8000-000000000000';

const INTERACTIONS = `query($filter: InteractionSearchFilter) { searchInteractions(term: "Tamarisk", filter: $filter) { totalCount edges { node { id kind status } } } }`;
const found = (res: any) => res.body.data.searchInteractions.edges.map((e: any) => e.node.id).sort();

beforeAll(async () => {
  app = await createTestApp();
  ids.company = (await createCompany(app, { name: 'Tamarisk Glassworks Ltd' })).id;
  ids.archivedCompany = (await createCompany(app, { name: 'Tamarisk Old Glass Ltd' })).id;
  ids.contact = (await createContact(app, ids.company, { firstName: 'Tamsin', lastName: 'Reed' })).id;
  const create = async (extra: Record<string, unknown>) => {
    const res = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
      input: { ...(await interactionInput(app, ids.company, ids.contact)), subject: 'Tamarisk glass exports', ...extra },
    });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.createInteraction.id as string;
  };
  ids.complete = await create({});
  ids.draft = await create({ status: 'DRAFT', serviceId: null, communicationChannelId: null });
  ids.delivery = await create({ kind: 'SERVICE_DELIVERY', status: 'DRAFT', serviceId: null, communicationChannelId: null });
  await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "duplicate") { id } }', { id: ids.archivedCompany });
  await app.settleSearch();
}, 90_000);
afterAll(() => app?.close());

describe('enum filters', () => {
  it('kinds take the InteractionKind enum, as a literal or a variable of that type', async () => {
    const literal = await app.gql('{ searchInteractions(term: "Tamarisk", filter: { kinds: [SERVICE_DELIVERY] }) { totalCount edges { node { id kind } } } }');
    expect(literal.body.errors).toBeUndefined();
    expect(literal.body.data.searchInteractions.edges).toEqual([{ node: { id: ids.delivery, kind: 'SERVICE_DELIVERY' } }]);
    const variable = await app.gql('query($kinds: [InteractionKind!]) { searchInteractions(term: "Tamarisk", filter: { kinds: $kinds }) { totalCount } }', { kinds: ['INTERACTION'] });
    expect(variable.body.data.searchInteractions.totalCount).toBe(2);
  });

  it("a value that is not the enum's (the stored spelling included) is refused, not an empty result", async () => {
    const stored = await app.gql(INTERACTIONS, { filter: { kinds: ['service_delivery'] } });
    expect(stored.body.data ?? null).toBeNull();
    expect(stored.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const literal = await app.gql('{ searchInteractions(filter: { kinds: [MEETING] }) { totalCount } }');
    expect(literal.body.errors[0].extensions.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
  });

  it('statuses (InteractionStatus): my draft interactions are a search for drafts I take part in', async () => {
    const drafts = await app.gql(INTERACTIONS, { filter: { statuses: ['DRAFT'] } });
    expect(drafts.body.errors).toBeUndefined();
    expect(found(drafts)).toEqual([ids.draft, ids.delivery].sort());
    const mine = await app.gql(
      'query($me: UUID!) { searchInteractions(term: "Tamarisk", filter: { statuses: [DRAFT], kinds: [INTERACTION], adviserIds: [$me] }) { edges { node { id status } } } }',
      { me: app.adminId },
    );
    expect(mine.body.data.searchInteractions.edges).toEqual([{ node: { id: ids.draft, status: 'DRAFT' } }]);
    expect(found(await app.gql(INTERACTIONS, { filter: { statuses: ['COMPLETE'] } }))).toEqual([ids.complete]);
  });
});

describe('id filters', () => {
  it('take UUIDs: a UUID! variable is reused as is, and a malformed id is refused before any search', async () => {
    const res = await app.gql('query($id: UUID!) { company(id: $id) { id } searchContacts(filter: { companyIds: [$id] }) { edges { node { id } } } }', { id: ids.company });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.searchContacts.edges).toEqual([{ node: { id: ids.contact } }]);
    const nope = await app.gql('query($s: [UUID!]) { searchCompanies(filter: { sectorIds: $s }) { totalCount } }', { s: ['nope'] });
    expect(nope.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(nope.body.data ?? null).toBeNull();
  });

  it('an id of no reference row is refused at its place in the list, every such id at once', async () => {
    const res = await app.gql('query($filter: CompanySearchFilter) { searchCompanies(filter: $filter) { totalCount } }', {
      filter: { countryIds: [REFS.uk, MISSING], sectorIds: [MISSING] },
    });
    expect(res.body.data?.searchCompanies ?? null).toBeNull();
    // In the filter's own field order (sectors come before countries).
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['filter', 'sectorIds', '0'] });
    expect(res.body.errors[0].extensions.issues.map((i: any) => i.field)).toEqual([
      ['filter', 'sectorIds', '0'],
      ['filter', 'countryIds', '1'],
    ]);
  });

  it('each mapping checks its reference filters: services, teams, event types, UK regions, One List tiers', async () => {
    const refused = async (query: string) => (await app.gql(query, { id: MISSING })).body.errors?.[0]?.extensions;
    expect(await refused('query($id: UUID!) { searchInteractions(filter: { serviceIds: [$id] }) { totalCount } }')).toMatchObject({ reason: 'NOT_FOUND', field: ['filter', 'serviceIds', '0'] });
    expect(await refused('query($id: UUID!) { searchAdvisers(filter: { teamIds: [$id] }) { totalCount } }')).toMatchObject({ reason: 'NOT_FOUND', field: ['filter', 'teamIds', '0'] });
    expect(await refused('query($id: UUID!) { searchEvents(filter: { eventTypeIds: [$id] }) { totalCount } }')).toMatchObject({ reason: 'NOT_FOUND', field: ['filter', 'eventTypeIds', '0'] });
    expect(await refused('query($id: UUID!) { searchEvents(filter: { teamIds: [$id] }) { totalCount } }')).toMatchObject({ reason: 'NOT_FOUND', field: ['filter', 'teamIds', '0'] });
    expect(await refused('query($id: UUID!) { searchCompanies(filter: { ukRegionIds: [$id] }) { totalCount } }')).toMatchObject({ reason: 'NOT_FOUND', field: ['filter', 'ukRegionIds', '0'] });
    expect(await refused('query($id: UUID!) { searchCompanies(filter: { oneListTierIds: [$id] }) { totalCount } }')).toMatchObject({ reason: 'NOT_FOUND', field: ['filter', 'oneListTierIds', '0'] });
  });

  it('a disabled reference row is a value old records still have: accepted', async () => {
    const [{ id }] = await app.sql('select id from metadata_sector where disabled_on is not null order by id limit 1');
    const res = await app.gql('query($id: UUID!) { searchCompanies(filter: { sectorIds: [$id] }) { totalCount } }', { id });
    expect(res.body.errors).toBeUndefined();
  });

  it('record ids (companies, advisers): an id of no record is refused; for a partner, one it may not see is refused exactly alike', async () => {
    const missing = await app.gql('query($id: UUID!) { searchContacts(filter: { companyIds: [$id] }) { totalCount } }', { id: MISSING });
    expect(missing.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['filter', 'companyIds', '0'] });
    const adviser = await app.gql('query($id: UUID!) { searchInteractions(filter: { adviserIds: [$id] }) { totalCount } }', { id: MISSING });
    expect(adviser.body.errors[0].extensions).toMatchObject({ reason: 'NOT_FOUND', field: ['filter', 'adviserIds', '0'] });
    // A partner sees live companies only: the archived company answers as a missing one (its id aside).
    const partner = await createClientCaller(app, { scopes: ['contact:read', 'company:read', 'search:read'] });
    const ask = async (id: string) => partner.gql('query($id: UUID!) { searchContacts(filter: { companyIds: [$id] }) { totalCount } }', { id });
    const answer = async (id: string) => {
      const { data, errors } = (await ask(id)).body;
      return JSON.parse(JSON.stringify({ data, errors }).replaceAll(id, 'ID'));
    };
    const hidden = await answer(ids.archivedCompany);
    expect(hidden.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['filter', 'companyIds', '0'] });
    expect(hidden).toEqual(await answer(MISSING));
    expect((await ask(ids.company)).body.data.searchContacts.totalCount).toBe(1);
    // The admin sees the archived company: its id is a value like any other.
    expect((await app.gql('query($id: UUID!) { searchContacts(filter: { companyIds: [$id] }) { totalCount } }', { id: ids.archivedCompany })).body.errors).toBeUndefined();
  });

  it('a caller who may not look the records up at all gets no check, so none can tell it which ids exist', async () => {
    // Partners never get view_advisor: an adviser id is only matched, never checked.
    const partner = await createClientCaller(app, { scopes: ['interaction:read', 'search:read'] });
    const ask = async (id: string) => {
      const { data, errors } = (await partner.gql('query($id: UUID!) { searchInteractions(term: "Tamarisk", filter: { adviserIds: [$id] }) { totalCount } }', { id })).body;
      return { data, errors };
    };
    expect(await ask(MISSING)).toEqual({ data: { searchInteractions: { totalCount: 0 } } });
    expect(await ask(app.adminId)).toEqual({ data: { searchInteractions: { totalCount: 3 } } });
  });

  it('an export URL carrying an unknown id is refused the same way (a coded 400)', async () => {
    const q = Buffer.from(JSON.stringify({ filter: { sectorIds: [MISSING] } })).toString('base64url');
    const res = await fetch(`${app.url}/export/company.csv?q=${q}`, { headers: { authorization: `Bearer ${app.token}` } });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['filter', 'sectorIds', '0'] });
  });
});

describe('autocomplete', () => {
  it('an empty prefix names prefix, not term', async () => {
    const res = await app.gql('{ autocomplete(entity: COMPANY, prefix: "  ") { score } }');
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TERM_REQUIRED', field: ['prefix'] });
  });
});
