import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, type Reason } from '../errors.js';

/**
 * Server side of Hawk (hawk.1, https://github.com/mozilla/hawk) for machine-to-machine partners: the
 * client signs method, resource, host, port, timestamp, nonce and a hash of the body with a shared key,
 * so the key never travels and a captured request cannot be altered or replayed. HMAC-SHA256 only.
 *
 * Oz's `app`/`dlg` attributes are refused as unknown (HAWK_MALFORMED_HEADER): we issue no Oz tickets, and
 * ignoring them would not work anyway because a client that sends them also puts them in its MAC.
 */

export type HawkAttributes = { id: string; ts: number; nonce: string; mac: string; hash?: string; ext?: string };

export type HawkRequest = {
  method: string;
  /** Path + query exactly as in the request line: the client signed these bytes. */
  resource: string;
  host: string;
  port: number;
  /** Media type only, lowercased, no parameters; '' if none. */
  contentType: string;
  payload: string;
};

export type HawkArtifacts = HawkAttributes & { method: string; resource: string; host: string; port: number };

export type NonceStore = {
  /**
   * true if (id, nonce) was not seen within the window, and remembers it. In memory for one process
   * (createNonceStore), or shared by every api process through the database (src/auth/nonce-store.ts).
   */
  remember(id: string, nonce: string, nowMs: number): boolean | Promise<boolean>;
};

