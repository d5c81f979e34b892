import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILTER_PATTERN_TOTAL, MAX_FILTER_TEXT_LENGTH } from '../../src/db/filter.js';
import { RequestBudget, withRequestBudget } from '../../src/db/request-budget.js';
import type { SearchQuery } from '../../src/search/search.types.js';
import { aliased, HOSTILE_FILTER, hostile, onServer, ROWS, serveAlso, useSlowSqlApp, STOPPED_WITHIN_MS, timed, until, type Extra } from '../helpers/slow-sql.js';

/**
 * Issue 11, items 10 and 11: one request must not hold the database. Filter text is capped in length, a read
 * statement is stopped at STATEMENT_TIMEOUT_MS, a request's statements at its time budget or when its client
 * goes away, all answered QUERY_TIMEOUT, while other callers are served.
 */

const slow = useSlowSqlApp();

describe('filter text is capped in length (both databases)', () => {
  it(`refuses a value longer than ${MAX_FILTER_TEXT_LENGTH} characters before any SQL, with its path: the issue's 100 KB pattern in 10 aliases`, async () => {
    const pattern = '%a'.repeat(50_000);
    await slow.partner.gql('{ companies(first: 1) { edges { node { id } } } }');
    const { result: res, ms } = await timed(() => slow.partner.gql(aliased(10), { f: { name: { ilike: pattern } } }));
    // Each alias is refused on its own (a root field is nullable): none is answered.
    expect(Object.values(res.body.data ?? {}).filter((v) => v !== null)).toEqual([]);
    expect(res.body.errors[0]).toMatchObject({
      path: [expect.stringMatching(/^a\d$/)],
      extensions: { code: 'BAD_USER_INPUT', reason: 'VALUE_TOO_LONG', field: ['filter', 'name', 'ilike'], measured: 100_000, limit: MAX_FILTER_TEXT_LENGTH },
    });
    // None of the ten ran a statement.
    expect(res.body.extensions.sqlStatements).toBe(0);
    // It took 160 s with both CPUs busy; now it is refused as it is read.
    expect(ms).toBeLessThan(2_000);
  });

  it('caps every operator and each value of a list, in nested lists too', async () => {
    const long = 'x'.repeat(MAX_FILTER_TEXT_LENGTH + 1);
    const inList = await slow.app.gql('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: { addressTown: { in: ['London', long] } } });
    expect(inList.body.errors[0]).toMatchObject({ path: ['companies'], extensions: { code: 'BAD_USER_INPUT', reason: 'VALUE_TOO_LONG', field: ['filter', 'addressTown', 'in', '1'] } });
    const eq = await slow.app.gql('query($f: CompanyFilter!) { companies(filter: { and: [{ name: { eq: "x" } }, $f] }) { totalCount } }', { f: { name: { gte: long } } });
    expect(eq.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'and', '1', 'name', 'gte'] });
    const [company] = await slow.app.sql('select id from company limit 1');
    const nested = await slow.app.gql('query($id: UUID!, $s: String) { company(id: $id) { contacts(filter: { firstName: { like: $s } }) { totalCount } } }', { id: company.id, s: long });
    expect(nested.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VALUE_TOO_LONG', field: ['filter', 'firstName', 'like'] });
    // At the cap is fine.
    const atCap = await slow.app.gql('query($s: String) { companies(filter: { name: { eq: $s } }) { totalCount } }', { s: long.slice(1) });
    expect(atCap.body).toMatchObject({ data: { companies: { totalCount: 0 } } });
  });

  it(`caps the like and ilike patterns of one filter together at ${MAX_FILTER_PATTERN_TOTAL} characters`, async () => {
    const five = { or: ['b', 'c', 'd', 'e', 'f'].map((last) => ({ name: { ilike: hostile(last) } })) };
    const res = await slow.partner.gql('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: five });
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PATTERNS_TOO_LONG',
      field: ['filter', 'or', '4', 'name', 'ilike'],
      measured: 5 * MAX_FILTER_TEXT_LENGTH,
      limit: MAX_FILTER_PATTERN_TOTAL,
    });
  });
});

describe('an empty page is counted once (both databases)', () => {
  it('runs one statement for a page and its totalCount when nothing matches', async () => {
    const query = 'query($f: CompanyFilter) { companies(first: 5, filter: $f) { totalCount edges { node { id } } } }';
    await slow.app.gql(query, { f: { name: { eq: 'warm-up' } } });
    const none = await slow.app.gql(query, { f: { name: { eq: 'no company has this name' } } });
    expect(none.body.data.companies).toEqual({ totalCount: 0, edges: [] });
    expect(none.body.extensions.sqlStatements).toBe(1);
    // first: 0 still counts what matches, in the same statement.
    const zero = await slow.app.gql('{ companies(first: 0, filter: { addressTown: { eq: "London" } }) { totalCount edges { node { id } } } }');
    expect(zero.body.data.companies).toEqual({ totalCount: ROWS, edges: [] });
    expect(zero.body.extensions.sqlStatements).toBe(1);
  });
});

