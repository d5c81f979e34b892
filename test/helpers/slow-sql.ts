import { performance } from 'node:perf_hooks';
import { createApp, listen, type RunningServer } from '../../src/app.js';
import type { Config } from '../../src/config/config.js';
import type { Orm } from '../../src/db/orm.js';
import { createLogger } from '../../src/logger.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestApp, type GqlResult, type TestApp } from './app.js';
import { createClientCaller, type ClientCaller } from './callers.js';
import { REFS } from './factories.js';

/** Shared by the slow-SQL tests (test/e2e/slow-sql*.test.ts): a slow filter, companies it is slow on, and probes. */

export const onServer = Boolean(process.env.DATABASE_URL);

/**
 * A pattern at the length cap that costs PostgreSQL the most per row: after the leading `%`, the matcher tries
 * the 255 characters that follow at every position of a long name, and `ilike` lower-cases it for every row.
 * Four of them (the cap of one filter's patterns together), tested on names of 250 a's: about 350 µs a row
 * on the server (7 s over 20,000 rows), 550 µs on PGlite, and none of them ever matches.
 */
export const hostile = (last: string) => `%${'a_'.repeat(127)}${last}`;
export const HOSTILE_FILTER = { or: ['b', 'c', 'd', 'e'].map((last) => ({ name: { ilike: hostile(last) } })) };
/** Rows the hostile filter scans: enough for its statement to run many times its timeout. */
// On a server, enough that one hostile statement runs for half a minute or more (about 350 µs a row): a test
// that sees it gone within seconds knows it was stopped, not finished, however busy the machine is.
export const ROWS = onServer ? 100_000 : 2_000;
/** How long a test waits for a stopped statement to be gone: far less than one runs when nothing stops it. */
export const STOPPED_WITHIN_MS = 15_000;

export const aliased = (n: number) =>
  `query Hostile($f: CompanyFilter) { ${Array.from({ length: n }, (_, i) => `a${i}: companies(first: 1, filter: $f) { edges { node { id } } }`).join(' ')} }`;

/** Another app on the same database, configured otherwise (and, given an ORM, reading through its pools). */
export type Extra = { url: string; gql: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GqlResult>; close: () => Promise<void> };

export async function serveAlso(base: TestApp, changes: Partial<Config>, orm: Orm = base.orm): Promise<Extra> {
  const config = { ...base.config, ...changes };
  const server: RunningServer = await listen(await createApp({ config, orm, logger: createLogger('silent') }), '127.0.0.1', 0);
  return {
    url: server.url,
    gql: (query, variables = {}, token = base.token) => post(server.url, query, variables, token),
    close: () => server.close(),
  };
}

export async function post(url: string, query: string, variables: Record<string, unknown>, token: string, signal?: AbortSignal): Promise<GqlResult> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  return { status: res.status, body: await res.json() };
}

export async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

/** Polls `check` until it holds, for at most `withinMs`; returns how long that took. */
export async function until(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}


/**
 * Statements running now in this test's database, other than this one, for longer than `forMs` (server only):
 * the hostile ones, when the test runs nothing else slow. (Their text cannot tell: pg_stat_activity keeps its
 * first 1,024 bytes, all of them the select list.)
 */
export const running = async (app: TestApp, forMs = 0) =>
  (
    await app.sql(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid() and clock_timestamp() - query_start >= ? * interval '1 millisecond'`,
      [forMs],
    )
  )[0].n as number;

/** A test app with ROWS companies the hostile filter is slow on, and a partner client reading companies. */
export async function slowSqlApp(): Promise<{ app: TestApp; partner: ClientCaller }> {
  // Only what a test configures stops a statement here: the read pool's own timeout is out of the way.
  const app = await createTestApp({ statementTimeoutMs: 60_000 });
  const partner = await createClientCaller(app, { scopes: ['company:read'] });
  await app.sql(
    `insert into company (id, created_on, modified_on, name, address_line1, address_town, address_country_id)
     select gen_random_uuid(), now(), now(), repeat('a', 250) || i, '1 High Street', 'London', ? from generate_series(1, ${ROWS}) i`,
    [REFS.uk],
  );
  await app.sql('analyze company');
  return { app, partner };
}

/**
 * The file's slow-SQL app, made before its tests and closed after them: `app`, `partner` and `running` are
 * there once the tests run.
 */
export function useSlowSqlApp(): { app: TestApp; partner: ClientCaller; running: (forMs?: number) => Promise<number> } {
  const state = {} as { app: TestApp; partner: ClientCaller; running: (forMs?: number) => Promise<number> };
  beforeAll(async () => {
    Object.assign(state, await slowSqlApp());
    state.running = (forMs = 0) => running(state.app, forMs);
  }, 120_000);
  afterAll(() => state.app?.close());
  return state;
}
