import { describe, expect, it } from 'vitest';
import {
  createNonceStore,
  isHawkHeader,
  parseHawkHeader,
  signedHostCheck,
  signHawkResponse,
  verifyHawkRequest,
  type HawkRequest,
  type NonceStore,
} from '../../src/auth/hawk.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { AppError } from '../../src/errors.js';
import { Hawk, type Credentials } from '../helpers/hawk-client.js';
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

function verify(header: string, req = request(), opts: { nowMs?: number; nonces?: NonceStore; key?: string } = {}) {
  return verifyHawkRequest(req, parseHawkHeader(header), opts.key ?? credentials.key, {
    nowMs: opts.nowMs ?? NOW_MS,
    nonces: opts.nonces ?? createNonceStore(),
  });
}

/** The AppError a verification rejects with (anything else is rethrown; none at all fails the test). */
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof AppError) return error;
  throw error ?? new Error('expected an AppError');
}

const reason = async (promise: Promise<unknown>) => {
  const error = await rejection(promise);
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
    // Nonces are kept as a key in the database, whose index entries are bounded.
    ['a nonce over 128 characters', `Hawk id="a", ts="1", nonce="${'n'.repeat(129)}", mac="m"`],
  ])('refuses %s', (_, header) => {
    const error = failure(() => parseHawkHeader(header));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.extensions.reason).toBe('HAWK_MALFORMED_HEADER');
  });
});

