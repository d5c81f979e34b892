import http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import { createAuthenticator } from './auth/authenticate.js';
import { createRateLimiter } from './auth/rate-limit.js';
import type { Config } from './config/config.js';
import { secretKeyOf } from './config/secret-key.js';
import { useCursorKeys } from './db/cursor-keys.js';
import type { Orm } from './db/orm.js';
import type { Context } from './graphql/context.js';
import { fieldAccessFrom } from './graphql/field-access.js';
import { createAdmission } from './http/admission.js';
import { createCors } from './http/cors.js';
import { startApolloServer } from './http/apollo-server.js';
import { createExportHandler } from './http/export-handler.js';
import { createGraphqlHandler } from './http/graphql-handler.js';
import { createLinkAdmission } from './http/link-admission.js';
import { readiness } from './http/readiness.js';
import { createRouter } from './http/router.js';
import type { Logger } from './logger.js';
import { metricsEndpoint } from './metrics.js';
import { createSearchBackend } from './search/backend.js';
import { startDrainer, type Drainer } from './search/drainer.js';
import type { SearchBackend } from './search/search.types.js';
import { buildAppSchema, createServices, readRules, ruleTree, searchCatalog } from './system.js';

export type App = {
  /** The node HTTP handler: /graphql, /graphiql, /healthz, /readyz, /metrics, /export/<entity>.csv (src/http/router.ts). */
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  apollo: ApolloServer<Context>;
  /** The search backend, and the outbox drainer when this process drains (embedded quick start). */
  search: { backend: SearchBackend; drainer?: Drainer };
  stop: () => Promise<void>;
};

export type RunningServer = { url: string; server: http.Server; close: () => Promise<void> };

/** The search backend, its indices made if missing, and the drainer when this process drains the outbox itself. */
async function startSearch(config: Config, orm: Orm, logger: Logger): Promise<{ backend: SearchBackend; drainer?: Drainer }> {
  const backend = await createSearchBackend(config, orm, searchCatalog);
  // Indices are created here if missing (`npm run cli -- search:migrate` does it explicitly); a backend that
  // is down does not stop the api: writes go on and queue in the outbox, searches answer SERVICE_UNAVAILABLE.
  await backend.migrate().catch((error: unknown) =>
    logger.warn('search backend not ready; searches will fail until it is', { backend: backend.name, error: error instanceof Error ? error.message : String(error) }),
  );
  // The embedded quick start has no worker: the api drains the search outbox itself.
  const drainer = config.search.inlineDrain ? startDrainer(orm, backend, searchCatalog, logger) : undefined;
  return { backend, drainer };
}

/**
 * Builds the app's pieces and wires its handlers into the router (src/http/). `now` is the rate limiter's
 * clock; tests pass their own to move time instead of sleeping. `schema` is the guarded app schema unless
 * the benchmark measures the rules' cost with the unguarded one.
 */
export async function createApp({
  config,
  orm,
  logger,
  now = Date.now,
  schema,
}: {
  config: Config;
  orm: Orm;
  logger: Logger;
  now?: () => number;
  schema?: GraphQLSchema;
}): Promise<App> {
  const servedSchema = schema ?? (await buildAppSchema());
  // Cursors are sealed with the server's secret (a random one of the process's own in tests).
  const secretKey = secretKeyOf(config);
  if (secretKey) useCursorKeys(secretKey, config.previousSecretKeys);
  const { backend: searchBackend, drainer } = await startSearch(config, orm, logger);
  const fieldAccess = fieldAccessFrom(ruleTree, readRules);
  const services = createServices({ config, searchBackend, logger, drainer, fieldAccess });
  const apollo = await startApolloServer({ schema: servedSchema, config, logger });
  // One rate limiter: a signed export link is charged to its maker's bucket, as the maker's requests are.
  const rateLimit = createRateLimiter(config.limits, now);
  const admit = createAdmission({ authenticate: createAuthenticator(config, now), rateLimit });
  const admitLink = createLinkAdmission({ rateLimit, trustedProxyHops: config.trustedProxyHops, now });
  const handle = createRouter(
    {
      graphql: createGraphqlHandler({ orm, admit, apollo, services, config, logger, fieldAccess }),
      exportCsv: createExportHandler({ orm, admit, admitLink, services, schema: servedSchema, config }),
      metrics: metricsEndpoint({ orm, drainer, token: config.metricsToken, now }),
      ready: readiness({ orm }),
    },
    logger,
    createCors(config.cors),
  );
  return {
    handle,
    apollo,
    search: { backend: searchBackend, drainer },
    stop: async () => {
      await apollo.stop();
      await drainer?.stop();
      await searchBackend.close();
    },
  };
}

/** Listens on host:port (0 = any free port) and resolves with the base URL. */
export async function listen(app: App, host: string, port: number): Promise<RunningServer> {
  const server = http.createServer(app.handle);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.stop();
    },
  };
}
