import fs from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, listen } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller } from '../helpers/callers.js';
import { companyInput, counts, createCompany, createContact } from '../helpers/factories.js';

// Every statement the ORM runs in this process, whichever request (or none) it belongs to: the server runs
// in this process, so "no SQL" below means none at all, also for refusals that never reach Apollo.
const statements = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/db/sql-stats.js', async (original) => {
  const real = await original<typeof import('../../src/db/sql-stats.js')>();
  return {
    ...real,
    countStatement: () => {
      statements.count++;
      real.countStatement();
    },
  };
});

const BATCHING = fs.readFileSync(new URL('../operations/batching.graphql', import.meta.url), 'utf8');
const COMPANY_PAGE = `query CompanyPage($id: UUID!) {
  company(id: $id) {
    name
    address { town postcode country { name } }
    sector { name }
    contacts(first: 20, orderBy: [{ field: CREATED_ON, direction: DESC }]) {
      totalCount
      edges { node { name email jobTitle } }
    }
    interactions(first: 10, orderBy: [{ field: DATE, direction: DESC }]) {
      edges { node { date subject participants { adviser { name team { name } } } } }
    }
  }
}`;

let app: TestApp;
let companyId: string;
beforeAll(async () => {
  // Defaults from the environment schema, as a deployment would have them (the token cache included).
  app = await createTestApp();
  companyId = (await createCompany(app)).id;
  await createContact(app, companyId);
});
afterAll(() => app?.close());

/** Runs a request with the token cache warm and returns it with the statements the process ran meanwhile. */
async function afterWarmUp<T>(request: () => Promise<T>): Promise<{ res: T; ran: number }> {
  await app.gql('{ viewer { isSuperuser } }');
  const before = statements.count;
  const res = await request();
  return { res, ran: statements.count - before };
}

async function expectRefusedBeforeExecution(query: string, variables: Record<string, unknown>, code: string) {
  const { res, ran } = await afterWarmUp(() => app.gql(query, variables));
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  const error = res.body.errors[0];
  expect(error.extensions.code).toBe(code);
  expect(error.extensions.measured).toBeGreaterThan(error.extensions.limit);
  expect(res.body.extensions.sqlStatements).toBe(0);
  expect(ran).toBe(0);
  return error;
}

/** A second gateway on this file's database, with its own config and clock (no second database to drop). */
async function serveAlso(change: (config: Config) => Config, now?: () => number) {
  const defaults = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  // No outbox drain of its own: its polls are statements too, and would land in "no SQL" at random.
  const config = change({ ...defaults, search: { ...defaults.search, inlineDrain: false } });
  const server = await listen(await createApp({ config, orm: app.orm, logger: createLogger('silent'), now }), '127.0.0.1', 0);
  const ask = async (query: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
  };
  return { ask, close: server.close };
}

const nest = (levels: number, inner: string) => Array.from({ length: levels }).reduce<string>((s) => `globalHeadquarters { ${s} }`, inner);

describe('queries over the limits are refused before execution, with no SQL', () => {
  it('too deep, counted through fragments', async () => {
    const query = `{ companies(first: 1) { edges { node { ...Deep } } } }
      fragment Deep on Company { ${nest(10, 'id')} }`;
    const error = await expectRefusedBeforeExecution(query, {}, 'QUERY_TOO_DEEP');
    expect(error.extensions).toMatchObject({ measured: 14, limit: 12 });
    expect(error.message).toMatch(/14 > 12/);
  });

  it('too costly: page sizes multiply, variables included', async () => {
    const query = `query($n: Int) { companies(first: $n) { edges { node { contacts(first: $n) { edges { node { id } } } } } } }`;
    const error = await expectRefusedBeforeExecution(query, { n: 100 }, 'QUERY_TOO_COSTLY');
    // 1 + 100 × (edge 1 + node 1 + contacts (1 + 100 × (edge 1 + node 1)))
    expect(error.extensions).toMatchObject({ measured: 20_301, limit: 10_000 });
    const small = await app.gql(query, { n: 10 });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.extensions.cost).toBe(231);
  });

  it('an alias bomb', async () => {
    const query = `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: companies(first: 1) { totalCount }`).join(' ')} }`;
    const error = await expectRefusedBeforeExecution(query, {}, 'TOO_MANY_ALIASES');
    expect(error.extensions).toMatchObject({ measured: 300, limit: 30 });
  });

  it('a batched request (a JSON array) gets a coded 400, and nothing in it runs', async () => {
    const before = await counts(app);
    const input = await companyInput(app);
    const { res, ran } = await afterWarmUp(async () => {
      const r = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` },
        body: JSON.stringify([
          { query: '{ viewer { isSuperuser } }' },
          { query: 'mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', variables: { input } },
        ]),
      });
      return { status: r.status, body: await r.json() };
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BATCH_NOT_ALLOWED');
    expect(ran).toBe(0);
    expect(await counts(app)).toEqual(before);
  });
});

