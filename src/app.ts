import http from 'node:http';
import type { EntityManager } from '@mikro-orm/core';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { withAuditScope } from './audit/actor.js';
import { auditOperationPlugin } from './audit/audit.plugin.js';
import { rowScope } from './auth/row-rules.js';
import { createAuthenticator, mediaType, type Caller, type ResponseSigner } from './auth/authenticate.js';
import { callerKey, createRateLimiter, rateLimitedBody } from './auth/rate-limit.js';
import { TooManyFailedAuthentications } from './auth/failed-auth-throttle.js';
import { pageLimits, type Config } from './config/config.js';
import { secretKeyOf } from './config/secret-key.js';
import { useCursorKeys } from './db/cursor-keys.js';
import { pendingMigrations } from './db/migrations.js';
import type { Orm } from './db/orm.js';
import { runWithSqlStats, type SqlStats } from './db/sql-stats.js';
import { RequestBudget, withRequestBudget } from './db/request-budget.js';
import { asServiceUnavailable, RETRY_AFTER_SECONDS } from './db/unavailable.js';
import { withWriteListener } from './db/write-scope.js';
import { AppError } from './errors.js';
import type { Context } from './graphql/context.js';
import { createErrorFormatter, queryTimeoutStatusPlugin, serviceUnavailableStatusPlugin } from './graphql/format-error.js';
import { DOCUMENT_LIMITS, documentRefusal } from './graphql/document-limits.js';
import { BATCH_REFUSAL, queryLimitsPlugin, schemaHintsPlugin } from './graphql/limits.js';
import { Loaders } from './graphql/loaders.js';
import { fieldAccessFrom, memoised } from './graphql/field-access.js';
import { readRules, ruleTree } from './graphql/permissions.js';
import { knownOperationTypesRule, requestShapePlugin } from './graphql/request-shape.js';
import { buildAppSchema } from './graphql/schema.js';
import { serveGraphiql } from './graphiql/graphiql.js';
import type { Logger } from './logger.js';
import { createSearchBackend } from './search/backend.js';
import { startDrainer, type Drainer } from './search/drainer.js';
import { readBody } from './request-body.js';
import { serveExport } from './search/export.js';
import { metricsEndpoint } from './metrics.js';
import type { SearchBackend } from './search/search.types.js';
import { createServices } from './services.js';

export type App = {
  /** The node HTTP handler: /graphql, /graphiql, /healthz, /readyz. */
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  apollo: ApolloServer<Context>;
  /** The search backend, and the outbox drainer when this process drains (embedded quick start). */
  search: { backend: SearchBackend; drainer?: Drainer };
  stop: () => Promise<void>;
};

export type RunningServer = { url: string; server: http.Server; close: () => Promise<void> };

/** A JSON response; `sign` adds Hawk's Server-Authorization for a caller whose request was signed. */
function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, sign?: ResponseSigner): void {
  const text = JSON.stringify(body);
  if (sign) headers = { ...headers, 'server-authorization': sign({ contentType: 'application/json', payload: text }) };
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The HTTP status of a refusal made outside GraphQL (the body, an export's parameters). */
const REFUSAL_STATUS: Partial<Record<string, number>> = { PAYLOAD_TOO_LARGE: 413, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, SERVICE_UNAVAILABLE: 503, QUERY_TIMEOUT: 504 };

/** A GraphQL-shaped error response for refusals that happen before GraphQL runs (auth, body). */
function refuse(res: http.ServerResponse, status: number, error: AppError, headers: Record<string, string> = {}, sign?: ResponseSigner): void {
  sendJson(res, status, { errors: [{ message: error.message, extensions: { ...error.extensions, code: error.code } }] }, headers, sign);
}

/** An authentication refusal: 401, or 403 for a caller refused by its address; a stale Hawk clock gets its resync header. */
function refuseAuth(res: http.ServerResponse, error: AppError): void {
  const { ts, tsm } = error.extensions as { ts?: number; tsm?: string };
  const headers: Record<string, string> = ts !== undefined && tsm ? { 'www-authenticate': `Hawk ts="${ts}", tsm="${tsm}", error="Stale timestamp"` } : {};
  refuse(res, error.code === 'FORBIDDEN' ? 403 : 401, error, headers);
}

/** Reports the request's SQL statement count in `extensions` when DEBUG_SQL is on, and logs it at debug level. */
function sqlStatsPlugin(config: Config, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName }) {
          const statements = contextValue.sql?.statements ?? 0;
          logger.debug('graphql request', { requestId: contextValue.requestId, operationName, sqlStatements: statements });
          if (config.debugSql && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: statements };
          }
        },
      };
    },
  };
}

