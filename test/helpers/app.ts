import { createApp, listen } from '../../src/app.js';
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
  close: () => Promise<void>;
};

/** The real gateway over HTTP on a free port, on this test file's own database. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { debugSql: true, ...overrides });
  const logger = createLogger(config.logLevel);
  const app = await createApp({ config, orm: db.orm, logger });
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
    close: async () => {
      await server.close();
      await db.drop();
    },
  };
}