const ATTRIBUTES = new Set(['id', 'ts', 'nonce', 'hash', 'ext', 'mac']);
const REQUIRED = ['id', 'ts', 'nonce', 'mac'] as const;
// A header longer than this is not a Hawk header; bounding it keeps the parse cheap on hostile input.
const MAX_HEADER_LENGTH = 4096;
// Reference clients send 6 characters; the bound keeps a nonce storable as a key (an index entry has a limit).
const MAX_NONCE_LENGTH = 128;
// One `name="value"` then a comma or the end. Values cannot contain `"` or `\` (the reference parser
// rejects them too), so no unescaping is needed and what we MAC is exactly what the client sent.
const ATTRIBUTE = /(\w+)="([^"\\]*)"\s*(?:,\s*|$)/y;
// Printable ASCII except `"` and `\`: the characters hawk.1 allows in an attribute value.
const VALUE = /^[ \w!#$%&'()*+,\-./:;<=>?@[\]^`{|}~]+$/;

const malformed = (message: string) =>
  new AppError('UNAUTHENTICATED', `Malformed Hawk header: ${message}.`, { reason: 'HAWK_MALFORMED_HEADER' });

const unauthenticated = (reason: Reason, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('UNAUTHENTICATED', message, { reason, ...extra });

export const isHawkHeader = (header: string | undefined): boolean => /^hawk /i.test(header ?? '');

export function parseHawkHeader(header: string): HawkAttributes {
  if (header.length > MAX_HEADER_LENGTH) throw malformed('too long');
  const scheme = /^hawk\s+/i.exec(header);
  if (!scheme) throw malformed('the scheme must be Hawk');

  const found = new Map<string, string>();
  let at = scheme[0].length;
  while (at < header.length) {
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(header);
    if (!match) throw malformed(`cannot read the attributes from character ${at}`);
    const name = match[1]!;
    const value = match[2]!;
    if (!ATTRIBUTES.has(name)) throw malformed(`unknown attribute ${name}`);
    if (found.has(name)) throw malformed(`duplicate attribute ${name}`);
    if (!VALUE.test(value)) throw malformed(`bad characters in ${name}`);
    found.set(name, value);
    at = ATTRIBUTE.lastIndex;
  }

  for (const name of REQUIRED) if (!found.has(name)) throw malformed(`missing ${name}`);
  const tsText = found.get('ts')!;
  const ts = Number(tsText);
  // Whole seconds only, as the client sent them: the MAC covers the text, and we rebuild it from the number.
  if (!/^\d{1,15}$/.test(tsText) || String(ts) !== tsText) throw malformed('ts must be whole seconds');
  if (found.get('nonce')!.length > MAX_NONCE_LENGTH) throw malformed(`the nonce must be at most ${MAX_NONCE_LENGTH} characters`);

  const attrs: HawkAttributes = { id: found.get('id')!, ts, nonce: found.get('nonce')!, mac: found.get('mac')! };
  const hash = found.get('hash');
  const ext = found.get('ext');
  if (hash !== undefined) attrs.hash = hash;
  if (ext !== undefined) attrs.ext = ext;
  return attrs;
}

/**
 * Remembers (id, nonce) pairs for windowMs, in this process's memory: for a single process (the api uses
 * the shared store of src/auth/nonce-store.ts, so a request replayed to another instance is refused too).
 * The window must cover the whole time a timestamp is accepted, which is 2 × skew (a ts up to skew in the
 * future stays valid until skew after it, that instant included): the default, 120 s, matches the default
 * skew of 60 s. A shorter window would let a captured request be replayed once its nonce was forgotten but
 * its ts still passed.
 * When maxEntries unexpired pairs are held, the oldest is dropped: memory stays bounded, and only requests
 * that passed the MAC check are remembered, so filling it needs a valid key.
 */
export function createNonceStore(windowMs = 120_000, maxEntries = 100_000): NonceStore {
  // Map keeps insertion order, which is expiry order as long as the clock does not go back.
  const expiries = new Map<string, number>();
  return {
    remember(id, nonce, nowMs) {
      for (const [key, expiresAt] of expiries) {
        if (expiresAt >= nowMs) break;
        expiries.delete(key);
      }
      // Neither id nor nonce can contain a newline (see VALUE), so the key is unambiguous.
      const key = `${id}\n${nonce}`;
      const seenUntil = expiries.get(key);
      if (seenUntil !== undefined && seenUntil >= nowMs) return false;
      expiries.delete(key);
      if (expiries.size >= maxEntries) expiries.delete(expiries.keys().next().value!);
      expiries.set(key, nowMs + windowMs);
      return true;
    },
  };
}

/** Media type only, lowercased: the form both sides hash, whatever parameters the header carried. */
const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** base64 SHA-256 of `hawk.1.payload\n<content type>\n<payload>\n`. */
function payloadHash(contentType: string, payload: string): string {
  return createHash('sha256').update(`hawk.1.payload\n${mediaType(contentType)}\n${payload}\n`).digest('base64');
}

type MacInput = { ts: number; nonce: string; method: string; resource: string; host: string; port: number; hash?: string; ext?: string };

/**
 * hawk.1 normalized string: one field per line, each line ending with \n, empty for a missing hash/ext.
 * ext has its backslashes and newlines escaped so it cannot fake extra lines.
 */
function normalized(type: 'header' | 'response', a: MacInput): string {
  const ext = (a.ext ?? '').replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return `hawk.1.${type}\n${a.ts}\n${a.nonce}\n${a.method.toUpperCase()}\n${a.resource}\n${a.host.toLowerCase()}\n${a.port}\n${a.hash ?? ''}\n${ext}\n`;
}

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('base64');

/** Constant time for equal lengths; a length difference leaks nothing, as every valid value has one length. */
function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The hosts a Hawk request may be signed for, from PUBLIC_HOSTS: `host` (any port) or `host:port`. The MAC
 * covers the Host header the request arrived with, so without this a request signed for another host (one
 * captured on its way to another service the key opens, or to a staging copy) would be served here too.
 * An empty list accepts that Host header, whatever it is.
 */
export function signedHostCheck(publicHosts: readonly string[]): (host: string, port: number) => void {
  if (!publicHosts.length) return () => undefined;
  const allowed = new Set(publicHosts.map((entry) => entry.toLowerCase()));
  return (host, port) => {
    const name = host.toLowerCase();
    if (allowed.has(name) || allowed.has(`${name}:${port}`)) return;
    throw unauthenticated('HAWK_WRONG_HOST', 'The Hawk request was signed for a host this gateway does not answer for (PUBLIC_HOSTS).');
  };
}

export async function verifyHawkRequest(
  req: HawkRequest,
  attrs: HawkAttributes,
  key: string,
  options: { nowMs: number; nonces: NonceStore; skewSec?: number },
): Promise<HawkArtifacts> {
  const { nowMs, nonces, skewSec = 60 } = options;

  const artifacts: HawkArtifacts = { ...attrs, method: req.method, resource: req.resource, host: req.host, port: req.port };
  if (!safeEqual(hmac(key, normalized('header', artifacts)), attrs.mac)) {
    throw unauthenticated('HAWK_BAD_MAC', 'The Hawk MAC does not match the request.');
  }

  // The hash is optional in hawk.1; we require it so the body is covered by the MAC too.
  if (attrs.hash === undefined) {
    throw unauthenticated('HAWK_PAYLOAD_HASH_REQUIRED', 'The Hawk header must include the payload hash.');
  }
  if (!safeEqual(payloadHash(req.contentType, req.payload), attrs.hash)) {
    throw unauthenticated('HAWK_BAD_PAYLOAD_HASH', 'The payload does not match the Hawk payload hash.');
  }

  if (Math.abs(attrs.ts * 1000 - nowMs) > skewSec * 1000) {
    // After the MAC, as the reference server does: only the key's holder learns our time (ts + tsm, MACed
    // with its key), so a client with a wrong clock can resync and trust it.
    const ts = Math.floor(nowMs / 1000);
    throw unauthenticated('HAWK_STALE_TIMESTAMP', 'The Hawk timestamp is too far from the server time.', {
      ts,
      tsm: hmac(key, `hawk.1.ts\n${ts}\n`),
    });
  }

  // Only now, after the MAC: a forged request must not use up the nonce of the genuine one.
  if (!(await nonces.remember(attrs.id, attrs.nonce, nowMs))) {
    throw unauthenticated('HAWK_REPLAYED_NONCE', 'This Hawk nonce was already used.');
  }
  return artifacts;
}

export function signHawkResponse(artifacts: HawkArtifacts, key: string, response: { contentType: string; payload: string }): string {
  const hash = payloadHash(response.contentType, response.payload);
  // Same request fields, the response's hash, and no ext: the request's ext is not part of the response MAC.
  const mac = hmac(key, normalized('response', { ...artifacts, hash, ext: undefined }));
  return `Hawk mac="${mac}", hash="${hash}"`;
}
