import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { asServiceUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.js';
import { AppError } from '../errors.js';
import { isGraphiqlPath, serveGraphiql } from '../graphiql/graphiql.js';
import type { Logger } from '../logger.js';
import type { Cors } from './cors.js';
import { healthz } from './readiness.js';
import { REFUSAL_STATUS, refuse, sendJson } from './respond.js';

/** Answers one request. A handler may throw: the router turns the error into 503, a coded refusal or 500. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> | void;

/** The handlers that hold the app's own pieces (its ORM, services, Apollo server); the others need nothing. */
export type AppHandlers = { graphql: Handler; exportCsv: Handler; metrics: Handler; ready: Handler };

type Route = { matches: (req: http.IncomingMessage, url: URL) => boolean; handle: Handler };

const at = (pathname: string, handle: Handler): Route => ({ matches: (_req, url) => url.pathname === pathname, handle });

const toGraphiql: Handler = (_req, res) => {
  res.writeHead(302, { location: '/graphiql' });
  res.end();
};

/** Every route the API serves; the first that matches answers, and a request none matches is 404. */
function routeTable(handlers: AppHandlers): Route[] {
  return [
    at('/graphql', handlers.graphql),
    at('/healthz', healthz),
    at('/readyz', handlers.ready),
    at('/metrics', handlers.metrics),
    { matches: (req, url) => url.pathname.startsWith('/export/') && req.method === 'GET', handle: handlers.exportCsv },
    at('/', toGraphiql),
    { matches: (_req, url) => isGraphiqlPath(url.pathname), handle: serveGraphiql },
  ];
}

function notFound(res: http.ServerResponse, url: URL): void {
  sendJson(res, 404, { errors: [{ message: `No route ${url.pathname}; the API is at /graphql.`, extensions: { code: 'NOT_FOUND' } }] });
}

/** The answer to an error a handler did not answer itself. */
function answerError(res: http.ServerResponse, url: URL, error: unknown, logger: Logger): void {
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
}

/**
 * The node HTTP handler: CORS first (a preflight is answered before any route, so before authentication),
 * one table of routes, the 404, and one place where failures are answered.
 */
export function createRouter(handlers: AppHandlers, logger: Logger, cors: Cors): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const routes = routeTable(handlers);
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The CORS headers are set on `res` here, so every answer below (401, 429, 503, 500) carries them.
    if (cors.handle(req, res, url)) return;
    // Async, so that a handler's synchronous throw is answered like a rejected one.
    const route = async () => {
      const matched = routes.find((r) => r.matches(req, url));
      return matched ? matched.handle(req, res, url) : notFound(res, url);
    };
    route().catch((error: unknown) => answerError(res, url, error, logger));
  };
}
