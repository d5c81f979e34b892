import { randomUUID } from 'node:crypto';
import { createApp, listen, type App } from '../../src/app.js';
import { drainOutboxBatch } from '../../src/search/outbox.js';
import { searchCatalog } from '../../src/system.js';
import { createAdviserToken } from '../../src/auth/tokens.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { Orm } from '../../src/db/orm.js';
import { createLogger } from '../../src/logger.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { createTestDatabase } from './db.js';

export type GqlResult = { status: number; body: any };

export type TestApp = {
  url: string;
  orm: Orm;
  /** The server database's URL (server runs only; embedded runs have none). */
  databaseUrl?: string;
  /** A superuser's bearer token. */
  token: string;
  adminId: string;
  /** POSTs a GraphQL request to /graphql with the admin token (or the one given; null sends none). */
  gql: (query: string, variables?: Record<string, unknown>, token?: string | null) => Promise<GqlResult>;
  /** Rows of one SQL statement against this file's database. */
  sql: <T = any>(text: string, params?: unknown[]) => Promise<T[]>;
  /** Waits until every committed change is searchable: the outbox drained and the backend refreshed. */
  settleSearch: () => Promise<void>;
  search: App['search'];
  /** The gateway's configuration (for running the CLI's commands and jobs against the same backend). */
  config: Config;
  close: () => Promise<void>;
};

/**
 * The search backend of a test app: OpenSearch when OPENSEARCH_URL is set (the server CI run), with
 * indices of this test file's own (a unique prefix, deleted on close), else PostgreSQL full-text on the
 * file's database. Tests drain the outbox when they need to (`settleSearch`).
 */
function testSearchConfig(): Config['search'] {
  return {
    opensearchUrl: process.env.OPENSEARCH_URL || undefined,
    indexPrefix: `t${randomUUID().slice(0, 8)}_`,
    inlineDrain: false,
  };
}

async function dropTestIndices(config: Config): Promise<void> {
  const { opensearchUrl, indexPrefix } = config.search;
  if (!opensearchUrl) return;
  await fetch(`${opensearchUrl.replace(/\/$/, '')}/${indexPrefix}*?expand_wildcards=all`, { method: 'DELETE' }).catch(() => undefined);
}

/**
 * How long a test app trusts a credential lookup unless the test says otherwise: longer than any test
 * runs. With the production default (5 s) a busy machine can let it expire between two requests, and a
 * test counting SQL statements then counts the lookup too. Tests of expiry pass their own clock (`now`).
 */
const TEST_AUTH_CACHE_TTL_MS = 60 * 60 * 1000;

/**
 * The real gateway over HTTP on a free port, on this test file's own database. `now` is the clock of its
 * credential cache, rate limiter and Hawk checks: a test moves it instead of sleeping.
 */
export async function createTestApp(overrides: Partial<Config> = {}, { now }: { now?: () => number } = {}): Promise<TestApp> {
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
    { debugSql: true, authCacheTtlMs: TEST_AUTH_CACHE_TTL_MS, search: testSearchConfig(), ...overrides },
  );
  // The read pool gets the app's statement timeout, as databaseTarget(config) gives it outside tests.
  const db = await createTestDatabase({ statementTimeoutMs: config.statementTimeoutMs });
  const logger = createLogger(config.logLevel);
  const app = await createApp({ config, orm: db.orm, logger, now });
  const server = await listen(app, '127.0.0.1', 0);
  const em = db.orm.em.fork();
  const admin = await createAdviser(em, { email: 'admin@test.example', name: 'Test Admin', superuser: true });
  const { token } = await createAdviserToken(em, admin, { days: 1 });

  const gql = async (query: string, variables: Record<string, unknown> = {}, as: string | null = token): Promise<GqlResult> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${as}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text };
    }
    return { status: res.status, body };
  };

  return {
    url: server.url,
    orm: db.orm,
    databaseUrl: db.url,
    token,
    adminId: admin.id,
    gql,
    sql: async (text, params = []) => (await db.orm.em.fork().getConnection().execute(text, params, 'all')) as any[],
    search: app.search,
    config,
    settleSearch: async () => {
      // Drains here, in the test, rather than in the background: nothing runs SQL between requests that a
      // test did not ask for (some tests count every statement the process runs).
      for (;;) {
        const result = await drainOutboxBatch(db.orm, app.search.backend, searchCatalog);
        if (result.error) throw new Error(`search backend refused a batch: ${result.error}`);
        if (!result.claimed) break;
      }
      await app.search.backend.refresh();
    },
    close: async () => {
      await server.close();
      await dropTestIndices(config);
      await db.drop();
    },
  };
}
