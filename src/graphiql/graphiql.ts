import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { assetNameOf, serveAsset } from './assets.js';
import { SECURITY_HEADERS, methodNotAllowed } from './http.js';
import { renderPage } from './page.js';

/*
 * GraphiQL at /graphiql, served entirely from the project's own node_modules (no CDN):
 *   GET /graphiql                  the page (HTML, no inline script or style)
 *   GET /graphiql/assets/<name>    one of a fixed allowlist of files (ASSETS, in assets.ts)
 *
 * The page never contains the token. boot.js reads `?token=` from the address bar, puts it in the
 * headers editor and removes it from the address bar (history.replaceState).
 *
 * The parts: this file routes and serves the page under its CSP; page.ts writes the page's HTML; assets.ts
 * has the allowlist and serves the assets; client.ts has the page's own script and stylesheet and the default
 * query; http.ts the headers and request checks both share.
 */

export { GRAPHIQL_DEFAULT_QUERY } from './client.js';

const PAGE_PATHS = new Set(['/graphiql', '/graphiql/']);

/**
 * The page's CSP, built per response around a fresh nonce. Scripts only from this origin (no inline
 * script, no eval: GraphiQL 3 / CodeMirror 5 need neither). Styles from this origin, plus the one
 * <style> element GraphiQL creates itself (react-remove-scroll, while a dialog is open), which carries
 * the nonce because boot.js hands it to the bundle as `__webpack_nonce__`. GraphiQL's CSS embeds its
 * fonts and a few images as data: URLs; the page's only network call is /graphql on this origin.
 */
export function graphiqlCsp(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function servePage(req: http.IncomingMessage, res: http.ServerResponse): void {
  const nonce = randomBytes(18).toString('base64');
  const html = renderPage(nonce);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': graphiqlCsp(nonce),
    // Fresh nonce every time, and the address may carry ?token=: never cache the page.
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

/** Whether a path is GraphiQL's: its page or one of its assets (the router answers 404 for anything else). */
export function isGraphiqlPath(pathname: string): boolean {
  return PAGE_PATHS.has(pathname) || assetNameOf(pathname) !== null;
}

/** Serves /graphiql and its assets, for a path isGraphiqlPath accepted. */
export function serveGraphiql(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res);
  const assetName = assetNameOf(url.pathname);
  if (assetName === null) servePage(req, res);
  else serveAsset(req, res, url, assetName);
}