describe('documents graphql-js cannot validate quickly are refused before Apollo parses them (issue 11, item 9)', () => {
  const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');
  // Each holds a field that does not exist: refused with a document limit's code rather than
  // GRAPHQL_VALIDATION_FAILED, it never reached validation. Before these limits the first kept the event loop
  // (and /healthz) busy for 15 s, the second for over 14 minutes. How long the worst accepted document takes
  // is measured in test/unit/document-limits.test.ts, in CPU time, so that no test here waits on the clock.
  const refused: Array<[string, string, string, number]> = [
    ["the issue's 85 KB of `countries { id }`", `{ nope ${'countries { id } '.repeat(5_000)}}`, 'TOO_MANY_TOKENS', 5_000],
    ['850 KB of it', `{ nope ${'countries { id } '.repeat(50_000)}}`, 'TOO_MANY_TOKENS', 5_000],
    ['brackets nested 600 deep', `{ nope viewer { ${'... on Viewer { '.repeat(600)}isSuperuser${' }'.repeat(600)} } }`, 'DOCUMENT_TOO_DEEP', 500],
    [
      'a fragment spread under two aliases, each level down (2^25 selections in 1.9 KB)',
      `{ nope company(id: "00000000-0000-4000-8000-000000000000") { ...F0 } } ${repeat(25, (i) => `fragment F${i} on Company { a: globalHeadquarters { ...F${i + 1} } b: globalHeadquarters { ...F${i + 1} } }`)} fragment F25 on Company { id }`,
      'TOO_MANY_FIELDS',
      5_000,
    ],
    ['one field 201 times', `{ nope viewer { ${'isSuperuser '.repeat(201)}} }`, 'FIELD_MERGING_TOO_COSTLY', 20_000],
    ['200 copies of a field with a one-value filter (300 ms to validate)', `{ nope ${repeat(200, () => 'companies(first: 1, filter: { name: { in: ["a"] } }) { totalCount }')} }`, 'FIELD_MERGING_TOO_COSTLY', 20_000],
  ];

  it('as a metadata-only partner client: coded 400s, no SQL', async () => {
    const client = await createClientCaller(app, { scopes: ['metadata'] });
    await client.gql('{ countries { id } }'); // warms the token cache
    for (const [what, query, code, limit] of refused) {
      const before = statements.count;
      const res = await client.gql(query);
      expect(res.status, what).toBe(400);
      expect(res.body, what).toEqual({ errors: [{ message: expect.any(String), extensions: { code, limit } }] });
      expect(statements.count - before, what).toBe(0);
    }
  });

  it('over GET too', async () => {
    const res = await fetch(`${app.url}/graphql?query=${encodeURIComponent(`{ viewer { ${'isSuperuser '.repeat(201)}} }`)}`, { headers: { authorization: `Bearer ${app.token}` } });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions).toEqual({ code: 'FIELD_MERGING_TOO_COSTLY', limit: 20_000 });
  });

  it('the worst repeated field the limits let through is answered, also behind a new comment each time', async () => {
    const client = await createClientCaller(app, { scopes: ['metadata'] });
    const worst = `{ ${'countries { id } '.repeat(100)}}`;
    // Apollo caches a document by its exact text; each comment makes it a new document, checked and validated
    // again, which the limits keep cheap. The last comment is 900 KB (comments are not tokens).
    for (const comment of ['', ...Array.from({ length: 5 }, (_, i) => `# ${i}\n`), `# ${'x'.repeat(900_000)}\n`]) {
      const res = await client.gql(comment + worst);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.countries.length).toBeGreaterThan(0);
    }
    const once = await client.gql(`{ ${'countries { id } '.repeat(101)}}`);
    expect(once.body.errors[0].extensions.code).toBe('FIELD_MERGING_TOO_COSTLY');
  });
});

