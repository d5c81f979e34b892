import type { Viewer } from '../auth/viewer.js';
import { signText, textSignedBy } from '../db/cursor-keys.js';
import { AppError, type Reason } from '../errors.js';

/**
 * Signed export links: a plain link (an <a download>, a new tab) cannot send Authorization, so exportUrl
 * carries an expiry, the token it was made for, and an HMAC (under SECRET_KEY) over the path, the search
 * and both. The endpoint takes such a link without a credential, and checks that token as it is now
 * (revoked, expired, its permissions), so a link is never worth more than its maker's token.
 */

/** How long a link works after the search that gave it: long enough to click, short enough to not matter in a log. */
export const EXPORT_LINK_SECONDS = 15 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const signedText = (pathname: string, q: string, expires: string, by: string) => `${pathname}\n${q}\n${expires}\n${by}`;

/**
 * The token a link is signed for: the credential the caller used (undefined: no link, the plain URL). Not a
 * Hawk client's: a Hawk client signs every request, and a link that worked without that signature would be
 * weaker than the client's own credential (Hawk clients are servers, which send the header anyway).
 */
const tokenOf = (viewer: Viewer): string | undefined => (viewer.kind === 'client' && viewer.authScheme === 'hawk' ? undefined : viewer.tokenId);

/** `path?q=…` with `expires`, `by` and `sig` added, or unchanged for a caller with no token to sign for. */
export function signExportLink(pathname: string, q: string, viewer: Viewer, nowMs = Date.now()): string {
  const by = tokenOf(viewer);
  if (!by) return `${pathname}?q=${q}`;
  const expires = String(Math.floor(nowMs / 1000) + EXPORT_LINK_SECONDS);
  return `${pathname}?q=${q}&expires=${expires}&by=${by}&sig=${signText(signedText(pathname, q, expires, by))}`;
}

/** Whether a request is a signed link (and so may come without a credential). */
export const isSignedExportLink = (url: URL) => url.searchParams.has('sig');

const refused = (reason: Reason, message: string) => new AppError('FORBIDDEN', message, { reason });

/** The token id a signed link was made for; a coded 403 for a link altered, forged or past its expiry. */
export function verifyExportLink(url: URL, nowMs: number): string {
  const param = (name: string) => url.searchParams.get(name) ?? '';
  const [q, expires, by, sig] = ['q', 'expires', 'by', 'sig'].map(param);
  if (!/^\d{1,12}$/.test(expires) || !UUID.test(by) || !textSignedBy(signedText(url.pathname, q, expires, by), sig)) {
    throw refused('EXPORT_LINK_INVALID', 'The export link has been altered: take it again from the search (exportUrl).');
  }
  if (Number(expires) * 1000 <= nowMs) {
    throw refused('EXPORT_LINK_EXPIRED', `The export link expired; links work for ${EXPORT_LINK_SECONDS / 60} minutes: run the search again for a new one.`);
  }
  return by;
}