/**
 * `now` is the rate limiter's clock; tests pass their own to move time instead of sleeping. `schema` is the
 * guarded app schema unless the benchmark measures the rules' cost with the unguarded one.
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
  schema ??= await buildAppSchema();
  // Cursors are sealed with the server's secret (a random one of the process's own in tests).
  const secretKey = secretKeyOf(config);
  if (secretKey) useCursorKeys(secretKey, config.previousSecretKeys);
  const searchBackend = await createSearchBackend(config, orm);
  // Indices are created here if missing (`npm run cli -- search:migrate` does it explicitly); a backend that
  // is down does not stop the api: writes go on and queue in the outbox, searches answer SERVICE_UNAVAILABLE.
  await searchBackend.migrate().catch((error: unknown) =>
    logger.warn('search backend not ready; searches will fail until it is', { backend: searchBackend.name, error: error instanceof Error ? error.message : String(error) }),
  );
  // The embedded quick start has no worker: the api drains the search outbox itself.
  const drainer = config.search.inlineDrain ? startDrainer(orm, searchBackend, logger) : undefined;
  const fieldAccess = fieldAccessFrom(ruleTree, readRules);
  const services = createServices({ config, searchBackend, logger, drainer, fieldAccess });
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    // An operation type the schema lacks (subscription) is a validation error, not a failure inside execution.
    validationRules: [knownOperationTypesRule],
    // A second line behind documentRefusal below, for documents that reach Apollo another way.
    parseOptions: { maxTokens: DOCUMENT_LIMITS.maxTokens },
    plugins: [
      // First: refuses an unresolvable operation (unknown operationName) and bad inputs (too deep, too
      // large, NUL characters) before any other plugin or resolver sees them.
      requestShapePlugin(),
      sqlStatsPlugin(config, logger),
      // A response that failed only because the database (or search) is away is 503 with Retry-After.
      serviceUnavailableStatusPlugin(),
      // A response whose statements ran out of time (QUERY_TIMEOUT) is 504.
      queryTimeoutStatusPlugin(),
      // Depth, cost and alias limits per kind of caller, before execution; the cost in `extensions.cost`.
      queryLimitsPlugin(config),
      // No "Did you mean …?" for a partner refused introspection: its errors would map the schema.
      schemaHintsPlugin(),
      // Names the audit record's operation once the operation is known.
      auditOperationPlugin(),
      // GraphiQL is served by the app itself at /graphiql, from the project's own npm assets.
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP cache hints and no Apollo Studio traces: both hook every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();
  const limits = pageLimits(config);
  const authenticate = createAuthenticator(config, now);
  const rateLimit = createRateLimiter(config.limits, now);

  /**
   * Who is calling, before anything else runs: the credential (cached), the caller's address, its rate, and
   * for Hawk the signature over the body. Answers the refusal itself and returns undefined; otherwise the
   * caller, the body, and the signer of the response.
   */
  async function admit(req: http.IncomingMessage, res: http.ServerResponse, em: EntityManager) {
    /** Takes a token from the caller's bucket; when there is none, answers 429 and says so. */
    const limited = (caller: Caller, sign?: ResponseSigner): boolean => {
      const rate = rateLimit(caller.viewer);
      if (!rate.allowed) sendJson(res, 429, rateLimitedBody(rate.retryAfterSeconds), { 'retry-after': String(rate.retryAfterSeconds) }, sign);
      return !rate.allowed;
    };
    try {
      const caller = await authenticate(em, req);
      // A bearer caller over its rate costs no body parsing and no SQL; a Hawk caller is only known to be
      // who it says once its signature over the body checks out, so its bucket is charged after that.
      if (!caller.verify && limited(caller)) return undefined;
      const body = req.method === 'POST' ? await readBody(req) : '';
      const signResponse = await caller.verify?.(body);
      if (caller.verify && limited(caller, signResponse)) return undefined;
      return { caller, body, signResponse };
    } catch (error) {
      if (error instanceof AppError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
        refuseAuth(res, error);
        return undefined;
      }
      if (error instanceof TooManyFailedAuthentications) {
        const wait = error.retryAfterSeconds;
        sendJson(res, 429, rateLimitedBody(wait, error.reason, error.message), { 'retry-after': String(wait) });
        return undefined;
      }
      throw error;
    }
  }

  /** GET /export/<entity>.csv: a search's CSV, with the same authentication as /graphql. */
  async function exportCsv(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const em = orm.em.fork();
    const admitted = await admit(req, res, em);
    if (!admitted) return;
    try {
      await serveExport({ services, schema: schema! }, em, admitted.caller.viewer, url, res, admitted.signResponse);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = REFUSAL_STATUS[error.code] ?? 400;
      refuse(res, status, error, {}, admitted.signResponse);
    }
  }

  async function graphql(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const sql: SqlStats = { statements: 0 };
    await runWithSqlStats(sql, async () => {
      const em = orm.em.fork();
      const admitted = await admit(req, res, em);
      if (!admitted) return;
      const { caller, body, signResponse } = admitted;
      const { viewer } = caller;
      const rows = rowScope(viewer);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let parsed: unknown = {};
      if (body) {
        try {
          parsed = JSON.parse(body);
        } catch {
          return refuse(res, 400, new AppError('BAD_USER_INPUT', 'The request body is not valid JSON.', { reason: 'INVALID_JSON' }), {}, signResponse);
        }
      }
      // Apollo would answer a JSON array with a generic BAD_REQUEST; a coded refusal says what to change.
      if (Array.isArray(parsed)) return sendJson(res, 400, BATCH_REFUSAL, {}, signResponse);
      // A document graphql-js could not validate quickly (too many tokens, too deep, too many fields to compare)
      // is refused before Apollo parses it: no Apollo hook before validation can answer a coded refusal.
      const tooBig = documentRefusal(req.method === 'GET' ? url.searchParams.get('query') : (parsed as { query?: unknown } | null)?.query);
      if (tooBig) return sendJson(res, 400, { errors: [tooBig] }, {}, signResponse);
      const context: Context = {
        em,
        viewer,
        rows,
        loaders: new Loaders(em, limits, rows),
        services,
        config,
        logger,
        sql,
        requestId: randomUUID(),
        canRead: memoised(fieldAccess, viewer),
      };
      // The request's statements share a time budget, and stop once the request is over: a response closed
      // before it was written means the client left; after it, any statement still running is for nobody
      // (src/db/request-budget.ts).
      const budget = new RequestBudget(config.timeBudgetMs[viewer.kind], undefined, callerKey(viewer));
      res.once('close', () => budget.stop(res.writableEnded ? 'ANSWERED' : 'CLIENT_DISCONNECTED'));
      // Every write the operation makes is recorded with its caller (src/audit), and empties the request's
      // loaders so that what it reads afterwards is what was committed.
      const response = await withRequestBudget(budget, () =>
        withAuditScope(viewer, context.requestId, () =>
          withWriteListener(
            () => context.loaders.clearAll(),
            () =>
              apollo.executeHTTPGraphQLRequest({
                httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsed },
                context: async () => context,
              }),
          ),
        ),
      );
      const outHeaders: Record<string, string> = {};
      for (const [key, value] of response.headers) outHeaders[key] = value;
      let payload: string;
      if (response.body.kind === 'complete') payload = response.body.string;
      else {
        payload = '';
        for await (const chunk of response.body.asyncIterator) payload += chunk;
      }
      if (signResponse) outHeaders['server-authorization'] = signResponse({ contentType: mediaType(outHeaders['content-type']), payload });
      res.writeHead(response.status ?? 200, outHeaders);
      res.end(payload);
    });
  }

  const metrics = metricsEndpoint({ orm, drainer, token: config.metricsToken, now });

  async function ready(res: http.ServerResponse): Promise<void> {
    try {
      const pending = await pendingMigrations(orm);
      if (pending.length) return sendJson(res, 503, { status: 'not ready', pendingMigrations: pending });
      sendJson(res, 200, { status: 'ready' });
    } catch (error) {
      sendJson(res, 503, { status: 'not ready', reason: 'database unreachable' });
    }
  }

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = async () => {
      if (url.pathname === '/graphql') return graphql(req, res, url);
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') return ready(res);
      if (url.pathname === '/metrics') return metrics(req, res);
      if (url.pathname.startsWith('/export/') && req.method === 'GET') return exportCsv(req, res, url);
      if (url.pathname === '/' ) {
        res.writeHead(302, { location: '/graphiql' });
        return res.end();
      }
      if (serveGraphiql(req, res, url)) return;
      sendJson(res, 404, { errors: [{ message: `No route ${url.pathname}; the API is at /graphql.`, extensions: { code: 'NOT_FOUND' } }] });
    };
    route().catch((error: unknown) => {
      // The database went away under the request (authentication, an export, /metrics): 503, not 500.
      const unavailable = asServiceUnavailable(error);
      if (unavailable) {
        logger.warn('request refused: service unavailable', { path: url.pathname, error: error instanceof Error ? error.message : String(error) });
        return res.headersSent ? void res.end() : refuse(res, 503, unavailable, { 'retry-after': String(RETRY_AFTER_SECONDS) });
      }
      if (error instanceof AppError) return refuse(res, REFUSAL_STATUS[error.code] ?? 400, error);
      const errorId = randomUUID();
      logger.error('request failed', { errorId, error: error instanceof Error ? error.stack : String(error) });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: `Internal error; quote error id ${errorId}.`, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } }] });
      else res.end();
    });
  };

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
