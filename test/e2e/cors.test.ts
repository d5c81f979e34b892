import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, listen } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

// CORS on /graphql and /export/*: which browser origins may call the API, the preflight answered before
// authentication, and the headers every answer to an allowed origin carries (src/http/cors.ts).
const ALLOWED = 'https://app.example.com';
const OTHER = 'https://evil.example';
const QUERY = '{ viewer { adviser { email } } }';

let app: TestApp;
// The rate limiter's clock: moved on before each test so that the small burst below refills.
let clock = Date.now();

beforeAll(async () => {
  const defaults = loadConfig({});
  app = await createTestApp(
    {
      cors: { origins: [ALLOWED], localhost: false },
      limits: { ...defaults.limits, adviser: { ...defaults.limits.adviser, ratePerMinute: 60, rateBurst: 3 } },
    },
    { now: () => clock },
  );
});

afterAll(async () => {
  await app?.close();
});

beforeEach(() => {
  clock += 120_000;
});

const preflight = (path: string, origin: string) =>
  fetch(`${app.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

const post = (origin: string | undefined, token: string | null = app.token, query = QUERY) =>
  fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });

function expectCorsHeaders(res: Response, origin = ALLOWED) {
  expect(res.headers.get('access-control-allow-origin')).toBe(origin);
  expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
  expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After, Server-Authorization, WWW-Authenticate, Content-Disposition');
}

describe('the preflight', () => {
  it('is answered 204 without a credential for an allowed origin, on /graphql and /export/*', async () => {
    for (const path of ['/graphql', '/export/company.csv']) {
      const res = await preflight(path, ALLOWED);
      expect(res.status, path).toBe(204);
      expectCorsHeaders(res);
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Apollo-Require-Preflight, X-Apollo-Operation-Name');
      expect(res.headers.get('access-control-max-age')).toBe('600');
      expect(await res.text()).toBe('');
    }
  });

  it('is refused with a coded 403 and no Access-Control-Allow-Origin for an origin not listed', async () => {
    const res = await preflight('/graphql', OTHER);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
    expect(await res.json()).toEqual({
      errors: [{ message: expect.stringContaining(OTHER), extensions: { code: 'FORBIDDEN', reason: 'CORS_ORIGIN_NOT_ALLOWED' } }],
    });
  });

  it('does not let in a local dev server unless the configuration says so', async () => {
    expect((await preflight('/graphql', 'http://localhost:5173')).status).toBe(403);
  });

  it('an OPTIONS without Origin is answered as before (authentication first)', async () => {
    const res = await fetch(`${app.url}/graphql`, { method: 'OPTIONS' });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
  });
});

describe('the answers to an allowed origin', () => {
  it('carry the CORS headers on success', async () => {
    const res = await post(ALLOWED);
    expect(res.status).toBe(200);
    expectCorsHeaders(res);
    expect((await res.json()).data).toEqual({ viewer: { adviser: { email: 'admin@test.example' } } });
  });

  it('carry them on a 401 and on a GraphQL error', async () => {
    const refused = await post(ALLOWED, 'not-a-token');
    expect(refused.status).toBe(401);
    expectCorsHeaders(refused);
    expect((await refused.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const invalid = await post(ALLOWED, app.token, '{ nope }');
    expect(invalid.status).toBe(400);
    expectCorsHeaders(invalid);
    expect((await invalid.json()).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('carry them on a 429, whose Retry-After the page may read', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await post(ALLOWED);
      statuses.push(last.status);
      if (last.status === 200) await last.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expectCorsHeaders(last!);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await last!.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('carry them on an export refusal', async () => {
    const res = await fetch(`${app.url}/export/company.csv?q=damaged`, { headers: { origin: ALLOWED, authorization: `Bearer ${app.token}` } });
    expect(res.status).toBe(400);
    expectCorsHeaders(res);
    expect((await res.json()).errors[0].extensions.reason).toBe('INVALID_EXPORT_QUERY');
  });
});

describe('other requests', () => {
  it('from an origin not listed are answered without CORS headers (the browser keeps the answer from the page)', async () => {
    const res = await post(OTHER);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('without Origin are answered exactly as before', async () => {
    const res = await post(undefined);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
  });

  it('to paths other than /graphql and /export/* get no CORS headers', async () => {
    const res = await fetch(`${app.url}/healthz`, { headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the default outside production (the embedded quick start)', () => {
  it('lets in a dev server on any localhost or 127.0.0.1 port, and nothing else', async () => {
    const cors = loadConfig({ NODE_ENV: 'development' }).cors;
    const server = await listen(await createApp({ config: { ...app.config, cors }, orm: app.orm, logger: createLogger('silent') }), '127.0.0.1', 0);
    try {
      const ask = (origin: string) =>
        fetch(`${server.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://localhost']) {
        const res = await ask(origin);
        expect(res.status, origin).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      }
      for (const origin of ['https://localhost:5173', 'http://localhost.evil.example', 'http://192.168.1.2:5173', ALLOWED]) {
        expect((await ask(origin)).status, origin).toBe(403);
      }
    } finally {
      await server.close();
    }
  });
});
