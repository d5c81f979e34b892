import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/*
 * GraphiQL at /graphiql, served entirely from the project's own node_modules (no CDN):
 *   GET /graphiql                  the page (HTML, no inline script or style)
 *   GET /graphiql/assets/<name>    one of a fixed allowlist of files (ASSETS below)
 *
 * The page never contains the token. boot.js reads `?token=` from the address bar, puts it in the
 * headers editor and removes it from the address bar (history.replaceState).
 */

const PAGE_PATHS = new Set(['/graphiql', '/graphiql/']);
const ASSET_PREFIX = '/graphiql/assets/';

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

/** What the query editor starts with (exported so a test can check it still matches the schema). */
export const GRAPHIQL_DEFAULT_QUERY = `# Run with the ▶ button or Ctrl-Enter.
{
  viewer {
    adviser {
      name
      email
    }
    isSuperuser
  }
  companies(first: 5) {
    totalCount
    edges {
      node {
        name
        address {
          town
          country {
            name
          }
        }
      }
    }
  }
}
`;

const TOKEN_COMMAND = 'npm run cli -- token:create --adviser EMAIL';

/** The page's own script: a file (not inline) so `script-src 'self'` is enough. */
const BOOT_JS = `(function () {
  'use strict';
  var DEFAULT_QUERY = ${JSON.stringify(GRAPHIQL_DEFAULT_QUERY)};
  var PERSIST_KEY = 'graphiql:shouldPersistHeaders';

  // The page's CSP nonce, for the <style> element GraphiQL's dialogs create (see graphiql.ts).
  window.__webpack_nonce__ = document.currentScript.nonce;

  // Take the token out of the address bar at once, so it is not left in history or bookmarks.
  var url = new URL(window.location.href);
  var token = (url.searchParams.get('token') || '').trim();
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }

  var placeholder = '<paste a token here>';
  var headers = JSON.stringify({ Authorization: 'Bearer ' + (token || placeholder) }, null, 2);

  // Headers (the token) are not kept in localStorage unless the user turns that on in GraphiQL's
  // settings. GraphiQL 3 resets that setting on every load unless the prop says true, so the choice is
  // read back here; and its history ("graphiql:queries", "graphiql:favorites") stores each run's headers
  // whatever the setting, so the storage handed to GraphiQL drops them from history writes while the
  // setting is off, and gives history entries read back without headers the headers this page opened with.
  var storage = null;
  try {
    storage = window.localStorage;
  } catch (e) {
    // storage unavailable: GraphiQL keeps everything in memory
  }
  var persisting = function () {
    return !!storage && storage.getItem(PERSIST_KEY) === 'true';
  };
  var HISTORY_KEYS = { 'graphiql:queries': 'queries', 'graphiql:favorites': 'favorites' };
  var mapHistory = function (key, value, fn) {
    var field = HISTORY_KEYS[key];
    if (!field || !value) return value;
    try {
      var parsed = JSON.parse(value);
      if (!parsed || !Array.isArray(parsed[field])) return value;
      parsed[field] = parsed[field].map(fn);
      return JSON.stringify(parsed);
    } catch (e) {
      return value;
    }
  };
  var withoutHeaders = function (item) {
    var copy = Object.assign({}, item);
    delete copy.headers;
    return copy;
  };
  var withPageHeaders = function (item) {
    return item && !item.headers ? Object.assign({}, item, { headers: headers }) : item;
  };
  var graphiqlKeys = function () {
    return Object.keys(storage).filter(function (key) {
      return key.indexOf('graphiql:') === 0;
    });
  };
  var headerSafeStorage = storage && {
    getItem: function (key) {
      var value = storage.getItem(key);
      return persisting() ? value : mapHistory(key, value, withPageHeaders);
    },
    setItem: function (key, value) {
      storage.setItem(key, persisting() ? value : mapHistory(key, value, withoutHeaders));
    },
    removeItem: function (key) {
      storage.removeItem(key);
    },
    clear: function () {
      graphiqlKeys().forEach(function (key) {
        storage.removeItem(key);
      });
    },
    get length() {
      return graphiqlKeys().length;
    },
  };
  var persistHeaders = persisting();
  var storedHeaders = persistHeaders ? storage.getItem('graphiql:headers') : null;

  // The how-to-get-a-token hint, unless a token came with the URL or from the user's persisted headers.
  if (!token && !/Bearer\\s+[^<\\s]/.test(storedHeaders || '')) document.getElementById('graphiql-hint').hidden = false;
  document.getElementById('graphiql-hint-close').addEventListener('click', function () {
    document.getElementById('graphiql-hint').hidden = true;
  });

  var props = {
    fetcher: GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href }),
    defaultQuery: DEFAULT_QUERY,
    defaultHeaders: headers,
    // GraphiQL 3's name for v2's headerEditorEnabled.
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
  };
  if (headerSafeStorage) props.storage = headerSafeStorage;
  // false would hide the "persist headers" switch in the settings; undefined shows it, switched off.
  if (persistHeaders) props.shouldPersistHeaders = true;
  // A token in the URL wins over whatever headers the editor had before.
  if (token) props.headers = headers;

  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
`;

const PAGE_CSS = `html, body { height: 100%; margin: 0; overflow: hidden; }
body { display: flex; flex-direction: column; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
#graphiql { flex: 1; min-height: 0; }
#graphiql-hint { display: flex; align-items: center; gap: 0.75em; padding: 0.45em 1em; font-size: 14px; background: #fff7d6; color: #3b3200; border-bottom: 1px solid #e6d58a; }
#graphiql-hint[hidden] { display: none; }
#graphiql-hint code { padding: 0.1em 0.35em; border-radius: 3px; background: #fdeca6; font-family: ui-monospace, Menlo, Consolas, monospace; }
#graphiql-hint-close { margin-left: auto; border: 0; background: transparent; font-size: 18px; line-height: 1; cursor: pointer; color: inherit; }
`;

