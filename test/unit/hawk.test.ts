import { describe, expect, it } from 'vitest';
import {
  createNonceStore,
  isHawkHeader,
  parseHawkHeader,
  signHawkResponse,
  verifyHawkRequest,
  type HawkRequest,
} from '../../src/auth/hawk.js';
import { Hawk, type ClientArtifacts, type Credentials } from '../helpers/hawk-client.js';
import { failure } from '../helpers/errors.js';


const credentials: Credentials = { id: 'partner-1', key: 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn', algorithm: 'sha256' };
const NOW_MS = 1_700_000_000_000; // a whole second, so skew edges are exact
const NOW = NOW_MS / 1000;
const URI = 'https://api.example.com:8443/graphql?op=countries';
const PAYLOAD = '{"query":"{ metadataCountries { name } }"}';

const request = (overrides: Partial<HawkRequest> = {}): HawkRequest => ({
  method: 'POST',
  resource: '/graphql?op=countries',
  host: 'api.example.com',
  port: 8443,
  contentType: 'application/json',
  payload: PAYLOAD,
  ...overrides,
});

let nonceCounter = 0;
function clientHeader(options: { key?: string; method?: string; payload?: string | null; timestamp?: number; nonce?: string; ext?: string } = {}) {
  const payload = options.payload === null ? {} : { payload: options.payload ?? PAYLOAD, contentType: 'application/json; charset=utf-8' };
  return Hawk.client.header(URI, options.method ?? 'POST', {
    credentials: { ...credentials, key: options.key ?? credentials.key },
    timestamp: options.timestamp ?? NOW,
    nonce: options.nonce ?? `n${++nonceCounter}`,
    ...(options.ext ? { ext: options.ext } : {}),
    ...payload,
  });
}

function verify(header: string, req = request(), opts: { nowMs?: number; nonces?: ReturnType<typeof createNonceStore>; key?: string } = {}) {
  return verifyHawkRequest(req, parseHawkHeader(header), opts.key ?? credentials.key, {
    nowMs: opts.nowMs ?? NOW_MS,
    nonces: opts.nonces ?? createNonceStore(),
  });
}

const reason = (fn: () => unknown) => {
  const error = failure(fn);
  expect(error.code).toBe('UNAUTHENTICATED');
  return error.extensions.reason;
};

describe('parseHawkHeader', () => {
  it('reads the attributes of a reference client header', () => {
    const { header } = clientHeader({ nonce: 'Ab3_x', ext: 'app data' });
    expect(parseHawkHeader(header)).toEqual({
      id: 'partner-1',
      ts: NOW,
      nonce: 'Ab3_x',
      hash: expect.any(String),
      ext: 'app data',
      mac: expect.any(String),
    });
  });

  it('recognises the scheme case-insensitively', () => {
    expect(isHawkHeader('Hawk id="a"')).toBe(true);
    expect(isHawkHeader('hAWK id="a"')).toBe(true);
    expect(isHawkHeader('Bearer abc')).toBe(false);
    expect(isHawkHeader('Hawkish id="a"')).toBe(false);
    expect(isHawkHeader(undefined)).toBe(false);
    expect(parseHawkHeader('hawk id="a", ts="1", nonce="n", mac="m"').id).toBe('a');
  });

  it.each([
    ['another scheme', 'Bearer id="a", ts="1", nonce="n", mac="m"'],
    ['no attributes', 'Hawk '],
    ['missing mac', 'Hawk id="a", ts="1", nonce="n"'],
    ['missing id', 'Hawk ts="1", nonce="n", mac="m"'],
    ['missing ts', 'Hawk id="a", nonce="n", mac="m"'],
    ['missing nonce', 'Hawk id="a", ts="1", mac="m"'],
    ['unknown attribute', 'Hawk id="a", ts="1", nonce="n", mac="m", foo="x"'],
    ['Oz app (unsupported)', 'Hawk id="a", ts="1", nonce="n", mac="m", app="x"'],
    ['duplicate attribute', 'Hawk id="a", id="b", ts="1", nonce="n", mac="m"'],
    ['empty value', 'Hawk id="", ts="1", nonce="n", mac="m"'],
    ['non-ASCII value', 'Hawk id="é", ts="1", nonce="n", mac="m"'],
    ['control character', 'Hawk id="a\tb", ts="1", nonce="n", mac="m"'],
    ['escaped quote', 'Hawk id="a\\"b", ts="1", nonce="n", mac="m"'],
    ['unquoted value', 'Hawk id=a, ts="1", nonce="n", mac="m"'],
    ['no comma', 'Hawk id="a" ts="1", nonce="n", mac="m"'],
    ['trailing garbage', 'Hawk id="a", ts="1", nonce="n", mac="m" x'],
    ['non-numeric ts', 'Hawk id="a", ts="12a", nonce="n", mac="m"'],
    ['fractional ts', 'Hawk id="a", ts="1.5", nonce="n", mac="m"'],
    ['leading-zero ts', 'Hawk id="a", ts="01", nonce="n", mac="m"'],
    ['too long', `Hawk id="a", ts="1", nonce="n", mac="m", ext="${'x'.repeat(5000)}"`],
  ])('refuses %s', (_, header) => {
    const error = failure(() => parseHawkHeader(header));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.extensions.reason).toBe('HAWK_MALFORMED_HEADER');
  });
});

