import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, issueClientCredential } from '../../src/auth/clients.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestApp, type GqlResult, type TestApp } from '../helpers/app.js';
import { createCaller } from '../helpers/callers.js';

/** Administration of partner clients over GraphQL, and their credentials used against the API. */
let app: TestApp;
beforeAll(async () => {
  // No auth cache: a revocation is seen by the very next request.
  app = await createTestApp({ authCacheTtlMs: 0 });
});
afterAll(() => app?.close());

const CLIENT_FIELDS = 'id name authScheme scopes ipAllowlist createdOn credentials { id hint createdOn expiresOn revokedOn }';
const CREATE = `mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { ${CLIENT_FIELDS} } }`;
const ISSUE = 'mutation($clientId: UUID!, $days: Int) { issueApiClientCredential(clientId: $clientId, days: $days) { id expiresOn token hawkId hawkKey } }';
const REVOKE = 'mutation($id: UUID!) { revokeApiToken(id: $id) { id hint revokedOn } }';
const COMPANIES = '{ companies(first: 1) { totalCount } }';

const ok = (res: GqlResult) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

const clientRows = async () => (await app.sql('select count(*)::int as n from api_client'))[0].n as number;

/** A refusal before GraphQL runs: HTTP 401 with the reason. */
function expectUnauthenticated(res: GqlResult, reason: string) {
  expect(res.status).toBe(401);
  expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
}

describe('partner clients over GraphQL', () => {
  it('creates a client, issues a bearer token that is served within its scopes, and revokes it', async () => {
    const { createApiClient: client } = ok(await app.gql(CREATE, { input: { name: 'Partner One', scopes: ['company:read'], ipAllowlist: ['127.0.0.1/32', '::1'] } }));
    expect(client).toMatchObject({ name: 'Partner One', authScheme: 'BEARER', scopes: ['company:read'], ipAllowlist: ['127.0.0.1/32', '::1'], credentials: [] });
    const [row] = await app.sql('select created_by_id as "createdById" from api_client where id = ?', [client.id]);
    expect(row.createdById).toBe(app.adminId);

    const { issueApiClientCredential: issued } = ok(await app.gql(ISSUE, { clientId: client.id, days: 7 }));
    expect(issued.token).toMatch(/^crm_cli_[A-Za-z0-9_-]{40,}$/);
    expect(issued).toMatchObject({ hawkId: null, hawkKey: null });
    expect(new Date(issued.expiresOn).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    // Served within its scopes, refused outside them.
    expect(ok(await app.gql(COMPANIES, {}, issued.token)).companies.totalCount).toEqual(expect.any(Number));
    const contacts = await app.gql('{ contacts(first: 1) { totalCount } }', {}, issued.token);
    expect(contacts.body.errors[0].extensions.code).toBe('FORBIDDEN');
    // Administering clients is for advisers with manage_api_client, never a scope.
    expect((await app.gql('{ apiClients { id } }', {}, issued.token)).body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'manage_api_client' });

    // Listed with its credential: the hint, never the token.
    const listed = ok(await app.gql(`{ apiClients { ${CLIENT_FIELDS} } }`)).apiClients.find((c: any) => c.id === client.id);
    expect(listed.credentials).toEqual([{ id: issued.id, hint: issued.token.slice(0, 12) + '…', createdOn: expect.any(String), expiresOn: issued.expiresOn, revokedOn: null }]);
    expect(JSON.stringify(listed)).not.toContain(issued.token);

    const { revokeApiToken: revoked } = ok(await app.gql(REVOKE, { id: issued.id }));
    expect(revoked).toEqual({ id: issued.id, hint: issued.token.slice(0, 12) + '…', revokedOn: expect.any(String) });
    expectUnauthenticated(await app.gql(COMPANIES, {}, issued.token), 'REVOKED');
    // Revoking again is harmless and keeps the first time.
    expect(ok(await app.gql(REVOKE, { id: issued.id })).revokeApiToken).toEqual(revoked);
    const after = ok(await app.gql(`{ apiClients { id credentials { id revokedOn } } }`)).apiClients.find((c: any) => c.id === client.id);
    expect(after.credentials).toEqual([{ id: issued.id, revokedOn: revoked.revokedOn }]);
  });

  it("revokes an adviser's token too", async () => {
    const adviser = await createCaller(app, { groups: ['DIT_staff'] });
    const [{ id }] = await app.sql('select t.id from api_token t where t.adviser_id = ?', [adviser.id]);
    ok(await app.gql(REVOKE, { id }));
    expectUnauthenticated(await adviser.gql(COMPANIES), 'REVOKED');
  });

  it('refuses an expired client token, an unknown one, and a Hawk id sent as a bearer token', async () => {
    const em = app.orm.em.fork();
    const client = await createClient(em, { name: 'Expired Partner', scopes: ['company:read'] });
    const expired = await issueClientCredential(em, client, { days: 1, now: new Date(Date.now() - 2 * 86_400_000) });
    if (expired.scheme !== 'bearer') throw new Error('expected a bearer credential');
    expectUnauthenticated(await app.gql(COMPANIES, {}, expired.token), 'EXPIRED');

    expectUnauthenticated(await app.gql(COMPANIES, {}, 'crm_cli_notATokenAnyoneWasGiven'), 'UNKNOWN_CREDENTIAL');

    const { createApiClient: hawk } = ok(await app.gql(CREATE, { input: { name: 'Hawk Partner', scopes: ['metadata'], authScheme: 'HAWK' } }));
    expect(hawk.authScheme).toBe('HAWK');
    const { issueApiClientCredential: issued } = ok(await app.gql(ISSUE, { clientId: hawk.id }));
    expect(issued).toMatchObject({ token: null, hawkId: expect.stringMatching(/^crm_hawk_\S+$/), hawkKey: expect.stringMatching(/^\S{40,}$/) });
    // The default lifetime is the server's TOKEN_DAYS.
    const [{ days }] = await app.sql('select extract(epoch from expires_on - created_on) / 86400 as days from api_token where id = ?', [issued.id]);
    expect(Number(days)).toBe(loadConfig({ NODE_ENV: 'test' }).tokenDays);
    const res = await app.gql(COMPANIES, {}, issued.hawkId);
    expect(res.status).toBe(401);
    expect(['UNKNOWN_CREDENTIAL', 'WRONG_SCHEME']).toContain(res.body.errors[0].extensions.reason);
  });

  it('lists the scopes with their descriptions', async () => {
    const scopes = ok(await app.gql('{ apiScopes { name description } }')).apiScopes;
    expect(scopes.map((s: any) => s.name)).toEqual(expect.arrayContaining(['company:read', 'contact:pii', 'metadata', 'introspection']));
    for (const s of scopes) expect(s.description.length).toBeGreaterThan(10);
  });
});

