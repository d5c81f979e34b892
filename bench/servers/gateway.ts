/** The gateway as `npm start` runs it (createApp + listen), in a process of its own. */
import 'reflect-metadata';
import { createApp, listen } from '../../src/app.js';
import { openDatabase } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { buildUnguardedSchema } from '../../src/system.js';
import { createLogger } from '../../src/logger.js';
import { countPgStatements, env, fail, serveParent } from './child.js';

async function main(): Promise<void> {
  countPgStatements();
  const config = loadConfig({
    NODE_ENV: 'production',
    SECRET_KEY: env('SECRET_KEY'),
    DATABASE_URL: env('BENCH_DATABASE_URL'),
    DATABASE_POOL_SIZE: env('BENCH_POOL_SIZE'),
    LOG_LEVEL: 'warn',
    DEBUG_SQL: 'false',
    // A load generator is one caller sending thousands of requests a minute: the per-caller limit is off.
    RATE_LIMIT_PER_MINUTE: '0',
    // The token's lookup is kept 60 s instead of 5 s, so the one request whose statements are counted never
    // lands just after it expired (it did: 2 statements, the lookup and the page). Under load that is one
    // lookup a minute instead of one per 5 s, out of tens of thousands of requests either way.
    AUTH_CACHE_TTL_MS: '60000',
    // The search backend: OpenSearch when the search bench passes a node (bench/search.ts), else PostgreSQL
    // full-text. The api never drains the outbox here: a worker's drainer does (the search bench runs one).
    ...(process.env.BENCH_OPENSEARCH_URL
      ? { OPENSEARCH_URL: process.env.BENCH_OPENSEARCH_URL, OPENSEARCH_INDEX_PREFIX: env('BENCH_OPENSEARCH_INDEX_PREFIX') }
      : {}),
    SEARCH_INLINE_DRAIN: 'false',
  });
  const logger = createLogger(config.logLevel);
  const orm = await openDatabase(config, logger);
  // --rules off: the same schema without graphql-shield, only to measure what the rules cost.
  const schema = env('BENCH_RULES') === 'off' ? await buildUnguardedSchema() : undefined;
  const app = await createApp({ config, orm, logger, schema });
  const server = await listen(app, '127.0.0.1', 0);
  serveParent(server.url, {
    // Throughput is measured with DEBUG_SQL off; it is switched on for the one request that reads
    // `extensions.sqlStatements` (the app reads config.debugSql on every response).
    'debug-sql': (message) => {
      config.debugSql = Boolean(message.on);
      return config.debugSql;
    },
  }, { poolSize: config.poolSize, searchBackend: config.search.opensearchUrl ? 'opensearch' : 'postgres' });
}

main().catch(fail);
