import type http from 'node:http';
import type { EntityManager } from '@mikro-orm/core';
import { clientIp, ipAllowlist } from '../auth/client-ip.js';
import { rateLimitedBody, type createRateLimiter } from '../auth/rate-limit.js';
import type { Viewer } from '../auth/viewer.js';
import { findCredentialByTokenId } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { verifyExportLink } from '../search/export-link.js';
import type { Admitted } from './admission.js';
import { refuse, sendJson } from './respond.js';

/** Admits a signed export link (no Authorization): answers the refusal itself and resolves undefined, or the link's maker. */
export type AdmitLink = (req: http.IncomingMessage, res: http.ServerResponse, em: EntityManager, url: URL) => Promise<Admitted | undefined>;

export type LinkAdmissionDeps = {
  rateLimit: ReturnType<typeof createRateLimiter>;
  trustedProxyHops: number;
  now: () => number;
};

/** A client's IP allowlist holds for its links as for its requests. */
function checkAddress(req: http.IncomingMessage, viewer: Viewer, trustedProxyHops: number): void {
  if (viewer.kind !== 'client' || !viewer.ipAllowlist.length) return;
  const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxyHops);
  if (!ipAllowlist(viewer.ipAllowlist)(ip)) {
    throw new AppError('FORBIDDEN', `Client ${viewer.name} may not call from ${ip}.`, { reason: 'IP_NOT_ALLOWED', ip });
  }
}

/**
 * The signed link's HMAC and expiry first (no SQL for a forged one), then its maker's token as it is now:
 * revoked, expired or an inactive adviser is refused as a request with that token would be, and the
 * export's permission is checked on the permissions found here. The maker's rate limit is charged.
 */
export function createLinkAdmission({ rateLimit, trustedProxyHops, now }: LinkAdmissionDeps): AdmitLink {
  return async (req, res, em, url) => {
    try {
      const tokenId = verifyExportLink(url, now());
      const { viewer } = await findCredentialByTokenId(em, tokenId, new Date(now()));
      checkAddress(req, viewer, trustedProxyHops);
      const rate = rateLimit(viewer);
      if (!rate.allowed) {
        sendJson(res, 429, rateLimitedBody(rate.retryAfterSeconds), { 'retry-after': String(rate.retryAfterSeconds) });
        return undefined;
      }
      return { caller: { viewer }, body: '' };
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'UNAUTHENTICATED' && error.code !== 'FORBIDDEN')) throw error;
      refuse(res, error.code === 'FORBIDDEN' ? 403 : 401, error);
      return undefined;
    }
  };
}