describe('verifyHawkRequest', () => {
  it('accepts a request signed by the reference client and returns the artifacts', async () => {
    const { header } = clientHeader({ ext: 'some ext' });
    await expect(verify(header)).resolves.toMatchObject({
      id: 'partner-1',
      ts: NOW,
      method: 'POST',
      resource: '/graphql?op=countries',
      host: 'api.example.com',
      port: 8443,
      ext: 'some ext',
    });
  });

  it('accepts a timestamp exactly at the skew limit, either side', async () => {
    await expect(verify(clientHeader({ timestamp: NOW - 60 }).header)).resolves.toBeDefined();
    await expect(verify(clientHeader({ timestamp: NOW + 60 }).header)).resolves.toBeDefined();
  });

  it('refuses a replayed nonce', async () => {
    const nonces = createNonceStore();
    const { header } = clientHeader();
    await verify(header, request(), { nonces });
    expect(await reason(verify(header, request(), { nonces, nowMs: NOW_MS + 5_000 }))).toBe('HAWK_REPLAYED_NONCE');
  });

  it('keeps nonces per id: the same nonce from another client is not a replay', async () => {
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
  ])('refuses %s with HAWK_BAD_MAC', async (_, run) => {
    expect(await reason(run())).toBe('HAWK_BAD_MAC');
  });

  it('compares method case-insensitively and host case-insensitively, as hawk.1 normalizes them', async () => {
    await expect(verify(clientHeader({ method: 'post' }).header, request({ method: 'POST', host: 'API.Example.com' }))).resolves.toBeDefined();
  });

  it('refuses a tampered payload or content type with HAWK_BAD_PAYLOAD_HASH', async () => {
    expect(await reason(verify(clientHeader().header, request({ payload: PAYLOAD.replace('name', 'id') })))).toBe(
      'HAWK_BAD_PAYLOAD_HASH',
    );
    expect(await reason(verify(clientHeader().header, request({ contentType: 'text/plain' })))).toBe('HAWK_BAD_PAYLOAD_HASH');
  });

  it('requires the payload hash', async () => {
    const { header } = clientHeader({ payload: null });
    expect(header).not.toContain('hash=');
    expect(await reason(verify(header))).toBe('HAWK_PAYLOAD_HASH_REQUIRED');
  });

  it('hashes an empty payload', async () => {
    const { header } = clientHeader({ payload: '' });
    expect(header).toContain('hash=');
    await expect(verify(header, request({ payload: '' }))).resolves.toBeDefined();
  });

  it.each([
    ['behind', NOW - 61],
    ['ahead', NOW + 61],
  ])('refuses a timestamp 61 s %s, with a ts/tsm the reference client validates', async (_, timestamp) => {
    const { header, artifacts } = clientHeader({ timestamp });
    const error = await rejection(verify(header));
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

  it('checks the MAC before remembering the nonce, so a forgery cannot burn a genuine nonce', async () => {
    const nonces = createNonceStore();
    const forged = clientHeader({ key: 'attacker-guess', nonce: 'shared' }).header;
    expect(await reason(verify(forged, request(), { nonces }))).toBe('HAWK_BAD_MAC');
    const genuine = clientHeader({ nonce: 'shared' }).header;
    await expect(verify(genuine, request(), { nonces })).resolves.toBeDefined();
  });

  it('does not burn the nonce on a bad payload hash either', async () => {
    const nonces = createNonceStore();
    const { header } = clientHeader({ nonce: 'once' });
    expect(await reason(verify(header, request({ payload: '{}' }), { nonces }))).toBe('HAWK_BAD_PAYLOAD_HASH');
    await expect(verify(header, request(), { nonces })).resolves.toBeDefined();
  });
});

describe('createNonceStore', () => {
  it('forgets a nonce after the window, and not at its last instant', () => {
    const nonces = createNonceStore(10_000);
    expect(nonces.remember('a', 'n', NOW_MS)).toBe(true);
    expect(nonces.remember('a', 'n', NOW_MS + 9_999)).toBe(false);
    expect(nonces.remember('a', 'n', NOW_MS + 10_000)).toBe(false);
    expect(nonces.remember('a', 'n', NOW_MS + 10_001)).toBe(true);
    // Remembered again from then on.
    expect(nonces.remember('a', 'n', NOW_MS + 15_000)).toBe(false);
  });

  it('lets a request through again once its nonce expired (and its timestamp is still fresh)', async () => {
    const nonces = createNonceStore(1_000);
    const { header } = clientHeader();
    await verify(header, request(), { nonces });
    await expect(verify(header, request(), { nonces, nowMs: NOW_MS + 1_001 })).resolves.toBeDefined();
  });

  it('by default remembers a nonce for as long as the default skew accepts its timestamp (2 × 60 s)', async () => {
    const nonces = createNonceStore();
    const { header } = clientHeader({ timestamp: NOW + 60 });
    await verify(header, request(), { nonces });
    // Still within skew of the ts 119 s later, and at 120 s exactly: a replay must still be caught.
    expect(await reason(verify(header, request(), { nonces, nowMs: NOW_MS + 119_000 }))).toBe('HAWK_REPLAYED_NONCE');
    expect(await reason(verify(header, request(), { nonces, nowMs: NOW_MS + 120_000 }))).toBe('HAWK_REPLAYED_NONCE');
    // A millisecond later the timestamp is stale anyway.
    expect(await reason(verify(header, request(), { nonces, nowMs: NOW_MS + 120_001 }))).toBe('HAWK_STALE_TIMESTAMP');
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

describe('signedHostCheck', () => {
  const refusal = (check: () => void) => {
    const error = failure(check);
    expect(error.code).toBe('UNAUTHENTICATED');
    return error.extensions.reason;
  };

  it('accepts only the public hosts: a bare host on any port, host:port on that port', () => {
    const check = signedHostCheck(['api.example.com', 'partners.example.com:8443', '[::1]:4000']);
    expect(() => check('api.example.com', 443)).not.toThrow();
    expect(() => check('API.Example.COM', 80)).not.toThrow();
    expect(() => check('partners.example.com', 8443)).not.toThrow();
    expect(() => check('[::1]', 4000)).not.toThrow();
    expect(refusal(() => check('partners.example.com', 443))).toBe('HAWK_WRONG_HOST');
    expect(refusal(() => check('staging.example.com', 443))).toBe('HAWK_WRONG_HOST');
    expect(refusal(() => check('[::1]', 4001))).toBe('HAWK_WRONG_HOST');
  });

  it('accepts any host when none is configured: then the MAC ties the request to the Host header it came with', () => {
    expect(() => signedHostCheck([])('anything.example', 1234)).not.toThrow();
  });

  it('reads PUBLIC_HOSTS from the environment, and refuses what is not a host[:port]', () => {
    expect(loadConfig({}).publicHosts).toEqual([]);
    expect(loadConfig({ PUBLIC_HOSTS: ' API.example.com, partners.example.com:8443,[::1]:4000 ' }).publicHosts).toEqual([
      'api.example.com',
      'partners.example.com:8443',
      '[::1]:4000',
    ]);
    for (const bad of ['https://api.example.com', 'api.example.com/graphql', 'api.example.com:0', 'api.example.com:70000', 'a b']) {
      expect(() => loadConfig({ PUBLIC_HOSTS: bad }), bad).toThrow(ConfigError);
    }
  });
});

describe('signHawkResponse', () => {
  const body = '{"data":{"metadataCountries":[{"name":"France"}]}}';

  it('produces a Server-Authorization header the reference client accepts', async () => {
    const { header, artifacts: clientArtifacts } = clientHeader({ ext: 'request ext is not in the response mac' });
    const artifacts = await verify(header);
    const serverAuthorization = signHawkResponse(artifacts, credentials.key, { contentType: 'application/json', payload: body });
    expect(serverAuthorization).toMatch(/^Hawk mac="[^"]+", hash="[^"]+"$/);

    const res = { headers: { 'server-authorization': serverAuthorization, 'content-type': 'application/json; charset=utf-8' } };
    expect(() => Hawk.client.authenticate(res, credentials, clientArtifacts, { payload: body, required: true })).not.toThrow();
  });

  it('normalizes the response content type as the client does', async () => {
    const { header, artifacts: clientArtifacts } = clientHeader();
    const serverAuthorization = signHawkResponse(await verify(header), credentials.key, {
      contentType: 'Application/JSON; charset=utf-8',
      payload: body,
    });
    const res = { headers: { 'server-authorization': serverAuthorization, 'content-type': 'application/json' } };
    expect(() => Hawk.client.authenticate(res, credentials, clientArtifacts, { payload: body })).not.toThrow();
  });

  it('is refused by the reference client for another body, key or request', async () => {
    const { header, artifacts: clientArtifacts } = clientHeader();
    const artifacts = await verify(header);
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
