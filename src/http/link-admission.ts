import type http from 'node:http';
import type { EntityManager } from '@mikro-orm/core';
import { createAddressCheck } from '../auth/address-check.js';
import type { createRateLimiter } from '../auth/rate-limit.js';
import { findCredentialByTokenId } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { verifyExportLink } from '../search/export-link.js';
import { refusedForRate, type Admitted } from './admission.js';
import { refuse } from './respond.js';

/** Admits a signed export link (no Authorization): answers the refusal itself and resolves undefined, or the link's maker. */
export type AdmitLink = (req: http.IncomingMessage, res: http.ServerResponse, em: EntityManager, url: URL) => Promise<Admitted | undefined>;

export type LinkAdmissionDeps = {
  rateLimit: ReturnType<typeof createRateLimiter>;
  trustedProxyHops: number;
  now: () => number;
};

/**
 * The signed link's HMAC and expiry first (no SQL for a forged one), then its maker's token as it is now:
 * revoked, expired or an inactive adviser is refused as a request with that token would be, and the
 * export's permission is checked on the permissions found here. The maker's rate limit is charged.
 */
export function createLinkAdmission({ rateLimit, trustedProxyHops, now }: LinkAdmissionDeps): AdmitLink {
  // A client's IP allowlist holds for its links as for its requests.
  const checkAddress = createAddressCheck(trustedProxyHops);
  return async (req, res, em, url) => {
    try {
      const tokenId = verifyExportLink(url, now());
      const { viewer } = await findCredentialByTokenId(em, tokenId, new Date(now()));
      if (viewer.kind === 'client') checkAddress(req, viewer);
      if (refusedForRate(res, rateLimit, viewer)) return undefined;
      return { caller: { viewer }, body: '' };
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'UNAUTHENTICATED' && error.code !== 'FORBIDDEN')) throw error;
      refuse(res, error.code === 'FORBIDDEN' ? 403 : 401, error);
      return undefined;
    }
  };
}