describe('bad input and refusals', () => {
  it('refuses an unknown scope, an invalid CIDR and a duplicate name, writing nothing', async () => {
    const before = await clientRows();
    const unknown = await app.gql(CREATE, { input: { name: 'Bad Scopes', scopes: ['company:read', 'company:delete'] } });
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_SCOPE', field: ['scopes'] });
    const cidr = await app.gql(CREATE, { input: { name: 'Bad CIDR', scopes: ['metadata'], ipAllowlist: ['10.0.0.0/33'] } });
    expect(cidr.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CIDR', field: ['ipAllowlist'] });
    // Every problem at once.
    const both = await app.gql(CREATE, { input: { name: ' ', scopes: ['nope'], ipAllowlist: ['not-an-address'] } });
    expect(both.body.errors[0].extensions.issues.map((i: any) => i.reason)).toEqual(['REQUIRED', 'UNKNOWN_SCOPE', 'INVALID_CIDR']);
    expect(await clientRows()).toBe(before);

    ok(await app.gql(CREATE, { input: { name: 'Taken Name', scopes: ['metadata'] } }));
    const taken = await app.gql(CREATE, { input: { name: ' Taken Name ', scopes: ['metadata'] } });
    expect(taken.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NAME_TAKEN', field: ['name'] });
    expect(await clientRows()).toBe(before + 1);
  });

  it('refuses bad days and unknown ids', async () => {
    const { createApiClient: client } = ok(await app.gql(CREATE, { input: { name: 'Days Partner', scopes: ['metadata'] } }));
    expect((await app.gql(ISSUE, { clientId: client.id, days: 0 })).body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['days'] });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await app.gql(ISSUE, { clientId: missing })).body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'ApiClient' });
    expect((await app.gql(REVOKE, { id: missing })).body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Token' });
    expect((await app.gql(REVOKE, { id: 'not-a-uuid' })).body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const [{ n }] = await app.sql('select count(*)::int as n from api_token where client_id = ?', [client.id]);
    expect(n).toBe(0);
  });

  it('refuses an adviser without manage_api_client, writing nothing', async () => {
    const staff = await createCaller(app, { groups: ['DIT_staff'] });
    const before = await clientRows();
    for (const query of ['{ apiClients { id } }', '{ apiScopes { name } }']) {
      const res = await staff.gql(query);
      expect(res.body.errors[0].extensions, query).toMatchObject({ code: 'FORBIDDEN', permission: 'manage_api_client' });
    }
    const created = await staff.gql(CREATE, { input: { name: 'Not Allowed', scopes: ['metadata'] } });
    expect(created.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'manage_api_client' });
    expect(created.body.data).toEqual({ createApiClient: null });
    expect(await clientRows()).toBe(before);

    // The Administrator group has it, without being a superuser.
    const admin = await createCaller(app, { groups: ['Administrator'] });
    ok(await admin.gql(CREATE, { input: { name: 'Allowed', scopes: ['metadata'] } }));
    expect(await clientRows()).toBe(before + 1);
  });
});
