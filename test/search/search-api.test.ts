import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType } from 'graphql';
import { buildAppSchema } from '../../src/system.js';
import { EXPORT_ARGUMENTS } from '../../src/search/export-args.js';
import { SEARCH_PAGING_ARGUMENTS } from '../../src/search/search-pages.js';
import { searchCatalog } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller } from '../helpers/callers.js';
import { createCompany, createContact, interactionInput, REFS } from '../helpers/factories.js';

/**
 * Search through GraphQL, on whichever backend this run has (PostgreSQL full-text, or OpenSearch when
 * OPENSEARCH_URL is set): what a user sees, who may see it, and how bad input is answered.
 */
let app: TestApp;
const ids: Record<string, string> = {};
let parentSector: string;
let childSector: string;

beforeAll(async () => {
  app = await createTestApp();
  // A sector with a parent: a filter on the parent finds the child's companies.
  [{ id: childSector, parent_id: parentSector }] = await app.sql('select id, parent_id from metadata_sector where parent_id is not null and disabled_on is null order by id limit 1');
  // The other companies get a sector from another tree, so only the child's company is under the parent.
  const [{ id: otherSector }] = await app.sql(
    `with recursive up(id, parent_id) as (select id, parent_id from metadata_sector where id = ? union all select s.id, s.parent_id from metadata_sector s join up on s.id = up.parent_id)
     select id from metadata_sector where parent_id is null and disabled_on is null and id not in (select id from up) order by id limit 1`,
    [childSector],
  );
  ids.zephyr = (await createCompany(app, { name: 'Zephyr Kite Makers Ltd', tradingNames: ['Zephyr Kites'], companyNumber: '04455667', sectorId: childSector, address: { line1: '1 Pier Road', town: 'Brighton', postcode: 'BN1 1AA', countryId: REFS.uk } })).id;
  ids.zephyrGroup = (await createCompany(app, { name: 'Zephyr Holdings Group', address: { line1: '2 Rue de la Paix', town: 'Paris', postcode: '75002', countryId: REFS.france }, ukRegionId: null, sectorId: otherSector })).id;
  ids.archived = (await createCompany(app, { name: 'Zephyr Old Stock Ltd', sectorId: otherSector })).id;
  ids.contact = (await createContact(app, ids.zephyr, { firstName: 'Quentin', lastName: 'Blake', email: 'quentin.blake@zephyr.example' })).id;
  const made = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
    input: { ...(await interactionInput(app, ids.zephyr, ids.contact)), subject: 'Zephyr export plan' },
  });
  ids.interaction = made.body.data.createInteraction.id;
  await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "duplicate") { id } }', { id: ids.archived });
  await app.settleSearch();
}, 60_000);
afterAll(() => app?.close());

