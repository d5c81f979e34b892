import type http from 'node:http';
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config/config.js';
import { AppError } from '../errors.js';
import { createAddressCheck } from './address-check.js';
import { clientIp } from './client-ip.js';
import { createCredentialCache } from './credential-cache.js';
import { createFailedAuthThrottle } from './failed-auth-throttle.js';
import { isHawkHeader, parseHawkHeader, signedHostCheck, signHawkResponse, verifyHawkRequest } from './hawk.js';
import { createSharedNonceStore } from './nonce-store.js';
import type { Viewer } from './viewer.js';

/** Signs a response for a Hawk caller: the `Server-Authorization` header's value. */
export type ResponseSigner = (response: { contentType: string; payload: string }) => string;

/**
 * Who is calling, known from the headers alone. A Hawk caller is not trusted yet: `verify` checks its MAC,
 * payload hash, timestamp and nonce against the body, and returns the signer for the response.
 */
export type Caller = { viewer: Viewer; verify?: (body: string) => Promise<ResponseSigner> };

const HAWK_SKEW_SECONDS = 60;

/** The media type alone, lowercased ("application/json; charset=utf-8" → "application/json"), as Hawk hashes it. */
export const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0].trim().toLowerCase();

/**
 * The host and port a Hawk client signed: from the Host header; without a port, 443 when a trusted proxy
 * says the request came over HTTPS, else 80.
 */
function signedHostPort(req: http.IncomingMessage, trustedProxyHops: number): { host: string; port: number } {
  const header = req.headers.host ?? '';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header);
  if (!match) throw new AppError('UNAUTHENTICATED', 'A Hawk request needs a Host header.', { reason: 'HAWK_NO_HOST' });
  const proto = trustedProxyHops > 0 ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
  return { host: match[1], port: match[2] ? Number(match[2]) : proto === 'https' ? 443 : 80 };
}

/** A credential was sent and refused: what the failed-authentication throttle counts. */
const isRefusedCredential = (error: unknown) =>
  error instanceof AppError && error.code === 'UNAUTHENTICATED' && error.extensions.reason !== 'NO_CREDENTIAL';

/**
 * Authentication before GraphQL runs: `Authorization: Bearer <token>` (advisers and bearer clients) or
 * `Authorization: Hawk ...` (Hawk clients). Credential lookups are cached (src/auth/credential-cache.ts);
 * a client's IP allowlist and a Hawk request's host and signature are checked on every request. Refusals
 * are AppErrors: UNAUTHENTICATED (HTTP 401) or FORBIDDEN for a disallowed address (HTTP 403); an address
 * with too many refused credentials gets TooManyFailedAuthentications instead of a lookup (HTTP 429).
 */
export function createAuthenticator(config: Config, now: () => number = Date.now) {
  const credentialFor = createCredentialCache(config.authCacheTtlMs);
  // Nonces are kept for twice the skew: a timestamp up to 60 s ahead stays acceptable for 120 s. In the
  // database, so that a request replayed to another api process is refused too.
  const noncesFor = createSharedNonceStore(2 * HAWK_SKEW_SECONDS * 1000, now);
  const checkSignedHost = signedHostCheck(config.publicHosts);
  const throttle = createFailedAuthThrottle(config.failedAuthLimit, now);
  const checkAddress = createAddressCheck(config.trustedProxyHops);

  /**
   * The address failed authentications are counted against: the client's (trusted proxies considered), or
   * the socket's when the forwarding chain names none (a refusal for clients, but advisers may call so).
   */
  function addressOf(req: http.IncomingMessage): string {
    try {
      return clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustedProxyHops);
    } catch {
      return `socket ${req.socket.remoteAddress ?? ''}`;
    }
  }

  /** Runs one step of authentication, counting a refused credential against the caller's address. */
  async function counting<T>(req: http.IncomingMessage, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (isRefusedCredential(error)) throttle.failed(addressOf(req));
      throw error;
    }
  }

  return (em: EntityManager, req: http.IncomingMessage): Promise<Caller> => counting(req, () => identify(em, req));

  async function identify(em: EntityManager, req: http.IncomingMessage): Promise<Caller> {
    const header = req.headers.authorization;
    const throttled = () => throttle.beforeLookup(addressOf(req));
    if (isHawkHeader(header)) {
      const attributes = parseHawkHeader(header!);
      // Before the lookup: a request signed for another host is refused whoever signed it.
      const { host, port } = signedHostPort(req, config.trustedProxyHops);
      checkSignedHost(host, port);
      const { viewer, hawkKey } = await credentialFor(em, 'hawk', attributes.id, now(), throttled);
      if (viewer.kind !== 'client' || !hawkKey) throw new AppError('UNAUTHENTICATED', 'The Hawk id is not known.', { reason: 'UNKNOWN_CREDENTIAL' });
      checkAddress(req, viewer);
      return {
        viewer,
        verify: (body) =>
          counting(req, async () => {
            const request = { method: req.method ?? 'GET', resource: req.url ?? '/', host, port, contentType: mediaType(req.headers['content-type']), payload: body };
            const nonces = noncesFor(em);
            const artifacts = await verifyHawkRequest(request, attributes, hawkKey, { nowMs: now(), nonces, skewSec: HAWK_SKEW_SECONDS });
            return (response) => signHawkResponse(artifacts, hawkKey, response);
          }),
      };
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!bearer) {
      throw new AppError('UNAUTHENTICATED', 'Send `Authorization: Bearer <token>` (or a Hawk header); `npm run cli -- token:create` makes a token.', {
        reason: 'NO_CREDENTIAL',
      });
    }
    const { viewer } = await credentialFor(em, 'bearer', bearer[1], now(), throttled);
    if (viewer.kind === 'client') checkAddress(req, viewer);
    return { viewer };
  }
}
