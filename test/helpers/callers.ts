import { createClient, issueClientCredential } from '../../src/auth/clients.js';
import { createAdviserToken } from '../../src/auth/tokens.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import type { GqlResult, TestApp } from './app.js';

/** An adviser with a token, and `gql` sending that token. */
export type Caller = {
  id: string;
  email: string;
  token: string;
  gql: (query: string, variables?: Record<string, unknown>) => Promise<GqlResult>;
};

let counter = 0;

/** An enabled team whose role has this name (seeded reference data), e.g. 'International Trade Team'. */
export async function teamWithRole(app: TestApp, roleName: string): Promise<string> {
  const [row] = await app.sql(
    `select t.id from metadata_team t join metadata_team_role r on r.id = t.role_id
      where r.name = ? and t.disabled_on is null order by t.name, t.id limit 1`,
    [roleName],
  );
  if (!row) throw new Error(`no enabled team with the role ${roleName}`);
  return row.id;
}

/**
 * A new adviser who calls the API: with groups and permissions of their own, in a team of the given role
 * (whose groups they inherit), or a superuser.
 */
export async function createCaller(
  app: TestApp,
  options: { groups?: string[]; permissions?: string[]; teamRole?: string; superuser?: boolean; name?: string } = {},
): Promise<Caller> {
  const em = app.orm.em.fork();
  const n = ++counter;
  const teamId = options.teamRole ? await teamWithRole(app, options.teamRole) : null;
  const adviser = await createAdviser(em, {
    email: `caller.${n}.${Date.now()}@test.example`,
    name: options.name ?? `Caller ${n}`,
    superuser: options.superuser ?? false,
    teamId,
    groups: options.groups ?? [],
    permissions: options.permissions ?? [],
  });
  const { token } = await createAdviserToken(em, adviser, { days: 1 });
  return { id: adviser.id, email: adviser.email, token, gql: (query, variables = {}) => app.gql(query, variables, token) };
}

/** The kinds of caller the permission tests try every field with. */
export async function standardCallers(app: TestApp) {
  return {
    superuser: await createCaller(app, { superuser: true, name: 'Super User' }),
    /** An international trade adviser: DIT_staff (and Regional account managers) through their team's role. */
    staff: await createCaller(app, { teamRole: 'International Trade Team', name: 'Trade Adviser' }),
    analyst: await createCaller(app, { groups: ['Read-only analyst'], name: 'Read Only' }),
    noGroups: await createCaller(app, { name: 'No Groups' }),
  };
}

/** A partner client with a bearer token, and `gql` sending that token. */
export type ClientCaller = Caller & { clientId: string; name: string; tokenId: string };

/** A new partner client (bearer) with these scopes and one token. */
export async function createClientCaller(app: TestApp, options: { scopes: string[]; ipAllowlist?: string[]; name?: string }): Promise<ClientCaller> {
  const em = app.orm.em.fork();
  const n = ++counter;
  const name = options.name ?? `Client ${n} ${options.scopes.join(' ')}`.slice(0, 100);
  const client = await createClient(em, { name, scopes: options.scopes, ipAllowlist: options.ipAllowlist });
  const issued = await issueClientCredential(em, client, { days: 1 });
  if (issued.scheme !== 'bearer') throw new Error('expected a bearer client');
  return { id: client.id, clientId: client.id, email: '', name, tokenId: issued.id, token: issued.token, gql: (query, variables = {}) => app.gql(query, variables, issued.token) };
}
