import type http from 'node:http';
import type { EntityManager } from '@mikro-orm/core';
import type { Caller, createAuthenticator, ResponseSigner } from '../auth/authenticate.js';
import { rateLimitedBody, type createRateLimiter } from '../auth/rate-limit.js';
import { TooManyFailedAuthentications } from '../auth/failed-auth-throttle.js';
import { AppError } from '../errors.js';
import { readBody } from '../request-body.js';
import { refuse, sendJson } from './respond.js';

/** A caller let in: who it is, the request's body, and (for Hawk) the signer of the response. */
export type Admitted = { caller: Caller; body: string; signResponse?: ResponseSigner };

/** Answers the refusal itself and resolves undefined, or resolves with the admitted caller. */
export type Admit = (req: http.IncomingMessage, res: http.ServerResponse, em: EntityManager) => Promise<Admitted | undefined>;

export type AdmissionDeps = {
  authenticate: ReturnType<typeof createAuthenticator>;
  rateLimit: ReturnType<typeof createRateLimiter>;
};

/** An authentication refusal: 401, or 403 for a caller refused by its address; a stale Hawk clock gets its resync header. */
function refuseAuth(res: http.ServerResponse, error: AppError): void {
  const { ts, tsm } = error.extensions as { ts?: number; tsm?: string };
  const headers: Record<string, string> = ts !== undefined && tsm ? { 'www-authenticate': `Hawk ts="${ts}", tsm="${tsm}", error="Stale timestamp"` } : {};
  refuse(res, error.code === 'FORBIDDEN' ? 403 : 401, error, headers);
}

/** Answers a refused authentication (401/403, or 429 for an address with too many refused credentials); false for any other error. */
function refusedAuthentication(res: http.ServerResponse, error: unknown): boolean {
  if (error instanceof AppError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
    refuseAuth(res, error);
    return true;
  }
  if (error instanceof TooManyFailedAuthentications) {
    const wait = error.retryAfterSeconds;
    sendJson(res, 429, rateLimitedBody(wait, error.reason, error.message), { 'retry-after': String(wait) });
    return true;
  }
  return false;
}

/** Takes a token from the caller's bucket; when there is none, answers 429 (signed for Hawk) and says so. */
export function refusedForRate(res: http.ServerResponse, rateLimit: ReturnType<typeof createRateLimiter>, viewer: Caller['viewer'], sign?: ResponseSigner): boolean {
  const rate = rateLimit(viewer);
  if (!rate.allowed) sendJson(res, 429, rateLimitedBody(rate.retryAfterSeconds), { 'retry-after': String(rate.retryAfterSeconds) }, sign);
  return !rate.allowed;
}

/**
 * Who is calling, before anything else runs: the credential (cached), the caller's address, its rate, and
 * for Hawk the signature over the body. Shared by /graphql and the CSV export, so both admit alike.
 */
export function createAdmission({ authenticate, rateLimit }: AdmissionDeps): Admit {
  return async (req, res, em) => {
    const limited = (caller: Caller, sign?: ResponseSigner): boolean => refusedForRate(res, rateLimit, caller.viewer, sign);
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
      if (refusedAuthentication(res, error)) return undefined;
      throw error;
    }
  };
}
