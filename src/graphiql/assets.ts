import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BOOT_JS, PAGE_CSS } from './client.js';
import { SECURITY_HEADERS, acceptsGzip, etagMatches } from './http.js';

/*
 * GraphiQL's assets, GET /graphiql/assets/<name>: one of a fixed allowlist of files (ASSETS), read from the
 * project's own node_modules or written here (client.ts), each loaded once and served with a content-hash ETag.
 */

const ASSET_PREFIX = '/graphiql/assets/';

type AssetSource = { kind: 'package'; pkg: string; file: string } | { kind: 'inline'; text: string };
type AssetSpec = { source: AssetSource; contentType: string };

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const fromPackage = (pkg: string, file: string, contentType: string): AssetSpec => ({ source: { kind: 'package', pkg, file }, contentType });
const inline = (text: string, contentType: string): AssetSpec => ({ source: { kind: 'inline', text }, contentType });

/** The allowlist: nothing outside it is ever read from disk. */
const ASSETS: Record<string, AssetSpec> = {
  'react.production.min.js': fromPackage('react', 'umd/react.production.min.js', JS),
  'react-dom.production.min.js': fromPackage('react-dom', 'umd/react-dom.production.min.js', JS),
  'graphiql.min.js': fromPackage('graphiql', 'graphiql.min.js', JS),
  // graphiql.min.js ends with `//# sourceMappingURL=index.umd.js.map`; only devtools ask for it.
  'index.umd.js.map': fromPackage('graphiql', 'graphiql.min.js.map', 'application/json; charset=utf-8'),
  'graphiql.min.css': fromPackage('graphiql', 'graphiql.min.css', CSS),
  'page.css': inline(PAGE_CSS, CSS),
  'boot.js': inline(BOOT_JS, JS),
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

export function assetUrl(name: string): string {
  return `${ASSET_PREFIX}${name}?v=${loadAsset(name).hash}`;
}

/** The allowlisted asset a path names, or null when it names none. */
export function assetNameOf(pathname: string): string | null {
  const name = pathname.startsWith(ASSET_PREFIX) ? pathname.slice(ASSET_PREFIX.length) : null;
  // Exact names only: no decoding, no directories, so no way to step outside the allowlist.
  return name !== null && Object.hasOwn(ASSETS, name) ? name : null;
}

export function serveAsset(req: http.IncomingMessage, res: http.ServerResponse, url: URL, name: string): void {
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
