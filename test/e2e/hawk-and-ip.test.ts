import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, listen } from '../../src/app.js';
import { createClient, issueClientCredential, revokeToken } from '../../src/auth/clients.js';
import { createSharedNonceStore } from '../../src/auth/nonce-store.js';
import { createAdviserToken } from '../../src/auth/tokens.js';
import type { Config } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller } from '../helpers/callers.js';
import { Hawk, postWithHost, type ClientArtifacts, type Credentials } from '../helpers/hawk-client.js';

/**
 * Hawk-signed requests and client IP allowlists over real HTTP: the reference Hawk client (@hapi/hawk)
 * signs, fetch sends, the gateway authenticates before GraphQL runs.
 */


const COUNTRIES = JSON.stringify({ query: '{ countries { name } }' });
const INTROSPECT = JSON.stringify({ query: '{ __schema { queryType { name } } }' });
const CONTENT_TYPE = 'application/json';

type Res = { status: number; body: any; text: string; headers: Headers };

let app: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  // No auth cache: a revocation is seen by the very next request.
  [app, proxied] = await Promise.all([createTestApp({ authCacheTtlMs: 0 }), createTestApp({ authCacheTtlMs: 0, trustedProxyHops: 1 })]);
});
afterAll(async () => {
  await Promise.all([app?.close(), proxied?.close()]);
});

let counter = 0;

/** A new Hawk client with these scopes and allowlist, and its issued credential as @hapi/hawk takes it. */
async function hawkClient(target: TestApp, options: { scopes?: string[]; ipAllowlist?: string[]; days?: number; now?: Date } = {}) {
  const em = target.orm.em.fork();
  const client = await createClient(em, {
    name: `Hawk client ${++counter}`,
    scopes: options.scopes ?? ['metadata'],
    ipAllowlist: options.ipAllowlist ?? [],
    authScheme: 'hawk',
  });
  const issued = await issueClientCredential(em, client, { days: options.days ?? 1, now: options.now });
  if (issued.scheme !== 'hawk') throw new Error('expected a Hawk credential');
  const credentials: Credentials = { id: issued.hawkId, key: issued.hawkKey, algorithm: 'sha256' };
  return { client, tokenId: issued.id, credentials };
}

async function post(target: TestApp, body: string, headers: Record<string, string>): Promise<Res> {
  const res = await fetch(`${target.url}/graphql`, { method: 'POST', headers: { 'content-type': CONTENT_TYPE, ...headers }, body });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Signs `payload` (unless `payload: null`) for POST `${target.url}/graphql`: the exact URL fetched, so host and port match. */
function sign(
  target: TestApp,
  credentials: Credentials,
  options: { payload?: string | null; timestamp?: number } = {},
): { header: string; artifacts: ClientArtifacts } {
  const payload = options.payload === null ? {} : { payload: options.payload ?? COUNTRIES, contentType: CONTENT_TYPE };
  return Hawk.client.header(`${target.url}/graphql`, 'POST', {
    credentials,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    ...payload,
  });
}

/** Signs and sends: the signed body unless `send` says otherwise. */
async function hawkPost(
  target: TestApp,
  credentials: Credentials,
  options: { payload?: string | null; send?: string; timestamp?: number; headers?: Record<string, string> } = {},
) {
  const { header, artifacts } = sign(target, credentials, options);
  const res = await post(target, options.send ?? options.payload ?? COUNTRIES, { authorization: header, ...options.headers });
  return { res, header, artifacts };
}

/** A refusal before GraphQL runs: the status, code and reason, and no GraphQL result (no data, no SQL stats). */
function expectRefused(res: Res, status: 401 | 403, reason?: string) {
  expect(res.status, res.text).toBe(status);
  const code = status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0].extensions).toMatchObject({ code, ...(reason ? { reason } : {}) });
  expect(res.body.data).toBeUndefined();
  // The test app sets debugSql: a response GraphQL produced carries extensions.sqlStatements.
  expect(res.body.extensions).toBeUndefined();
  expect(res.headers.get('server-authorization')).toBeNull();
}