type AssetSource = { kind: 'package'; pkg: string; file: string } | { kind: 'inline'; text: string };
type AssetSpec = { source: AssetSource; contentType: string };

/** The allowlist: nothing outside it is ever read from disk. */
const ASSETS: Record<string, AssetSpec> = {
  'react.production.min.js': {
    source: { kind: 'package', pkg: 'react', file: 'umd/react.production.min.js' },
    contentType: 'text/javascript; charset=utf-8',
  },
  'react-dom.production.min.js': {
    source: { kind: 'package', pkg: 'react-dom', file: 'umd/react-dom.production.min.js' },
    contentType: 'text/javascript; charset=utf-8',
  },
  'graphiql.min.js': {
    source: { kind: 'package', pkg: 'graphiql', file: 'graphiql.min.js' },
    contentType: 'text/javascript; charset=utf-8',
  },
  // graphiql.min.js ends with `//# sourceMappingURL=index.umd.js.map`; only devtools ask for it.
  'index.umd.js.map': {
    source: { kind: 'package', pkg: 'graphiql', file: 'graphiql.min.js.map' },
    contentType: 'application/json; charset=utf-8',
  },
  'graphiql.min.css': {
    source: { kind: 'package', pkg: 'graphiql', file: 'graphiql.min.css' },
    contentType: 'text/css; charset=utf-8',
  },
  'page.css': { source: { kind: 'inline', text: PAGE_CSS }, contentType: 'text/css; charset=utf-8' },
  'boot.js': { source: { kind: 'inline', text: BOOT_JS }, contentType: 'text/javascript; charset=utf-8' },
};

type LoadedAsset = {
  body: Buffer;
  /** Made on the first request that accepts gzip (for bodies over 1 KiB). */
  gzipped?: Buffer;
  contentType: string;
  /** Content hash; the ETag and the `?v=` the page puts on the asset URL. */
  hash: string;
};

const require = createRequire(import.meta.url);
const loaded = new Map<string, LoadedAsset>();

function packageFile(pkg: string, file: string): string {
  // `<pkg>/package.json` is exported by all three packages; the UMD files themselves are not.
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** Reads an allowlisted asset once, on first use, and keeps it in memory. */
function loadAsset(name: string): LoadedAsset {
  const cached = loaded.get(name);
  if (cached) return cached;
  const spec = ASSETS[name];
  if (!spec) throw new Error(`Not a GraphiQL asset: ${name}`);
  const body =
    spec.source.kind === 'package' ? readFileSync(packageFile(spec.source.pkg, spec.source.file)) : Buffer.from(spec.source.text, 'utf8');
  const asset: LoadedAsset = {
    body,
    contentType: spec.contentType,
    hash: createHash('sha256').update(body).digest('base64url').slice(0, 16),
  };
  loaded.set(name, asset);
  return asset;
}

function assetUrl(name: string): string {
  return `${ASSET_PREFIX}${name}?v=${loadAsset(name).hash}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>GraphiQL · CRM gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl('graphiql.min.css')}">
<link rel="stylesheet" href="${assetUrl('page.css')}">
</head>
<body>
<div id="graphiql-hint" role="note" hidden>
<span>Queries need a token: run <code>${escapeHtml(TOKEN_COMMAND)}</code>, paste it into the <b>Headers</b> tab below and press ⟳ (re-fetch schema, bottom left); or open <code>/graphiql?token=…</code>.</span>
<button type="button" id="graphiql-hint-close" aria-label="Dismiss">×</button>
</div>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${assetUrl('react.production.min.js')}"></script>
<script src="${assetUrl('react-dom.production.min.js')}"></script>
<script src="${assetUrl('graphiql.min.js')}"></script>
<script src="${assetUrl('boot.js')}" nonce="${nonce}"></script>
</body>
</html>
`;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function methodNotAllowed(res: http.ServerResponse): void {
  res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
  res.end('Method not allowed\n');
}

function acceptsGzip(req: http.IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((p) => p.trim());
    if (coding?.toLowerCase() !== 'gzip') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function etagMatches(req: http.IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function serveAsset(req: http.IncomingMessage, res: http.ServerResponse, url: URL, name: string): void {
  const asset = loadAsset(name);
  const gzip = asset.body.length > 1024 && acceptsGzip(req);
  // Once per asset and process (~20 ms for graphiql.min.js); every later response reuses it.
  if (gzip) asset.gzipped ??= gzipSync(asset.body);
  const etag = `"${asset.hash}${gzip ? '-gz' : ''}"`;
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'content-type': asset.contentType,
    etag,
    vary: 'Accept-Encoding',
    // Versioned URLs (as the page writes them) never change; anything else revalidates with the ETag.
    'cache-control': url.searchParams.get('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
  };
  if (etagMatches(req, etag)) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const body = gzip ? asset.gzipped! : asset.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
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

/** The allowlisted asset a path names, or null when it names none. */
function assetNameOf(pathname: string): string | null {
  const name = pathname.startsWith(ASSET_PREFIX) ? pathname.slice(ASSET_PREFIX.length) : null;
  // Exact names only: no decoding, no directories, so no way to step outside the allowlist.
  return name !== null && Object.hasOwn(ASSETS, name) ? name : null;
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