describe('verifyHawkRequest', () => {
  it('accepts a request signed by the reference client and returns the artifacts', () => {
    const { header } = clientHeader({ ext: 'some ext' });
    expect(verify(header)).toMatchObject({
      id: 'partner-1',
      ts: NOW,
      method: 'POST',
      resource: '/graphql?op=countries',
      host: 'api.example.com',
      port: 8443,
      ext: 'some ext',
    });
  });

  it('accepts a timestamp exactly at the skew limit, either side', () => {
    expect(() => verify(clientHeader({ timestamp: NOW - 60 }).header)).not.toThrow();
    expect(() => verify(clientHeader({ timestamp: NOW + 60 }).header)).not.toThrow();
  });

  it('refuses a replayed nonce', () => {
    const nonces = createNonceStore();
    const { header } = clientHeader();
    verify(header, request(), { nonces });
    expect(reason(() => verify(header, request(), { nonces, nowMs: NOW_MS + 5_000 }))).toBe('HAWK_REPLAYED_NONCE');
  });

  it('keeps nonces per id: the same nonce from another client is not a replay', () => {
    const nonces = createNonceStore();
    expect(nonces.remember('a', 'n', NOW_MS)).toBe(true);
    expect(nonces.remember('b', 'n', NOW_MS)).toBe(true);
    expect(nonces.remember('a', 'n', NOW_MS)).toBe(false);
  });

  it.each([
    ['a wrong key', () => verify(clientHeader({ key: 'not-the-key' }).header)],
    ['a changed method', () => verify(clientHeader().header, request({ method: 'PUT' }))],
    ['a changed resource', () => verify(clientHeader().header, request({ resource: '/graphql?op=companies' }))],
    ['a changed host', () => verify(clientHeader().header, request({ host: 'evil.example.com' }))],
    ['a changed port', () => verify(clientHeader().header, request({ port: 443 }))],
    ['a changed ext', () => verify(clientHeader({ ext: 'a' }).header.replace('ext="a"', 'ext="b"'))],
    ['a changed hash', () => verify(clientHeader().header.replace(/hash="[^"]+"/, `hash="${'A'.repeat(43)}="`))],
    ['a mac of another length', () => verify(clientHeader().header.replace(/mac="[^"]+"/, 'mac="short"'))],
  ])('refuses %s with HAWK_BAD_MAC', (_, run) => {
    expect(reason(run)).toBe('HAWK_BAD_MAC');
  });

  it('compares method case-insensitively and host case-insensitively, as hawk.1 normalizes them', () => {
    expect(() => verify(clientHeader({ method: 'post' }).header, request({ method: 'POST', host: 'API.Example.com' }))).not.toThrow();
  });

  it('refuses a tampered payload or content type with HAWK_BAD_PAYLOAD_HASH', () => {
    expect(reason(() => verify(clientHeader().header, request({ payload: PAYLOAD.replace('name', 'id') })))).toBe(
      'HAWK_BAD_PAYLOAD_HASH',
    );
    expect(reason(() => verify(clientHeader().header, request({ contentType: 'text/plain' })))).toBe('HAWK_BAD_PAYLOAD_HASH');
  });

  it('requires the payload hash', () => {
    const { header } = clientHeader({ payload: null });
    expect(header).not.toContain('hash=');
    expect(reason(() => verify(header))).toBe('HAWK_PAYLOAD_HASH_REQUIRED');
  });

  it('hashes an empty payload', () => {
    const { header } = clientHeader({ payload: '' });
    expect(header).toContain('hash=');
    expect(() => verify(header, request({ payload: '' }))).not.toThrow();
  });

  it.each([
    ['behind', NOW - 61],
    ['ahead', NOW + 61],
  ])('refuses a timestamp 61 s %s, with a ts/tsm the reference client validates', (_, timestamp) => {
    const { header, artifacts } = clientHeader({ timestamp });
    const error = failure(() => verify(header));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.extensions).toMatchObject({ reason: 'HAWK_STALE_TIMESTAMP', ts: NOW, tsm: expect.any(String) });

    // As a server would send it in WWW-Authenticate; the reference client throws on a wrong tsm.
    const wwwAuthenticate = `Hawk ts="${error.extensions.ts}", tsm="${error.extensions.tsm}", error="Stale timestamp"`;
    expect(() => Hawk.client.authenticate({ headers: { 'www-authenticate': wwwAuthenticate } }, credentials, artifacts)).not.toThrow();
    const forged = wwwAuthenticate.replace(`ts="${NOW}"`, `ts="${NOW + 1}"`);
    expect(() => Hawk.client.authenticate({ headers: { 'www-authenticate': forged } }, credentials, artifacts)).toThrow(
      /Invalid server timestamp hash/,
    );
  });

  it('checks the MAC before remembering the nonce, so a forgery cannot burn a genuine nonce', () => {
    const nonces = createNonceStore();
    const forged = clientHeader({ key: 'attacker-guess', nonce: 'shared' }).header;
    expect(reason(() => verify(forged, request(), { nonces }))).toBe('HAWK_BAD_MAC');
    const genuine = clientHeader({ nonce: 'shared' }).header;
    expect(() => verify(genuine, request(), { nonces })).not.toThrow();
  });

  it('does not burn the nonce on a bad payload hash either', () => {
    const nonces = createNonceStore();
    const { header } = clientHeader({ nonce: 'once' });
    expect(reason(() => verify(header, request({ payload: '{}' }), { nonces }))).toBe('HAWK_BAD_PAYLOAD_HASH');
    expect(() => verify(header, request(), { nonces })).not.toThrow();
  });
});

describe('createNonceStore', () => {
  it('forgets a nonce after the window', () => {
    const nonces = createNonceStore(10_000);
    expect(nonces.remember('a', 'n', NOW_MS)).toBe(true);
    expect(nonces.remember('a', 'n', NOW_MS + 9_999)).toBe(false);
    expect(nonces.remember('a', 'n', NOW_MS + 10_000)).toBe(true);
    // Remembered again from then on.
    expect(nonces.remember('a', 'n', NOW_MS + 15_000)).toBe(false);
  });

  it('lets a request through again once its nonce expired (and its timestamp is still fresh)', () => {
    const nonces = createNonceStore(1_000);
    const { header } = clientHeader();
    verify(header, request(), { nonces });
    expect(() => verify(header, request(), { nonces, nowMs: NOW_MS + 1_000 })).not.toThrow();
  });

  it('by default remembers a nonce for as long as the default skew accepts its timestamp (2 × 60 s)', () => {
    const nonces = createNonceStore();
    const { header } = clientHeader({ timestamp: NOW + 60 });
    verify(header, request(), { nonces });
    // Still within skew of the ts 119 s later: a replay must still be caught.
    expect(reason(() => verify(header, request(), { nonces, nowMs: NOW_MS + 119_000 }))).toBe('HAWK_REPLAYED_NONCE');
  });

  it('drops the oldest entry when full', () => {
    const nonces = createNonceStore(60_000, 2);
    nonces.remember('a', '1', NOW_MS);
    nonces.remember('a', '2', NOW_MS + 1);
    nonces.remember('a', '3', NOW_MS + 2);
    expect(nonces.remember('a', '3', NOW_MS + 3)).toBe(false);
    expect(nonces.remember('a', '2', NOW_MS + 3)).toBe(false);
    expect(nonces.remember('a', '1', NOW_MS + 3)).toBe(true);
  });
});

describe('signHawkResponse', () => {
  const body = '{"data":{"metadataCountries":[{"name":"France"}]}}';

  it('produces a Server-Authorization header the reference client accepts', () => {
    const { header, artifacts: clientArtifacts } = clientHeader({ ext: 'request ext is not in the response mac' });
    const artifacts = verify(header);
    const serverAuthorization = signHawkResponse(artifacts, credentials.key, { contentType: 'application/json', payload: body });
    expect(serverAuthorization).toMatch(/^Hawk mac="[^"]+", hash="[^"]+"$/);

    const res = { headers: { 'server-authorization': serverAuthorization, 'content-type': 'application/json; charset=utf-8' } };
    expect(() => Hawk.client.authenticate(res, credentials, clientArtifacts, { payload: body, required: true })).not.toThrow();
  });

  it('normalizes the response content type as the client does', () => {
    const { header, artifacts: clientArtifacts } = clientHeader();
    const serverAuthorization = signHawkResponse(verify(header), credentials.key, {
      contentType: 'Application/JSON; charset=utf-8',
      payload: body,
    });
    const res = { headers: { 'server-authorization': serverAuthorization, 'content-type': 'application/json' } };
    expect(() => Hawk.client.authenticate(res, credentials, clientArtifacts, { payload: body })).not.toThrow();
  });

  it('is refused by the reference client for another body, key or request', () => {
    const { header, artifacts: clientArtifacts } = clientHeader();
    const artifacts = verify(header);
    const headers = (key: string) => ({
      'server-authorization': signHawkResponse(artifacts, key, { contentType: 'application/json', payload: body }),
      'content-type': 'application/json',
    });
    expect(() => Hawk.client.authenticate({ headers: headers(credentials.key) }, credentials, clientArtifacts, { payload: '{}' })).toThrow(
      /Bad response payload mac/,
    );
    expect(() => Hawk.client.authenticate({ headers: headers('other') }, credentials, clientArtifacts, { payload: body })).toThrow(
      /Bad response mac/,
    );
    const otherRequest = clientHeader().artifacts;
    expect(() => Hawk.client.authenticate({ headers: headers(credentials.key) }, credentials, otherRequest, { payload: body })).toThrow(
      /Bad response mac/,
    );
  });
});