const SEARCH = `query($term: String!, $entities: [SearchEntity!], $archived: Boolean, $first: Int, $after: String) {
  search(term: $term, entities: $entities, filter: { archived: $archived }, first: $first, after: $after) {
    totalCount aggregations { entity count }
    edges { cursor score entity node { __typename ... on Company { id name } ... on Contact { id name } ... on Interaction { id subject } ... on Adviser { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const counts = (data: any) => Object.fromEntries(data.search.aggregations.map((a: any) => [a.entity, a.count]));

describe('global search', () => {
  it('ranks the exact name first, across entities, with counts per entity; archived records included unless filtered out', async () => {
    const res = await app.gql(SEARCH, { term: 'Zephyr Kite Makers Ltd' });
    expect(res.body.errors).toBeUndefined();
    const { edges } = res.body.data.search;
    expect(edges[0]).toMatchObject({ entity: 'COMPANY', node: { __typename: 'Company', id: ids.zephyr } });
    expect(edges[0].score).toBeGreaterThan(0);

    const zephyr = await app.gql(SEARCH, { term: 'zephyr' });
    expect(counts(zephyr.body.data)).toMatchObject({ COMPANY: 3, CONTACT: 1, INTERACTION: 1 });
    expect(zephyr.body.data.search.edges.map((e: any) => e.node.id)).toContain(ids.archived);
    const live = await app.gql(SEARCH, { term: 'zephyr', archived: false });
    expect(counts(live.body.data)).toMatchObject({ COMPANY: 2, CONTACT: 1, INTERACTION: 1 });
    expect(live.body.data.search.edges.map((e: any) => e.node.id)).not.toContain(ids.archived);
  });

  it('trading names, company numbers, postcodes with or without the space, and typos find the company', async () => {
    for (const term of ['Zephyr Kites', '04455667', 'BN1 1AA', 'bn11aa', 'Zepyhr Kite Makers']) {
      const res = await app.gql(SEARCH, { term, entities: ['COMPANY'] });
      expect(res.body.data.search.edges[0]?.node.id, term).toBe(ids.zephyr);
    }
  });

  it('pages with a cursor, and refuses a window past 10,000 results', async () => {
    const first = await app.gql(SEARCH, { term: 'zephyr', first: 2, archived: false });
    expect(first.body.data.search.pageInfo.hasNextPage).toBe(true);
    const next = await app.gql(SEARCH, { term: 'zephyr', first: 2, archived: false, after: first.body.data.search.pageInfo.endCursor });
    const seen = [...first.body.data.search.edges, ...next.body.data.search.edges].map((e: any) => e.node.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(4);
    const refused = await app.gql('{ search(term: "zephyr", first: 20, page: 501) { totalCount } }');
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WINDOW_TOO_LARGE', field: ['page'] });
    // A cursor is sealed: an offset written by hand is not one.
    const forged = await app.gql(SEARCH, { term: 'zephyr', after: Buffer.from('search:9999').toString('base64url') });
    expect(forged.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: ['after'] });
  });

  it('bad input gets a coded error or a sensible empty answer, never a 500', async () => {
    expect((await app.gql(SEARCH, { term: '   ' })).body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TERM_REQUIRED' });
    expect((await app.gql(SEARCH, { term: 'x'.repeat(10_000) })).body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TERM_TOO_LONG' });
    for (const term of ['"', '*', '~', '( )', 'a:b', '\\', '/', 'zephyr" OR 1=1 --']) {
      const res = await app.gql(SEARCH, { term });
      expect(res.status, term).toBe(200);
      expect(res.body.errors, term).toBeUndefined();
    }
    const cursor = await app.gql(SEARCH, { term: 'zephyr', after: 'not-a-cursor' });
    expect(cursor.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });
});

describe('entity search', () => {
  const COMPANIES = `query($term: String, $filter: CompanySearchFilter, $orderBy: [CompanySearchOrderBy!], $first: Int) {
    searchCompanies(term: $term, filter: $filter, orderBy: $orderBy, first: $first) { totalCount edges { score node { id name } } }
  }`;
  const names = (res: any) => res.body.data.searchCompanies.edges.map((e: any) => e.node.name);

  it('filters: a parent sector finds its sub-sectors, UK-based, postcode either way, archived', async () => {
    expect(names(await app.gql(COMPANIES, { term: 'zephyr', filter: { sectorIds: [parentSector] } }))).toEqual(['Zephyr Kite Makers Ltd']);
    expect(names(await app.gql(COMPANIES, { term: 'zephyr', filter: { ukBased: false } }))).toEqual(['Zephyr Holdings Group']);
    expect(names(await app.gql(COMPANIES, { filter: { postcode: 'bn11aa' } }))).toEqual(['Zephyr Kite Makers Ltd']);
    expect(names(await app.gql(COMPANIES, { term: 'zephyr', filter: { archived: true } }))).toEqual(['Zephyr Old Stock Ltd']);
    // An unknown sector can never match: a coded error naming the value (test/search/search-filters.test.ts).
    const unknown = await app.gql(COMPANIES, { term: 'zephyr', filter: { sectorIds: ['00000000-0000-4000-8000-000000000000'] } });
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['filter', 'sectorIds', '0'] });
  });

  it('sorts by name either way, with scores on every hit', async () => {
    const asc = await app.gql(COMPANIES, { term: 'zephyr', orderBy: [{ field: 'NAME', direction: 'ASC' }] });
    expect(names(asc)).toEqual(['Zephyr Holdings Group', 'Zephyr Kite Makers Ltd', 'Zephyr Old Stock Ltd']);
    const desc = await app.gql(COMPANIES, { term: 'zephyr', orderBy: [{ field: 'NAME', direction: 'DESC' }] });
    expect(names(desc)).toEqual(['Zephyr Old Stock Ltd', 'Zephyr Kite Makers Ltd', 'Zephyr Holdings Group']);
    for (const e of asc.body.data.searchCompanies.edges) expect(typeof e.score).toBe('number');
  });

  it('interactions by company and date range; contacts by company', async () => {
    const res = await app.gql(
      `query($filter: InteractionSearchFilter) { searchInteractions(filter: $filter) { totalCount edges { node { id subject } } } }`,
      { filter: { companyIds: [ids.zephyr], date: { from: '2026-01-01', to: '2026-12-31' } } },
    );
    expect(res.body.data.searchInteractions.edges.map((e: any) => e.node.id)).toEqual([ids.interaction]);
    const none = await app.gql(`query($filter: InteractionSearchFilter) { searchInteractions(filter: $filter) { totalCount } }`, {
      filter: { companyIds: [ids.zephyr], date: { from: '2027-01-01' } },
    });
    expect(none.body.data.searchInteractions.totalCount).toBe(0);
    const contacts = await app.gql(`query($filter: ContactSearchFilter) { searchContacts(filter: $filter) { edges { node { id } } } }`, { filter: { companyIds: [ids.zephyr] } });
    expect(contacts.body.data.searchContacts.edges.map((e: any) => e.node.id)).toEqual([ids.contact]);
  });
});

describe('who sees what', () => {
  it('entities the caller may not view are left out of results and counts', async () => {
    const companiesOnly = await createCaller(app, { permissions: ['view_company'] });
    const res = await companiesOnly.gql(SEARCH, { term: 'zephyr' });
    expect(res.body.errors).toBeUndefined();
    expect(counts(res.body.data)).toEqual({ COMPANY: 3 });
    expect(res.body.data.search.edges.every((e: any) => e.entity === 'COMPANY')).toBe(true);
    const nothing = await createCaller(app, {});
    expect((await nothing.gql(SEARCH, { term: 'zephyr' })).body.data.search).toMatchObject({ totalCount: 0, edges: [] });
    expect((await nothing.gql('{ searchCompanies(term: "zephyr") { totalCount } }')).body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'view_company' });
  });

  it('a partner client needs search:read; its row-level rule applies inside the search, counts included', async () => {
    const without = await createClientCaller(app, { scopes: ['company:read'] });
    expect((await without.gql(SEARCH, { term: 'zephyr' })).body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'search:read' });
    const client = await createClientCaller(app, { scopes: ['company:read', 'search:read'] });
    const res = await client.gql(SEARCH, { term: 'zephyr' });
    expect(counts(res.body.data)).toEqual({ COMPANY: 2 });
    expect(res.body.data.search.edges.map((e: any) => e.node.id)).not.toContain(ids.archived);
    const archived = await client.gql('{ searchCompanies(term: "zephyr", filter: { archived: true }) { totalCount } }');
    expect(archived.body.data.searchCompanies.totalCount).toBe(0);
  });

  it("a contact's email finds them only for callers who may see it", async () => {
    const byEmail = { term: 'quentin.blake@zephyr.example', entities: ['CONTACT'] };
    expect((await app.gql(SEARCH, byEmail)).body.data.search.edges[0]?.node.id).toBe(ids.contact);
    const noPii = await createClientCaller(app, { scopes: ['contact:read', 'search:read'] });
    expect((await noPii.gql(SEARCH, byEmail)).body.data.search.totalCount).toBe(0);
    const pii = await createClientCaller(app, { scopes: ['contact:read', 'contact:pii', 'search:read'] });
    expect((await pii.gql(SEARCH, byEmail)).body.data.search.edges[0]?.node.id).toBe(ids.contact);
  });

  it("a contact's name finds their interactions only for callers who may read Interaction.contacts", async () => {
    const found = async (caller: { gql: TestApp['gql'] }) => {
      const global = await caller.gql(SEARCH, { term: 'Quentin Blake', entities: ['INTERACTION'] });
      const entity = await caller.gql('{ searchInteractions(term: "Quentin Blake") { edges { node { id } } } }');
      expect(global.body.errors ?? entity.body.errors).toBeUndefined();
      return [global.body.data.search.edges.map((e: any) => e.node.id), entity.body.data.searchInteractions.edges.map((e: any) => e.node.id)];
    };
    expect(await found(await createClientCaller(app, { scopes: ['interaction:read', 'search:read'] }))).toEqual([[], []]);
    expect(await found(await createCaller(app, { permissions: ['view_all_interaction'] }))).toEqual([[], []]);
    expect(await found(await createClientCaller(app, { scopes: ['interaction:read', 'contact:read', 'search:read'] }))).toEqual([[ids.interaction], [ids.interaction]]);
    expect(await found(await createCaller(app, { permissions: ['view_all_interaction', 'view_contact'] }))).toEqual([[ids.interaction], [ids.interaction]]);
  });

  it("a company's name finds its contacts only for callers who may read Contact.company", async () => {
    const contacts = async (caller: { gql: TestApp['gql'] }) => {
      const res = await caller.gql(SEARCH, { term: 'Zephyr Kite Makers', entities: ['CONTACT'] });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.search.edges.map((e: any) => e.node.id);
    };
    expect(await contacts(await createClientCaller(app, { scopes: ['contact:read', 'contact:pii', 'search:read'] }))).toEqual([]);
    expect(await contacts(await createCaller(app, { permissions: ['view_contact'] }))).toEqual([]);
    expect(await contacts(await createClientCaller(app, { scopes: ['contact:read', 'company:read', 'search:read'] }))).toEqual([ids.contact]);
    expect(await contacts(await createCaller(app, { permissions: ['view_contact', 'view_company'] }))).toEqual([ids.contact]);
  });
});

describe('CSV export', () => {
  const EXPORT = `query($term: String, $orderBy: [CompanySearchOrderBy!]) { searchCompanies(term: $term, orderBy: $orderBy) { totalCount exportUrl } }`;
  const download = (path: string, token: string) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('an analyst gets the URL of the same search as CSV, in its order, and the export is logged', async () => {
    await createCompany(app, { name: '=HYPERLINK("http://evil.example","Click")' });
    await app.settleSearch();
    const analyst = await createCaller(app, { groups: ['Read-only analyst'] });
    const res = await analyst.gql(EXPORT, { term: 'zephyr', orderBy: [{ field: 'NAME', direction: 'ASC' }] });
    expect(res.body.errors).toBeUndefined();
    const { exportUrl, totalCount } = res.body.data.searchCompanies;
    expect(exportUrl).toMatch(/^\/export\/company\.csv\?q=/);
    const csv = await download(exportUrl, analyst.token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="companies-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('ID,Name,Trading names,Company number,DUNS number,Sector,Country,UK region,Town,Postcode,Latest interaction,Archived,Modified on');
    expect(lines.length - 1).toBe(totalCount);
    // The entity search includes archived records unless filtered.
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['Zephyr Holdings Group', 'Zephyr Kite Makers Ltd', 'Zephyr Old Stock Ltd']);
    // A name that is a formula is exported as text.
    const formula = await download(
      (await analyst.gql(EXPORT, { term: 'HYPERLINK evil' })).body.data.searchCompanies.exportUrl,
      analyst.token,
    );
    expect(await formula.text()).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    const [event] = await app.sql("select actor_id, type, data from user_event where type = 'search_export' and actor_id = ? order by occurred_on limit 1", [analyst.id]);
    expect(event.data).toMatchObject({ entity: 'company', term: 'zephyr', rows: totalCount });
  });

  it('without the export permission: no URL, and the endpoint refuses; a damaged URL is a coded 400', async () => {
    const staff = await createCaller(app, { teamRole: 'International Trade Team' });
    const res = await staff.gql(EXPORT, { term: 'zephyr' });
    expect(res.body.data.searchCompanies).toMatchObject({ exportUrl: null });
    expect(res.body.errors[0]).toMatchObject({ path: ['searchCompanies', 'exportUrl'], extensions: { code: 'FORBIDDEN', permission: 'export_company' } });
    const analystUrl = (await app.gql(EXPORT, { term: 'zephyr' })).body.data.searchCompanies.exportUrl;
    const refused = await download(analystUrl, staff.token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'export_company' });
    const damaged = await download('/export/company.csv?q=not-json', app.token);
    expect(damaged.status).toBe(400);
    expect((await damaged.json()).errors[0].extensions.reason).toBe('INVALID_EXPORT_QUERY');
    // Signed for its maker, the URL works without a credential for a while (test/e2e/export-link.test.ts);
    // without its signature, it needs one.
    const unsigned = new URL(analystUrl, app.url);
    unsigned.searchParams.delete('sig');
    expect((await fetch(unsigned)).status).toBe(401);
  });

  /** An export URL carrying these search arguments, as a client could forge it. */
  const urlOf = (q: unknown) => `/export/company.csv?q=${Buffer.from(JSON.stringify(q)).toString('base64url')}`;

  it('its arguments are checked as GraphQL checks the search\'s: each bad one is a coded 400 naming it, never a 503', async () => {
    const refusals: Array<[string, Record<string, unknown>]> = [
      [urlOf({ term: 42 }), { field: ['term'], reason: 'INVALID_VALUE' }],
      [urlOf({ orderBy: 'NAME' }), { field: ['orderBy'], reason: 'INVALID_VALUE' }],
      [urlOf({ orderBy: [{ field: 'name' }] }), { field: ['orderBy', '0', 'field'], reason: 'INVALID_VALUE' }],
      [urlOf({ orderBy: [{ direction: 'DESC' }] }), { field: ['orderBy', '0', 'field'], reason: 'REQUIRED' }],
      [urlOf({ filter: { secretField: 'x' } }), { field: ['filter', 'secretField'], reason: 'UNKNOWN_FIELD' }],
      [urlOf({ filter: { archived: 'yes' } }), { field: ['filter', 'archived'], reason: 'INVALID_VALUE' }],
      [urlOf({ first: 10 }), { field: ['first'], reason: 'UNKNOWN_ARGUMENT' }],
      [urlOf({ term: 'zephyr\u0000' }), { field: ['term'], reason: 'NUL_CHARACTER' }],
      [urlOf({ term: 'z'.repeat(201) }), { field: ['term'], reason: 'TERM_TOO_LONG' }],
      [urlOf({ orderBy: [{ field: 'NAME' }, { field: 'NAME', direction: 'DESC' }] }), { reason: 'DUPLICATE_SORT_FIELD' }],
      [urlOf(['zephyr']), { field: ['q'], reason: 'INVALID_EXPORT_QUERY' }],
      ['/export/company.csv?q=%E2%9C%93%7B%7B', { field: ['q'], reason: 'INVALID_EXPORT_QUERY' }],
      ['/export/company.csv', { field: ['q'], reason: 'INVALID_EXPORT_QUERY' }],
    ];
    for (const [url, expected] of refusals) {
      const res = await download(url, app.token);
      const body = await res.json();
      expect({ url, status: res.status, extensions: body.errors[0].extensions }).toMatchObject({ url, status: 400, extensions: { code: 'BAD_USER_INPUT', ...expected } });
      // graphql-js's "Did you mean …?" hints stay out of the export's refusals, as they do for partners.
      expect(body.errors[0].message).not.toMatch(/did you mean/i);
    }
  });

  it("an export carries every argument of the entity's search but its paging, so the two cannot drift apart", async () => {
    const fields = (await buildAppSchema()).getQueryType()!.getFields();
    for (const mapping of searchCatalog.mappings.filter((m) => m.export)) {
      const search = Object.values(fields).find((f) => getNamedType(f.type).name === `${mapping.typeName}SearchConnection`)!;
      expect(search.args.map((a) => a.name).filter((name) => !(SEARCH_PAGING_ARGUMENTS as readonly string[]).includes(name)).sort()).toEqual([...EXPORT_ARGUMENTS].sort());
    }
  });

  it('arguments GraphQL would accept are accepted the same way (an enum by name, one value for a list, a default)', async () => {
    const res = await download(urlOf({ term: 'zephyr', filter: { archived: false }, orderBy: { field: 'NAME' } }), app.token);
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split('\r\n').slice(1).map((l) => l.split(',')[1])).toEqual(['Zephyr Holdings Group', 'Zephyr Kite Makers Ltd']);
  });
});

describe('autocomplete', () => {
  it('prefixes of names, live records only, for entities the caller may view', async () => {
    const res = await app.gql('{ autocomplete(entity: COMPANY, prefix: "zeph", first: 5) { score node { ... on Company { id name } } } }');
    expect(res.body.errors).toBeUndefined();
    const found = res.body.data.autocomplete.map((e: any) => e.node.id);
    expect(found).toEqual(expect.arrayContaining([ids.zephyr, ids.zephyrGroup]));
    expect(found).not.toContain(ids.archived);
    const noAdvisers = await createCaller(app, { permissions: ['view_company'] });
    const refused = await noAdvisers.gql('{ autocomplete(entity: ADVISER, prefix: "adm") { score } }');
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'view_advisor' });
  });
});

describe('freshness', () => {
  it("renaming a company makes its contacts and interactions findable by the new name (the outbox carries dependants)", async () => {
    const company = await createCompany(app, { name: 'Gossamer Threads Ltd' });
    const contact = await createContact(app, company.id, { firstName: 'Ivy', lastName: 'Rowe' });
    await app.settleSearch();
    await app.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { name: "Cobweb Weavers Ltd" }) { id } }', { id: company.id });
    await app.settleSearch();
    const res = await app.gql(SEARCH, { term: 'Cobweb Weavers', entities: ['CONTACT'] });
    expect(res.body.data.search.edges.map((e: any) => e.node.id)).toEqual([contact.id]);
    expect((await app.gql(SEARCH, { term: 'Gossamer Threads', entities: ['COMPANY'] })).body.data.search.totalCount).toBe(0);
  });
});
