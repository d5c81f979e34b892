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

describe('malformed requests are coded client errors (GraphQL over HTTP), never a 500', () => {
  const expectRefused = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.errors[0].extensions.code, JSON.stringify(res.body)).toBe(code);
    expect(res.body.data).toBeUndefined();
    expectClean(res.body);
  };

  it('an operationName that is not in the document, and several operations without one', async () => {
    const unknown = await post(JSON.stringify({ query: 'query A { viewer { groups } }', operationName: 'B' }));
    expectRefused(unknown, 400, 'OPERATION_RESOLUTION_FAILURE');
    expect(unknown.body.errors[0].message).toMatch(/B/);
    const ambiguous = await post(JSON.stringify({ query: 'query A { viewer { groups } } query B { viewer { permissions } }' }));
    expectRefused(ambiguous, 400, 'OPERATION_RESOLUTION_FAILURE');
    expect(ambiguous.body.errors[0].message).toMatch(/operationName/);
    const chosen = await post(JSON.stringify({ query: 'query A { viewer { groups } } query B { viewer { isSuperuser } }', operationName: 'B' }));
    expect(chosen.body).toEqual({ data: { viewer: { isSuperuser: true } }, extensions: expect.anything() });
  });

  it('an operation type the schema does not have', async () => {
    const res = await post(JSON.stringify({ query: 'subscription { viewer { groups } }' }));
    expectRefused(res, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(/subscription/);
  });

  it('a filter nested thousands of levels deep, refused with the measured depth and the limit before any SQL', async () => {
    // Written out as text: JSON.stringify itself recurses, and would overflow on a value this deep.
    const filter = `${'{"and":['.repeat(5000)}{"name":{"eq":"x"}}${']}'.repeat(5000)}`;
    const res = await post(`{"query":"query($f: CompanyFilter) { companies(filter: $f) { totalCount } }","variables":{"f":${filter}}}`);
    expectRefused(res, 400, 'BAD_USER_INPUT');
    expect(res.body.errors[0].extensions).toMatchObject({ reason: 'INPUT_TOO_DEEP', field: ['f'], limit: expect.any(Number) });
    expect(res.body.errors[0].extensions.measured).toBeGreaterThan(res.body.errors[0].extensions.limit);
    // No SQL but the credential's lookup, as for a request that asks for nothing from the database.
    const baseline = await app.gql('{ __typename }');
    expect(res.body.extensions?.sqlStatements).toBe(baseline.body.extensions.sqlStatements);
    // The same in a literal, and too many values in one input.
    const literal = await app.gql(`{ companies(filter: ${'{ not: '.repeat(300)}{ name: { eq: "x" } }${' }'.repeat(300)}) { totalCount } }`);
    expectRefused(literal, 400, 'BAD_USER_INPUT');
    expect(literal.body.errors[0].extensions).toMatchObject({ reason: 'INPUT_TOO_DEEP', field: ['filter'] });
    const wide = await app.gql('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: { or: Array.from({ length: 20_000 }, () => ({ name: { eq: 'x' } })) } });
    expectRefused(wide, 400, 'BAD_USER_INPUT');
    expect(wide.body.errors[0].extensions).toMatchObject({ reason: 'INPUT_TOO_LARGE', field: ['f'] });
    // A filter within the limits still works.
    let fine: any = { name: { eq: 'x' } };
    for (let i = 0; i < 5; i++) fine = { and: [fine] };
    expect((await app.gql('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: fine })).body).toMatchObject({ data: { companies: { totalCount: 0 } } });
  });

  it('a NUL character in any string input, with the path of the field it is in', async () => {
    const before = await counts(app);
    const inFilter = await app.gql('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: { or: [{ name: { eq: 'ok' } }, { name: { ilike: 'a\u0000b' } }] } });
    expectRefused(inFilter, 400, 'BAD_USER_INPUT');
    expect(inFilter.body.errors[0].extensions).toMatchObject({ reason: 'NUL_CHARACTER', field: ['f', 'or', '1', 'name', 'ilike'] });
    const inInput = await app.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: await companyInput(app, { name: 'Nul\u0000 Ltd' }) });
    expectRefused(inInput, 400, 'BAD_USER_INPUT');
    expect(inInput.body.errors[0].extensions).toMatchObject({ reason: 'NUL_CHARACTER', field: ['input', 'name'] });
    const inLiteral = await app.gql('{ companies(filter: { name: { in: ["a", "b\\u0000"] } }) { totalCount } }');
    expectRefused(inLiteral, 400, 'BAD_USER_INPUT');
    expect(inLiteral.body.errors[0].extensions).toMatchObject({ reason: 'NUL_CHARACTER', field: ['filter', 'name', 'in', '1'] });
    const inSearch = await app.gql('query($t: String!) { search(term: $t) { totalCount } }', { t: 'acme\u0000' });
    expectRefused(inSearch, 400, 'BAD_USER_INPUT');
    expect(await counts(app)).toEqual(before);
  });

  it('half a surrogate pair in text, which PostgreSQL cannot store, with the path of the field it is in', async () => {
    const before = await counts(app);
    const res = await app.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: await companyInput(app, { name: 'Trading Ltd\udc00x' }) });
    expectRefused(res, 400, 'BAD_USER_INPUT');
    expect(res.body.errors[0].extensions).toMatchObject({ reason: 'INVALID_UNICODE', field: ['input', 'name'] });
    // A whole pair (an emoji) is a character like any other.
    const emoji = await app.gql('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: { name: { eq: 'Rocket \ud83d\ude80 Ltd' } } });
    expect(emoji.body).toMatchObject({ data: { companies: { totalCount: 0 } } });
    expect(await counts(app)).toEqual(before);
  });

  it("graphql-js's and Apollo's own refusals of a request are coded too", async () => {
    // graphql-js stops after 50 coercion errors and adds one of its own, without a code.
    const many = await app.gql('query($o: [CompanyOrderBy!]) { companies(orderBy: $o) { totalCount } }', { o: Array.from({ length: 51 }, () => ({ field: 'x' })) });
    expect(many.status).toBe(400);
    expect(many.body.errors.length).toBeGreaterThan(50);
    expect(many.body.errors.map((e: any) => e.extensions.code).filter((c: string) => c !== 'BAD_USER_INPUT')).toEqual(['BAD_REQUEST']);
    const persisted = await post(JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }));
    expect(persisted.status).toBe(400);
    expect(persisted.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expectClean(persisted.body);
  });

  it('an orderBy that names a field twice, in a list and in a search', async () => {
    const list = await app.gql('{ companies(orderBy: [{ field: NAME }, { field: CREATED_ON }, { field: NAME, direction: DESC }]) { totalCount } }');
    expect(list.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE_SORT_FIELD', field: ['orderBy', '2', 'field'] });
    const search = await app.gql('{ searchInteractions(orderBy: [{ field: DATE }, { field: DATE }]) { totalCount } }');
    expect(search.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE_SORT_FIELD', field: ['orderBy', '1', 'field'] });
  });

  it('a body over the size limit is answered 413 with a coded error, not a dropped connection', async () => {
    const huge = JSON.stringify({ query: '{ viewer { groups } }', variables: { pad: 'x'.repeat(1_100_000) } });
    const res = await post(huge);
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 1_000_000 });
    // Sent in chunks with no length announced, too.
    const chunked = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 12; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100_000)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // The server goes on answering.
    expect((await app.gql('{ viewer { isSuperuser } }')).body.data.viewer.isSuperuser).toBe(true);
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
    let clock = Date.now();
    const cached = await createTestApp({ authCacheTtlMs: 400 }, { now: () => clock });
    try {
      const em = cached.orm.em.fork();
      const adviser = await createAdviser(em, { email: 'cached@test.example', name: 'Cached One' });
      const { token } = await createAdviserToken(em, adviser, { days: 1 });
      const query = '{ viewer { adviser { email } } }';
      expect((await cached.gql(query, {}, token)).status).toBe(200);
      await cached.sql('update api_token set revoked_on = now() where adviser_id = ?', [adviser.id]);
      expect((await cached.gql(query, {}, token)).status).toBe(200);
      clock += 399;
      expect((await cached.gql(query, {}, token)).status).toBe(200);
      clock += 2;
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
