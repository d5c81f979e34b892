import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller } from '../helpers/callers.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';

/**
 * A search results page (issue 13, item 3): global search's tabs count every entity whatever is listed, one
 * archived option with one default for global and entity searches whose counts match, and pages forward,
 * back and by number, with cursors that are opaque and checked. On whichever backend this run has.
 */
let app: TestApp;
const companies: string[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  for (const n of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) companies.push((await createCompany(app, { name: `Wyvernmoor ${n} Ltd` })).id);
  ids.contact = (await createContact(app, companies[0], { firstName: 'Wyvernmoor', lastName: 'Jones' })).id;
  ids.archivedContact = (await createContact(app, companies[1], { firstName: 'Wyvernmoor', lastName: 'Smith' })).id;
  const made = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
    input: { ...(await interactionInput(app, companies[0], ids.contact)), subject: 'Wyvernmoor visit' },
  });
  if (made.body.errors) throw new Error(JSON.stringify(made.body.errors));
  await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "duplicate") { id } }', { id: companies[6] });
  await app.gql('mutation($id: UUID!) { archiveContact(id: $id, reason: "left") { id } }', { id: ids.archivedContact });
  await app.settleSearch();
}, 90_000);
afterAll(() => app?.close());

const PAGE = 'totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const COMPANIES = `query($first: Int, $after: String, $last: Int, $before: String, $page: Int, $orderBy: [CompanySearchOrderBy!]) {
  searchCompanies(term: "Wyvernmoor", orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before, page: $page) { ${PAGE} }
}`;
const BY_NAME = [{ field: 'NAME', direction: 'ASC' }];

async function companiesPage(variables: Record<string, unknown>) {
  const res = await app.gql(COMPANIES, { orderBy: BY_NAME, ...variables });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  const page = res.body.data.searchCompanies;
  return { ...page, ids: page.edges.map((e: any) => e.node.id) };
}

async function refusal(query: string, variables: Record<string, unknown> = {}) {
  const res = await app.gql(query, variables);
  expect(res.body.data?.searchCompanies ?? res.body.data?.search ?? null).toBeNull();
  return res.body.errors[0].extensions;
}

describe('global search: the tabs', () => {
  const SEARCH = `query($entities: [SearchEntity!], $archived: Boolean) {
    search(term: "Wyvernmoor", entities: $entities, filter: { archived: $archived }) { totalCount aggregations { entity count } edges { entity } }
  }`;
  const counts = (data: any) => Object.fromEntries(data.search.aggregations.map((a: any) => [a.entity, a.count]));

  it('lists the entities asked for, and still counts every entity the caller may see', async () => {
    const res = await app.gql(SEARCH, { entities: ['CONTACT'] });
    expect(res.body.errors).toBeUndefined();
    expect(counts(res.body.data)).toMatchObject({ COMPANY: 7, CONTACT: 2, INTERACTION: 1 });
    expect(res.body.data.search.totalCount).toBe(2);
    expect(res.body.data.search.edges.map((e: any) => e.entity)).toEqual(['CONTACT', 'CONTACT']);
    // Entities the caller may not see are neither listed nor counted.
    const companiesOnly = await createCaller(app, { permissions: ['view_company'] });
    const theirs = await companiesOnly.gql(SEARCH, { entities: ['CONTACT'] });
    expect(theirs.body.data.search).toMatchObject({ totalCount: 0, edges: [], aggregations: [{ entity: 'COMPANY', count: 7 }] });
  });

  it("each tab's count is the totalCount of that entity's search, with the same term and archived option", async () => {
    const entitySearch: Record<string, string> = {
      COMPANY: 'searchCompanies',
      CONTACT: 'searchContacts',
      INTERACTION: 'searchInteractions',
      ADVISER: 'searchAdvisers',
      EVENT: 'searchEvents',
      INVESTMENTPROJECT: 'searchInvestmentProjects',
    };
    for (const archived of [null, true, false]) {
      const global = counts((await app.gql(SEARCH, { archived })).body.data);
      for (const [entity, query] of Object.entries(entitySearch)) {
        const res = ['ADVISER', 'EVENT'].includes(entity)
          ? await app.gql(`{ ${query}(term: "Wyvernmoor") { totalCount } }`)
          : await app.gql(`query($archived: Boolean) { ${query}(term: "Wyvernmoor", filter: { archived: $archived }) { totalCount } }`, { archived });
        expect(res.body.errors).toBeUndefined();
        expect({ entity, archived, count: global[entity] }).toEqual({ entity, archived, count: res.body.data[query].totalCount });
      }
    }
  });

  it("archived records are included by default, in global search as in the entity searches (Data Hub's default)", async () => {
    expect(counts((await app.gql(SEARCH, {})).body.data)).toMatchObject({ COMPANY: 7, CONTACT: 2 });
    expect(counts((await app.gql(SEARCH, { archived: false })).body.data)).toMatchObject({ COMPANY: 6, CONTACT: 1 });
    expect(counts((await app.gql(SEARCH, { archived: true })).body.data)).toMatchObject({ COMPANY: 1, CONTACT: 1, INTERACTION: 0 });
    expect((await app.gql('{ searchCompanies(term: "Wyvernmoor") { totalCount } }')).body.data.searchCompanies.totalCount).toBe(7);
  });

  it('the deprecated includeArchived still answers: false is filter.archived false; not both', async () => {
    const old = await app.gql('{ search(term: "Wyvernmoor", includeArchived: false) { aggregations { entity count } } }');
    expect(counts(old.body.data)).toMatchObject({ COMPANY: 6, CONTACT: 1 });
    const both = await refusal('{ search(term: "Wyvernmoor", includeArchived: true, filter: { archived: false }) { totalCount } }');
    expect(both).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ARCHIVED_TWICE', field: ['includeArchived'] });
  });
});

describe('pages', () => {
  it('forward with first/after: hasPreviousPage and hasNextPage are exact', async () => {
    const all = await companiesPage({ first: 20 });
    expect(all.ids.length).toBe(7);
    const one = await companiesPage({ first: 3 });
    expect(one.ids).toEqual(all.ids.slice(0, 3));
    expect(one.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    const two = await companiesPage({ first: 3, after: one.pageInfo.endCursor });
    expect(two.ids).toEqual(all.ids.slice(3, 6));
    expect(two.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const three = await companiesPage({ first: 3, after: two.pageInfo.endCursor });
    expect(three.ids).toEqual(all.ids.slice(6));
    expect(three.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    // An edge's cursor is its position: after it come the ones that follow it.
    expect((await companiesPage({ first: 2, after: all.edges[4].cursor })).ids).toEqual(all.ids.slice(5, 7));
  });

  it('back with last/before, and last alone for the end of the results', async () => {
    const all = await companiesPage({ first: 20 });
    const back = await companiesPage({ last: 3, before: all.edges[3].cursor });
    expect(back.ids).toEqual(all.ids.slice(0, 3));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    const middle = await companiesPage({ last: 2, before: all.edges[5].cursor });
    expect(middle.ids).toEqual(all.ids.slice(3, 5));
    expect(middle.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const end = await companiesPage({ last: 2 });
    expect(end.ids).toEqual(all.ids.slice(5));
    expect(end.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    // before and after together: the results between them.
    expect((await companiesPage({ first: 10, after: all.edges[1].cursor, before: all.edges[4].cursor })).ids).toEqual(all.ids.slice(2, 4));
  });

  it('by page number, pages of first results', async () => {
    const all = await companiesPage({ first: 20 });
    const second = await companiesPage({ page: 2, first: 3 });
    expect(second.ids).toEqual(all.ids.slice(3, 6));
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const last = await companiesPage({ page: 3, first: 3 });
    expect(last.ids).toEqual(all.ids.slice(6));
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect((await companiesPage({ page: 4, first: 3 })).ids).toEqual([]);
    // A page's cursors go on from there.
    expect((await companiesPage({ first: 3, after: second.pageInfo.endCursor })).ids).toEqual(all.ids.slice(6));
  });

  it('global search pages the same way', async () => {
    const SEARCH = `query($first: Int, $after: String, $last: Int, $before: String, $page: Int) {
      search(term: "Wyvernmoor", entities: [COMPANY], first: $first, after: $after, last: $last, before: $before, page: $page) { ${PAGE.replace('node { id }', 'node { ... on Company { id } }')} }
    }`;
    const ask = async (variables: Record<string, unknown>) => {
      const res = await app.gql(SEARCH, variables);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      return { ...res.body.data.search, ids: res.body.data.search.edges.map((e: any) => e.node.id) };
    };
    const all = await ask({ first: 20 });
    expect(all.ids.length).toBe(7);
    expect((await ask({ page: 2, first: 3 })).ids).toEqual(all.ids.slice(3, 6));
    const back = await ask({ last: 2, before: all.edges[2].cursor });
    expect(back.ids).toEqual(all.ids.slice(0, 2));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect((await ask({ last: 3 })).ids).toEqual(all.ids.slice(4));
  });
});

describe('paging errors', () => {
  it('a page number with cursors or last, a page below 1, first with last, sizes out of bounds: coded, naming the argument', async () => {
    const first = await companiesPage({ first: 2 });
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ page: 2, after: first.pageInfo.endCursor }, { reason: 'PAGE_AND_CURSOR', field: ['page'] }],
      [{ page: 2, before: first.pageInfo.endCursor }, { reason: 'PAGE_AND_CURSOR', field: ['page'] }],
      [{ page: 2, last: 3 }, { reason: 'PAGE_AND_LAST', field: ['page'] }],
      [{ page: 0 }, { reason: 'INVALID_PAGE', field: ['page'] }],
      [{ first: 2, last: 2 }, { reason: 'FIRST_AND_LAST', field: ['last'] }],
      [{ first: 101 }, { reason: 'PAGE_TOO_LARGE', field: ['first'] }],
      [{ last: 101 }, { reason: 'PAGE_TOO_LARGE', field: ['last'] }],
      [{ first: -1 }, { reason: 'INVALID_PAGE_SIZE', field: ['first'] }],
      [{ page: 501, first: 20 }, { reason: 'WINDOW_TOO_LARGE', field: ['page'] }],
      [{ page: 10_001, first: 1 }, { reason: 'WINDOW_TOO_LARGE', field: ['page'] }],
    ];
    for (const [variables, expected] of cases) {
      expect({ variables, error: await refusal(COMPANIES, { orderBy: BY_NAME, ...variables }) }).toMatchObject({ variables, error: { code: 'BAD_USER_INPUT', ...expected } });
    }
    // The last page of the window is cut to it, not refused.
    expect((await companiesPage({ page: 500, first: 20 })).ids).toEqual([]);
  });

  it('cursors are opaque and checked: from another search, another order, or made up, each is refused', async () => {
    const byName = await companiesPage({ first: 2 });
    const cursor = byName.pageInfo.endCursor;
    // Sealed: neither the search nor its offset reads from it (its bytes are ciphertext, not text or JSON).
    const opened = Buffer.from(cursor, 'base64url').toString('utf8');
    expect(opened).not.toContain('search');
    expect(() => JSON.parse(opened)).toThrow();
    expect(await refusal(COMPANIES, { orderBy: [], after: cursor })).toMatchObject({ reason: 'CURSOR_FOR_ANOTHER_ORDER', field: ['after'] });
    const contacts = await app.gql('query($c: String) { searchContacts(term: "Wyvernmoor", before: $c) { totalCount } }', { c: cursor });
    expect(contacts.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CURSOR_FOR_ANOTHER_LIST', field: ['before'] });
    const global = await app.gql('query($c: String) { search(term: "Wyvernmoor", after: $c) { totalCount } }', { c: cursor });
    expect(global.body.errors[0].extensions).toMatchObject({ reason: 'CURSOR_FOR_ANOTHER_LIST', field: ['after'] });
    const list = await app.gql('{ companies(first: 1) { pageInfo { endCursor } } }');
    const fromList = list.body.data.companies.pageInfo.endCursor;
    expect(await refusal(COMPANIES, { orderBy: BY_NAME, after: fromList })).toMatchObject({ reason: 'INVALID_CURSOR', field: ['after'] });
    for (const made of ['not-a-cursor', Buffer.from('search:3').toString('base64url'), `${cursor.slice(0, -2)}AA`]) {
      expect(await refusal(COMPANIES, { orderBy: BY_NAME, after: made })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: ['after'] });
    }
  });
});