describe('a request has a time budget (REQUEST_TIME_BUDGET_MS; both databases)', () => {
  let small: Extra;
  beforeAll(async () => {
    small = await serveAlso(slow.app, { timeBudgetMs: { adviser: 100, client: 100 } });
  });
  afterAll(() => small?.close());

  it('stops the statements of a request past its budget with QUERY_TIMEOUT', async () => {
    await small.gql('{ companies(first: 1) { edges { node { id } } } }', {}, slow.partner.token);
    const { result: res, ms } = await timed(() => small.gql(aliased(10), { f: HOSTILE_FILTER }, slow.partner.token));
    const answered = Object.values(res.body.data ?? {}).filter((v) => v !== null);
    expect(res.body.errors[0]).toMatchObject({
      message: expect.stringContaining('100 ms'),
      extensions: { code: 'QUERY_TIMEOUT', reason: 'REQUEST_TIME_BUDGET', limitMs: 100 },
    });
    if (onServer) {
      // Every statement is cancelled at the deadline; unstopped, each of the ten runs for half a minute or more.
      expect(res.status).toBe(504);
      expect(answered).toEqual([]);
      expect(ms).toBeLessThan(STOPPED_WITHIN_MS);
      await until(async () => (await slow.running()) === 0, STOPPED_WITHIN_MS);
    } else {
      // PGlite cannot stop a statement that runs (it blocks the process), so the first one may finish and keep
      // its answer (a root field is nullable: partial data, HTTP 200); the nine others are refused before they
      // start (unstopped, the ten take 11 s). With no answer at all, it is 504.
      expect(res.body.extensions.sqlStatements).toBeLessThanOrEqual(1);
      expect(answered.length).toBeLessThanOrEqual(1);
      expect(res.body.errors.filter((e: any) => e.extensions.code === 'QUERY_TIMEOUT').length).toBeGreaterThanOrEqual(9);
      expect(res.status).toBe(answered.length ? 200 : 504);
    }
    // The pool is whole again: the next request is answered.
    const after = await small.gql('{ companies(first: 1) { edges { node { id } } } }');
    expect(after.body.errors).toBeUndefined();
  });

  it('refuses the searches of a request whose budget is spent, on either backend', async () => {
    const spent = new RequestBudget(0);
    const search = { term: 'acme', entities: [{ entity: 'company', filters: [] }], sort: [], offset: 0, limit: 10, readable: [], matchPersonal: false } as unknown as SearchQuery;
    await expect(withRequestBudget(spent, () => slow.app.search.backend.search(search))).rejects.toMatchObject({ code: 'QUERY_TIMEOUT', extensions: { reason: 'REQUEST_TIME_BUDGET' } });
    await expect(withRequestBudget(spent, () => slow.app.search.backend.autocomplete({ entity: 'company', prefix: 'acm', filters: [], limit: 5 }))).rejects.toMatchObject({
      code: 'QUERY_TIMEOUT',
    });
    // Outside a request, no budget applies.
    await expect(slow.app.search.backend.search(search)).resolves.toMatchObject({ total: expect.any(Number) });
  });

  it('gives a CSV export the same budget: spent, it is refused 504 QUERY_TIMEOUT before its search, and not logged as an export', async () => {
    // A budget of 0 ms is spent as it starts: the export's first statement (its search) is refused.
    const spent = await serveAlso(slow.app, { timeBudgetMs: { adviser: 0, client: 0 } });
    try {
      const q = Buffer.from(JSON.stringify({ term: 'aaaa', filter: null, orderBy: null })).toString('base64url');
      const exported = () => fetch(`${spent.url}/export/company.csv?q=${q}`, { headers: { authorization: `Bearer ${slow.app.token}` } });
      const exports = async () => (await slow.app.sql("select count(*)::int as n from user_event where type = 'search_export'"))[0].n as number;
      const before = await exports();
      const res = await exported();
      expect(res.status).toBe(504);
      expect((await res.json()).errors[0].extensions).toMatchObject({ code: 'QUERY_TIMEOUT', reason: 'REQUEST_TIME_BUDGET', limitMs: 0 });
      expect(await exports()).toBe(before);
      // The same export within the app's own budget is answered.
      const allowed = await fetch(`${slow.app.url}/export/company.csv?q=${q}`, { headers: { authorization: `Bearer ${slow.app.token}` } });
      expect(allowed.status).toBe(200);
      expect(await exports()).toBe(before + 1);
    } finally {
      await spent.close();
    }
  });
});