function expectCountries(res: Res) {
  expect(res.status, res.text).toBe(200);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  expect(res.body.data.countries.length).toBeGreaterThan(0);
  expect(res.body.data.countries[0]).toEqual({ name: expect.any(String) });
}

describe('Hawk over HTTP', () => {
  it('serves a valid signed request and signs the response so the reference client accepts it', async () => {
    const { credentials } = await hawkClient(app);
    const { res, artifacts } = await hawkPost(app, credentials);
    expectCountries(res);
    expect(res.body.extensions.sqlStatements).toEqual(expect.any(Number));

    const serverAuthorization = res.headers.get('server-authorization');
    expect(serverAuthorization).toMatch(/^Hawk mac="[^"]+", hash="[^"]+"$/);
    const headers = { 'server-authorization': serverAuthorization!, 'content-type': res.headers.get('content-type')! };
    expect(() => Hawk.client.authenticate({ headers }, credentials, artifacts, { payload: res.text, required: true })).not.toThrow();
    // And it covers the body: another payload is refused by the client.
    expect(() => Hawk.client.authenticate({ headers }, credentials, artifacts, { payload: res.text.replace(/"name":"/, '"name":"X') })).toThrow(
      /Bad response payload mac/,
    );
  });

  it('refuses a replay of the same header and body before GraphQL runs', async () => {
    const { credentials } = await hawkClient(app);
    const first = await hawkPost(app, credentials);
    expectCountries(first.res);
    const replay = await post(app, COUNTRIES, { authorization: first.header });
    expectRefused(replay, 401, 'HAWK_REPLAYED_NONCE');
  });

  it('refuses a wrong key, a changed body and a missing payload hash', async () => {
    const { credentials } = await hawkClient(app);
    expectRefused((await hawkPost(app, { ...credentials, key: 'not-the-key-at-all-not-the-key-at-all' })).res, 401, 'HAWK_BAD_MAC');
    const changed = JSON.stringify({ query: '{ countries { id name } }' });
    expectRefused((await hawkPost(app, credentials, { send: changed })).res, 401, 'HAWK_BAD_PAYLOAD_HASH');
    const noHash = await hawkPost(app, credentials, { payload: null, send: COUNTRIES });
    expect(noHash.header).not.toContain('hash=');
    expectRefused(noHash.res, 401, 'HAWK_PAYLOAD_HASH_REQUIRED');
    // None of those used up anything: the genuine client is still served.
    expectCountries((await hawkPost(app, credentials)).res);
  });

  it('refuses a stale timestamp with a WWW-Authenticate resync header the reference client validates', async () => {
    const { credentials } = await hawkClient(app);
    const { res, artifacts } = await hawkPost(app, credentials, { timestamp: Math.floor(Date.now() / 1000) - 61 });
    expectRefused(res, 401, 'HAWK_STALE_TIMESTAMP');
    const wwwAuthenticate = res.headers.get('www-authenticate');
    expect(wwwAuthenticate).toMatch(/^Hawk ts="\d+", tsm="[^"]+"/);
    expect(wwwAuthenticate).toContain('ts=');
    expect(wwwAuthenticate).toContain('tsm=');
    // The tsm is MACed with the client's key: the reference client accepts it, and would throw on a forgery.
    expect(() => Hawk.client.authenticate({ headers: { 'www-authenticate': wwwAuthenticate! } }, credentials, artifacts)).not.toThrow();
    const forged = wwwAuthenticate!.replace(/ts="(\d+)"/, (_, ts) => `ts="${Number(ts) + 1}"`);
    expect(() => Hawk.client.authenticate({ headers: { 'www-authenticate': forged } }, credentials, artifacts)).toThrow(/Invalid server timestamp hash/);
  });

  it('refuses an unknown, a revoked and an expired Hawk credential', async () => {
    const { credentials } = await hawkClient(app);
    expectRefused((await hawkPost(app, { ...credentials, id: 'crm_hawk_nobodyWasEverGivenThisId' })).res, 401, 'UNKNOWN_CREDENTIAL');

    const revoked = await hawkClient(app);
    expectCountries((await hawkPost(app, revoked.credentials)).res);
    await revokeToken(app.orm.em.fork(), { id: revoked.tokenId });
    expectRefused((await hawkPost(app, revoked.credentials)).res, 401, 'REVOKED');

    const expired = await hawkClient(app, { days: 1, now: new Date(Date.now() - 2 * 86_400_000) });
    expectRefused((await hawkPost(app, expired.credentials)).res, 401, 'EXPIRED');
  });

  it('refuses a credential used with the other scheme', async () => {
    // A Hawk id as a bearer token.
    const { credentials } = await hawkClient(app);
    expectRefused(await post(app, COUNTRIES, { authorization: `Bearer ${credentials.id}` }), 401, 'WRONG_SCHEME');
    // A bearer client's token as a Hawk id (with any key: there is none to sign with).
    const bearer = await createClientCaller(app, { scopes: ['metadata'] });
    expectCountries(await post(app, COUNTRIES, { authorization: `Bearer ${bearer.token}` }));
    expectRefused((await hawkPost(app, { id: bearer.token, key: 'no-key-exists-for-a-bearer-client', algorithm: 'sha256' })).res, 401);
  });

  it('needs the introspection scope for __schema', async () => {
    const without = await hawkClient(app, { scopes: ['metadata'] });
    const refused = (await hawkPost(app, without.credentials, { payload: INTROSPECT })).res;
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'introspection' });
    expect(refused.body.data).toBeUndefined();

    const withScope = await hawkClient(app, { scopes: ['metadata', 'introspection'] });
    const served = await hawkPost(app, withScope.credentials, { payload: INTROSPECT });
    expect(served.res.status, served.res.text).toBe(200);
    expect(served.res.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const headers = { 'server-authorization': served.res.headers.get('server-authorization')!, 'content-type': served.res.headers.get('content-type')! };
    expect(() => Hawk.client.authenticate({ headers }, withScope.credentials, served.artifacts, { payload: served.res.text, required: true })).not.toThrow();
  });
});

describe('IP allowlists', () => {
  const bearer = (token: string, headers: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...headers });

  it('checks the socket address when no proxy is trusted, ignoring X-Forwarded-For', async () => {
    const elsewhere = await createClientCaller(app, { scopes: ['metadata'], ipAllowlist: ['10.0.0.0/8'] });
    const refused = await post(app, COUNTRIES, bearer(elsewhere.token));
    expectRefused(refused, 403, 'IP_NOT_ALLOWED');
    expect(refused.body.errors[0].extensions.ip).toBe('127.0.0.1');
    // A client cannot claim an allowed address by itself.
    expectRefused(await post(app, COUNTRIES, bearer(elsewhere.token, { 'x-forwarded-for': '10.1.2.3' })), 403, 'IP_NOT_ALLOWED');

    const local = await createClientCaller(app, { scopes: ['metadata'], ipAllowlist: ['127.0.0.0/8'] });
    expectCountries(await post(app, COUNTRIES, bearer(local.token)));
    expectCountries(await post(app, COUNTRIES, bearer(local.token, { 'x-forwarded-for': '10.1.2.3' })));
  });

  it('takes the address the trusted proxy saw: the last X-Forwarded-For entry with one hop', async () => {
    const client = await createClientCaller(proxied, { scopes: ['metadata'], ipAllowlist: ['10.0.0.0/8'] });
    expectCountries(await post(proxied, COUNTRIES, bearer(client.token, { 'x-forwarded-for': '10.1.2.3' })));
    const spoofed = await post(proxied, COUNTRIES, bearer(client.token, { 'x-forwarded-for': '10.1.2.3, 192.168.7.7' }));
    expectRefused(spoofed, 403, 'IP_NOT_ALLOWED');
    expect(spoofed.body.errors[0].extensions.ip).toBe('192.168.7.7');
    // The proxy chain is not what was configured: the caller cannot be identified.
    expectRefused(await post(proxied, COUNTRIES, bearer(client.token)), 403, 'UNTRUSTED_FORWARDING');
  });

  it('refuses a Hawk client from a disallowed address even with a valid signature', async () => {
    const { credentials } = await hawkClient(app, { ipAllowlist: ['10.0.0.0/8'] });
    expectRefused((await hawkPost(app, credentials)).res, 403, 'IP_NOT_ALLOWED');

    const behindProxy = await hawkClient(proxied, { ipAllowlist: ['10.0.0.0/8'] });
    expectRefused((await hawkPost(proxied, behindProxy.credentials, { headers: { 'x-forwarded-for': '192.168.7.7' } })).res, 403, 'IP_NOT_ALLOWED');
    const allowed = await hawkPost(proxied, behindProxy.credentials, { headers: { 'x-forwarded-for': '10.1.2.3' } });
    expectCountries(allowed.res);
    const headers = { 'server-authorization': allowed.res.headers.get('server-authorization')!, 'content-type': allowed.res.headers.get('content-type')! };
    expect(() => Hawk.client.authenticate({ headers }, behindProxy.credentials, allowed.artifacts, { payload: allowed.res.text, required: true })).not.toThrow();
  });

  it('does not apply to advisers, whatever X-Forwarded-For says', async () => {
    for (const target of [app, proxied]) {
      const res = await target.gql('{ countries { name } }');
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      for (const forwardedFor of ['10.1.2.3', '10.1.2.3, 192.168.7.7', 'not-an-address']) {
        expectCountries(await post(target, COUNTRIES, bearer(target.token, { 'x-forwarded-for': forwardedFor })));
      }
    }
  });
});

/**
 * Another gateway on this file's database, as a second api instance is: its own memory (credential cache,
 * throttle, rate buckets), its own config and clock, and the same tables.
 */
async function gatewayOn(target: TestApp, overrides: Partial<Config> = {}, now?: () => number) {
  const config: Config = { ...target.config, authCacheTtlMs: 0, ...overrides };
  const server = await listen(await createApp({ config, orm: target.orm, logger: createLogger('silent'), now }), '127.0.0.1', 0);
  return { url: server.url, close: server.close };
}

/** A Hawk request signed for `publicUrl` (the host and port a client sees) and sent to `gateway` with that Host. */
function signedFor(publicUrl: string, credentials: Credentials, options: { timestamp?: number } = {}) {
  const { header, artifacts } = Hawk.client.header(`${publicUrl}/graphql`, 'POST', { credentials, payload: COUNTRIES, contentType: CONTENT_TYPE, ...options });
  const host = new URL(publicUrl).host;
  const send = (gateway: string) => postWithHost(`${gateway}/graphql`, host, COUNTRIES, { 'content-type': CONTENT_TYPE, authorization: header });
  return { send, nonce: artifacts.nonce as string };
}

describe('Hawk across api instances (issue 11, item 7)', () => {
  it('refuses on a second instance a request the first one served: nonces are shared through the database', async () => {
    const second = await gatewayOn(app);
    try {
      const { credentials } = await hawkClient(app);
      const request = signedFor('http://gateway.test', credentials);
      expectCountries(await request.send(app.url));
      expectRefused(await request.send(second.url), 401, 'HAWK_REPLAYED_NONCE');
      // A fresh request is served by either.
      expectCountries(await signedFor('http://gateway.test', credentials).send(second.url));
    } finally {
      await second.close();
    }
  });

  it('remembers a nonce for as long as its timestamp is accepted, then sweeps it from the table', async () => {
    let clock = Math.floor(Date.now() / 1000) * 1000;
    const start = clock;
    const gateway = await gatewayOn(app, {}, () => clock);
    const nonceRows = async (nonce: string) => (await app.sql<{ n: number }>('select count(*)::int as n from hawk_nonce where nonce = ?', [nonce]))[0].n;
    try {
      const { credentials } = await hawkClient(app);
      // Signed 60 s ahead: valid from now until 120 s from now, that last instant included.
      const request = signedFor('http://gateway.test', credentials, { timestamp: start / 1000 + 60 });
      expectCountries(await request.send(gateway.url));
      expect(await nonceRows(request.nonce)).toBe(1);
      clock = start + 120_000;
      expectRefused(await request.send(gateway.url), 401, 'HAWK_REPLAYED_NONCE');
      clock = start + 120_001;
      expectRefused(await request.send(gateway.url), 401, 'HAWK_STALE_TIMESTAMP');
      // The next Hawk request a window after the last sweep deletes the expired rows.
      expect(await nonceRows(request.nonce)).toBe(1);
      clock = start + 240_001;
      expectCountries(await signedFor('http://gateway.test', credentials, { timestamp: Math.floor(clock / 1000) }).send(gateway.url));
      expect(await nonceRows(request.nonce)).toBe(0);
    } finally {
      await gateway.close();
    }
  });

  it('the shared store: one answer per nonce across stores, and an expired row not yet swept counts as absent', async () => {
    const t = 1_700_000_000_000;
    const id = `crm_hawk_${randomBytes(8).toString('hex')}`;
    // Two processes' stores; the window is 10 s and neither sweeps before t + 10 s.
    const [one, two] = [createSharedNonceStore(10_000, () => t), createSharedNonceStore(10_000, () => t)];
    const em = () => app.orm.em.fork();
    expect(await one(em()).remember(id, 'n1', t)).toBe(true);
    expect(await two(em()).remember(id, 'n1', t + 1)).toBe(false);
    expect(await two(em()).remember(`${id}x`, 'n1', t + 1)).toBe(true);
    // Racing on one nonce, exactly one of them is told it is new.
    const raced = await Promise.all([one(em()).remember(id, 'n2', t), two(em()).remember(id, 'n2', t)]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    // At t + 10 s exactly still remembered (store one sweeps then, deleting only rows expired before it)…
    expect(await one(em()).remember(id, 'n1', t + 10_000)).toBe(false);
    // …and after it, forgotten though the row is still there (two has not swept): taken again, for 10 s more.
    expect(await two(em()).remember(id, 'n1', t + 10_001)).toBe(true);
    expect(await one(em()).remember(id, 'n1', t + 10_002)).toBe(false);
  });
});

describe('Hawk host check: PUBLIC_HOSTS (issue 11, item 7)', () => {
  it('serves only requests signed for a public host; without PUBLIC_HOSTS, the Host the request came with', async () => {
    const gateway = await gatewayOn(app, { publicHosts: ['gateway.test', 'partners.test:8443'] });
    try {
      const { credentials } = await hawkClient(app);
      expectCountries(await signedFor('http://gateway.test', credentials).send(gateway.url));
      expectCountries(await signedFor('http://Gateway.TEST:8080', credentials).send(gateway.url));
      expectCountries(await signedFor('http://partners.test:8443', credentials).send(gateway.url));
      expectRefused(await signedFor('http://partners.test:9000', credentials).send(gateway.url), 401, 'HAWK_WRONG_HOST');
      expectRefused(await signedFor('http://staging.test', credentials).send(gateway.url), 401, 'HAWK_WRONG_HOST');
      // The host is checked before the credential is looked up: an unknown id gets the same answer.
      expectRefused(await signedFor('http://staging.test', { ...credentials, id: 'crm_hawk_nobodyHasThisId' }).send(gateway.url), 401, 'HAWK_WRONG_HOST');
      // The default gateway has no PUBLIC_HOSTS: the MAC ties the request to the Host header it came with.
      expectCountries(await signedFor('http://staging.test', credentials).send(app.url));
    } finally {
      await gateway.close();
    }
  });
});

describe('failed authentications are throttled per client address (issue 11, item 8)', () => {
  it('after `burst` refused credentials, an address gets 429 before any lookup until the bucket refills', async () => {
    let clock = Date.now();
    // One trusted proxy: each request's address is its X-Forwarded-For. Lookups cached for a minute.
    const gateway = await gatewayOn(app, { trustedProxyHops: 1, authCacheTtlMs: 60_000, failedAuthLimit: { perMinute: 60, burst: 20 } }, () => clock);
    const em = app.orm.em.fork();
    const freshToken = async () => {
      const adviser = await createAdviser(em, { email: `throttle.${randomBytes(4).toString('hex')}@test.example`, name: 'Throttle Test' });
      return (await createAdviserToken(em, adviser, { days: 1 })).token;
    };
    const from = (address: string, token?: string) =>
      fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': CONTENT_TYPE, 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: COUNTRIES,
      }).then(async (res) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() }));
    const guess = () => `crm_adv_${randomBytes(16).toString('hex')}`;
    try {
      const cached = await freshToken();
      // Successes do not count.
      for (let i = 0; i < 25; i++) expect((await from('10.9.0.1', cached)).status).toBe(200);
      for (let i = 0; i < 20; i++) {
        const refused = await from('10.9.0.1', guess());
        expect(refused.status).toBe(401);
        expect(refused.body.errors[0].extensions.reason).toBe('UNKNOWN_CREDENTIAL');
      }
      const throttled = await from('10.9.0.1', guess());
      expect(throttled.status).toBe(429);
      expect(throttled.retryAfter).toBe('1');
      expect(throttled.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: 1, reason: 'TOO_MANY_FAILED_AUTHENTICATIONS' });

      // Refused before the lookup: a valid token never seen before is refused too (a lookup would have served it).
      const unseen = await freshToken();
      expect((await from('10.9.0.1', unseen)).status).toBe(429);
      const hawk = await hawkClient(app);
      const hawkReply = await postWithHost(`${gateway.url}/graphql`, 'gateway.test', COUNTRIES, {
        'content-type': CONTENT_TYPE,
        'x-forwarded-for': '10.9.0.1',
        authorization: Hawk.client.header('http://gateway.test/graphql', 'POST', { credentials: hawk.credentials, payload: COUNTRIES, contentType: CONTENT_TYPE }).header,
      });
      expect(hawkReply.status).toBe(429);
      // A credential the cache already knows costs no lookup and still works; no credential at all is a plain 401.
      expect((await from('10.9.0.1', cached)).status).toBe(200);
      expect((await from('10.9.0.1')).body.errors[0].extensions.reason).toBe('NO_CREDENTIAL');
      // Another address is not concerned.
      expect((await from('10.9.0.2', unseen)).status).toBe(200);

      // A second later one failure has refilled: the unseen token is looked up and served (a success takes nothing)…
      clock += 1_000;
      expect((await from('10.9.0.1', await freshToken())).status).toBe(200);
      expect((await from('10.9.0.1', guess())).status).toBe(401);
      expect((await from('10.9.0.1', guess())).status).toBe(429);
      // …and after 20 s the whole burst.
      clock += 20_000;
      for (let i = 0; i < 20; i++) expect((await from('10.9.0.1', guess())).status).toBe(401);
      expect((await from('10.9.0.1', guess())).status).toBe(429);
    } finally {
      await gateway.close();
    }
  });

  it('counts Hawk refusals too', async () => {
    const clock = Date.now();
    const gateway = await gatewayOn(app, { trustedProxyHops: 1, authCacheTtlMs: 60_000, failedAuthLimit: { perMinute: 60, burst: 3 } }, () => clock);
    try {
      const { credentials } = await hawkClient(app);
      const wrongKey = { ...credentials, key: 'not-the-key-at-all-not-the-key-at-all' };
      const send = (creds: Credentials) =>
        postWithHost(`${gateway.url}/graphql`, 'gateway.test', COUNTRIES, {
          'content-type': CONTENT_TYPE,
          'x-forwarded-for': '10.9.1.1',
          authorization: Hawk.client.header('http://gateway.test/graphql', 'POST', { credentials: creds, payload: COUNTRIES, contentType: CONTENT_TYPE, timestamp: Math.floor(clock / 1000) }).header,
        });
      for (let i = 0; i < 3; i++) expectRefused(await send(wrongKey), 401, 'HAWK_BAD_MAC');
      // The id is cached now, so a wrong MAC still gets its 401 (it costs no lookup); an id never looked up gets 429.
      expectRefused(await send(wrongKey), 401, 'HAWK_BAD_MAC');
      const other = await hawkClient(app);
      const throttled = await send(other.credentials);
      expect(throttled.status, throttled.text).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('1');
    } finally {
      await gateway.close();
    }
  });
});