describe('a search costs 1,000, so aliases multiply it (issue 11, item 11)', () => {
  const searches = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: searchCompanies(term: "${'q'.repeat(199)}${i}") { totalCount }`).join(' ')} }`;

  it('a partner client gets four searches in one request, not five, and the fifth costs no SQL', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read', 'search:read'] });
    const four = await client.gql(searches(4));
    expect(four.body.errors).toBeUndefined();
    // Each: 1,000 for the search, 1 for its connection.
    expect(four.body.extensions.cost).toBe(4 * 1_001);
    const before = statements.count;
    const five = await client.gql(searches(5));
    expect(statements.count - before).toBe(0);
    expect(five.status).toBe(400);
    expect(five.body.errors).toEqual([{ message: expect.stringMatching(/5005 > 5000/), extensions: { code: 'QUERY_TOO_COSTLY', measured: 5_005, limit: 5_000 } }]);
  });
});

describe("partner clients' own, stricter limits", () => {
  it('a query an adviser may run is refused for a client over CLIENT_MAX_QUERY_DEPTH and CLIENT_MAX_QUERY_ALIASES, with no SQL', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read'] });
    await client.gql('{ companies(first: 1) { totalCount } }'); // warms the token cache
    const deep = `{ companies(first: 1) { edges { node { ${nest(7, 'id')} } } } }`; // depth 11
    expect((await app.gql(deep)).body.errors).toBeUndefined();
    const aliases = `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: companies(first: 1) { totalCount }`).join(' ')} }`;
    expect((await app.gql(aliases)).body.errors).toBeUndefined();
    for (const [query, code, measured, limit] of [
      [deep, 'QUERY_TOO_DEEP', 11, 10],
      [aliases, 'TOO_MANY_ALIASES', 11, 10],
    ] as const) {
      const before = statements.count;
      const res = await client.gql(query);
      expect(statements.count - before, code).toBe(0);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toEqual({ code, measured, limit });
    }
  });
});

describe('what the limits let through', () => {
  it("the README's company page and the batching probe at 50 companies, with their cost", async () => {
    const page = await app.gql(COMPANY_PAGE, { id: companyId });
    expect(page.status).toBe(200);
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data.company.contacts.totalCount).toBe(1);
    expect(page.body.extensions.cost).toBe(96);

    const probe = await app.gql(BATCHING, { n: 50 });
    expect(probe.body.errors).toBeUndefined();
    expect(probe.body.extensions.cost).toBe(2451);
  });

  it('every response carries its cost, not only in debug mode', async () => {
    const quiet = await serveAlso((config) => ({ ...config, debugSql: false }));
    try {
      const res = await quiet.ask('{ viewer { isSuperuser } countries { name } }');
      expect(res.body.extensions).toEqual({ cost: 2 });
    } finally {
      await quiet.close();
    }
  });

  it("GraphiQL's introspection query (deep ofType chains) passes and costs nothing", async () => {
    for (const query of [getIntrospectionQuery(), getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true })]) {
      const { res, ran } = await afterWarmUp(() => app.gql(query));
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.__schema.queryType.name).toBe('Query');
      expect(res.body.extensions.cost).toBe(0);
      expect(ran).toBe(0);
    }
  });

  it('introspection nested to dig through the schema is still refused', async () => {
    // graphql-js's own MaxIntrospectionDepthRule bounds nested type lists (fields, inputFields, ...);
    // the depth limit counts introspection too (ofType aside), as a second line.
    const query = `{ __schema { types { ${Array.from({ length: 6 }).reduce<string>((s) => `fields { type { ${s} } }`, 'name')} } } }`;
    const { res, ran } = await afterWarmUp(() => app.gql(query));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(/introspection depth/);
    expect(ran).toBe(0);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After over the limit, runs no SQL, and refills with time', async () => {
    let clock = 1_000_000;
    // One request a second, two at once: the third in the same instant is refused.
    const limited = await serveAlso(
      (config) => ({ ...config, limits: { ...config.limits, adviser: { ...config.limits.adviser, ratePerMinute: 60, rateBurst: 2 } } }),
      () => clock,
    );
    const ask = () => limited.ask('{ viewer { isSuperuser } }');
    try {
      expect((await ask()).status).toBe(200);
      expect((await ask()).status).toBe(200);
      const before = statements.count;
      const refused = await ask();
      expect(statements.count - before).toBe(0);
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBe('1');
      expect(refused.body).toEqual({
        errors: [{ message: expect.stringMatching(/try again in 1 s/), extensions: { code: 'RATE_LIMITED', retryAfter: 1 } }],
      });

      clock += 999;
      expect((await ask()).status).toBe(429);
      clock += 1;
      expect((await ask()).status).toBe(200);
      expect((await ask()).status).toBe(429);
      // A quiet minute fills the bucket up to its burst, not beyond.
      clock += 60_000;
      expect((await ask()).status).toBe(200);
      expect((await ask()).status).toBe(200);
      expect((await ask()).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
