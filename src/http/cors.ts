import type http from 'node:http';
import type { Config } from '../config/config.js';
import { AppError } from '../errors.js';
import { refuse } from './respond.js';

/**
 * Request headers a browser page may send: the credential (Bearer or Hawk's Authorization), the JSON body's
 * type, and the two headers Apollo's CSRF prevention accepts in place of a non-simple content type.
 */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Apollo-Require-Preflight, X-Apollo-Operation-Name';

/**
 * Response headers a page must be able to read: when to retry (429, 503), Hawk's signature over the
 * response, and an export's file name.
 */
const EXPOSED_HEADERS = 'Retry-After, Server-Authorization, WWW-Authenticate, Content-Disposition';

/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The dev servers the quick start lets in: any port on the loopback names a browser uses. */
const LOCALHOST_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;

/** The paths a browser app calls; the others (GraphiQL, health, metrics) are not for other origins. */
const isCorsPath = (pathname: string) => pathname === '/graphql' || pathname.startsWith('/export/');

export type Cors = {
  /**
   * Answers a preflight itself (204, or 403 for an origin not allowed) and returns true; otherwise sets
   * the CORS headers an allowed origin's response carries, whatever its status, and returns false.
   */
  handle: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean;
};

export function createCors({ origins, localhost }: Config['cors']): Cors {
  const listed = new Set(origins);
  const allows = (origin: string) => listed.has(origin) || (localhost && LOCALHOST_ORIGIN.test(origin));
  return {
    handle: (req, res, url) => {
      const origin = req.headers.origin;
      // No Origin (curl, servers, same-origin GETs): nothing changes.
      if (!origin || !isCorsPath(url.pathname)) return false;
      const allowed = allows(origin);
      res.setHeader('vary', 'Origin');
      if (allowed) {
        // The origin itself, never `*`: requests carry Authorization.
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      }
      const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
      if (!preflight) return false;
      // Answered before authentication and rate limiting: a browser sends no credential with a preflight.
      if (!allowed) {
        refuse(res, 403, new AppError('FORBIDDEN', `Origin ${origin} may not call this API from a browser; ask for it to be added to CORS_ORIGINS.`, { reason: 'CORS_ORIGIN_NOT_ALLOWED' }));
        return true;
      }
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
      res.end();
      return true;
    },
  };
}
