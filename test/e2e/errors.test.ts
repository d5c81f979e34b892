import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdviserToken } from '../../src/auth/tokens.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { companyInput, counts } from '../helpers/factories.js';

let app: TestApp;
beforeAll(async () => {
  // No token cache here, so each refusal below is immediate; the cache has its own test at the end.
  app = await createTestApp({ authCacheTtlMs: 0 });
});
afterAll(() => app?.close());

/** No response may carry a stack trace or an unmasked internal error. */
function expectClean(body: any) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace|at .*\.(ts|js):\d+/);
}

async function post(body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}`, ...headers }, body });
  return { status: res.status, body: await res.json() };
}

describe('bad requests get a coded error, never a 500', () => {
  it('malformed query', async () => {
    const res = await app.gql('{ companies(first: 1) { edges { node { id }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expectClean(res.body);
  });

  it('unknown field', async () => {
    const res = await app.gql('{ companies { edges { node { colour } } } }');
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(/colour/);
  });

  it('wrong types in variables and literals', async () => {
    const v = await app.gql('query($n: Int) { companies(first: $n) { totalCount } }', { n: 'ten' });
    expect(v.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const l = await app.gql('{ companies(first: "ten") { totalCount } }');
    expect(l.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectClean(v.body);
  });

  it('invalid UUID, in a variable and inline', async () => {
    const v = await app.gql('query($id: UUID!) { company(id: $id) { id } }', { id: 'not-a-uuid' });
    expect(v.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(v.body.errors[0].message).toMatch(/UUID/);
    const l = await app.gql('{ company(id: "123") { id } }');
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(l.body.errors[0].extensions.code);
  });

  it('an unknown id is NOT_FOUND', async () => {
    const res = await app.gql('{ company(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Company' });
  });

  it('a body that is not JSON', async () => {
    const res = await post('{ not json');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('an unexpected failure is masked, with an error id, and no internals', async () => {
    await app.sql('alter table metadata_title rename to metadata_title_moved');
    try {
      const res = await app.gql('{ titles { id } }');
      expect(res.status).toBeLessThan(500);
      const error = res.body.errors[0];
      expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.extensions.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.message).not.toMatch(/metadata_title|relation|select/);
      expectClean(res.body);
    } finally {
      await app.sql('alter table metadata_title_moved rename to metadata_title');
    }
  });

  it('a failed mutation leaves nothing written', async () => {
    const before = await counts(app);
    const res = await app.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: await companyInput(app, { dunsNumber: 'abc' }) });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await counts(app)).toEqual(before);
  });
});

describe('authentication', () => {
  const QUERY = '{ viewer { adviser { email } } }';
  const expectUnauthenticated = (res: { status: number; body: any }, message: RegExp) => {
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.body.errors[0].message).toMatch(message);
    expect(res.body.data).toBeUndefined();
  };

  it('refuses a request without a token', async () => {
    expectUnauthenticated(await app.gql(QUERY, {}, null), /Bearer/);
  });

  it('refuses an unknown, an expired and a revoked token, and an inactive adviser', async () => {
    expectUnauthenticated(await app.gql(QUERY, {}, 'crm_adv_nonsense'), /not known/);
    const em = app.orm.em.fork();
    const adviser = await createAdviser(em, { email: 'someone@test.example', name: 'Some One' });
    const expired = await createAdviserToken(em, adviser, { days: 1, now: new Date(Date.now() - 2 * 86_400_000) });
    expectUnauthenticated(await app.gql(QUERY, {}, expired.token), /expired/);
    const revoked = await createAdviserToken(em, adviser, { days: 1 });
    await app.sql('update api_token set revoked_on = now() where adviser_id = ? and expires_on > now()', [adviser.id]);
    expectUnauthenticated(await app.gql(QUERY, {}, revoked.token), /revoked/);
    const fresh = await createAdviserToken(em, adviser, { days: 1 });
    expect((await app.gql(QUERY, {}, fresh.token)).body.data.viewer.adviser.email).toBe('someone@test.example');
    await app.sql('update adviser set is_active = false where id = ?', [adviser.id]);
    expectUnauthenticated(await app.gql(QUERY, {}, fresh.token), /not active/);
  });

  it('stores only a hash of the token', async () => {
    const rows = await app.sql('select token_hash from api_token');
    expect(rows.some((r: any) => r.token_hash === app.token)).toBe(false);
    expect(rows.every((r: any) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });
});

describe('the token cache', () => {
  it('trusts a lookup for its TTL, so a revoked token is refused within it', async () => {
    const cached = await createTestApp({ authCacheTtlMs: 400 });
    try {
      const em = cached.orm.em.fork();
      const adviser = await createAdviser(em, { email: 'cached@test.example', name: 'Cached One' });
      const { token } = await createAdviserToken(em, adviser, { days: 1 });
      const query = '{ viewer { adviser { email } } }';
      expect((await cached.gql(query, {}, token)).status).toBe(200);
      await cached.sql('update api_token set revoked_on = now() where adviser_id = ?', [adviser.id]);
      expect((await cached.gql(query, {}, token)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 450));
      const after = await cached.gql(query, {}, token);
      expect(after.status).toBe(401);
      expect(after.body.errors[0].message).toMatch(/revoked/);
    } finally {
      await cached.close();
    }
  });
});

describe('health', () => {
  it('answers /healthz and /readyz without a token', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
