import type { EntityManager } from '@mikro-orm/core';
import { AppError, type Reason } from '../errors.js';
import type { AuthScheme } from './api-client.entity.js';
import { effectivePermissions, type Permission } from './permissions.js';
import { isScope, scopePermissions, type Scope } from './scopes.js';
import { hashToken } from './tokens.js';

/** A member of staff, by bearer token, with the permissions of their groups. */
export type AdviserViewer = {
  kind: 'adviser';
  adviserId: string;
  /** The token used (every adviser calling over HTTP has one): a signed export link names it. */
  tokenId?: string;
  email: string;
  name: string;
  teamId: string | null;
  isSuperuser: boolean;
  /** Effective groups, sorted: their own and their team role's. */
  groups: readonly string[];
  /** Their own, their groups', or every permission for a superuser. */
  permissions: ReadonlySet<Permission>;
};

/** A partner service, by bearer token or Hawk credential, with its client's scopes. */
export type ClientViewer = {
  kind: 'client';
  clientId: string;
  name: string;
  /** The credential used, for the audit and for revocation. */
  tokenId: string;
  authScheme: AuthScheme;
  scopes: ReadonlySet<Scope>;
  /** The advisers' permissions its entity scopes stand for (src/auth/scopes.ts). */
  permissions: ReadonlySet<Permission>;
  /** CIDRs the client may call from; empty means anywhere. */
  ipAllowlist: readonly string[];
};

/** Who is calling. Permission checks go through `hasPermission()` (src/auth/permissions.ts). */
export type Viewer = AdviserViewer | ClientViewer;

/** A credential as looked up: who it stands for, and for Hawk the key that signs its requests. */
export type Credential = { viewer: Viewer; hawkKey?: string };

type CredentialRow = {
  tokenId: string;
  expiresOn: Date;
  revokedOn: Date | null;
  hawkKey: string | null;
  adviserId: string | null;
  email: string;
  firstName: string;
  lastName: string;
  teamId: string | null;
  isSuperuser: boolean;
  isActive: boolean;
  groups: string[] | null;
  ownPermissions: string[];
  clientId: string | null;
  clientName: string;
  scopes: string[];
  ipAllowlist: string[];
  authScheme: AuthScheme;
};

const refusal = (reason: Reason, message: string) => new AppError('UNAUTHENTICATED', message, { reason });

/**
 * A credential by its secret (a bearer token) or its public id (Hawk), in one statement: the token, and its
 * adviser with their own groups and their team role's, or its client. Every refusal is UNAUTHENTICATED with a
 * reason; a Hawk request's MAC is checked afterwards, per request (src/auth/authenticate.ts).
 */
export function findCredential(em: EntityManager, scheme: AuthScheme, secretOrId: string, now: Date = new Date()): Promise<Credential> {
  return credentialWhere(em, scheme, 't.token_hash = ?', hashToken(secretOrId), now);
}

/**
 * A credential by its token's id, with the same refusals (revoked, expired, inactive adviser) and the
 * permissions as they are now: what a signed export link is checked against when it is used.
 */
export function findCredentialByTokenId(em: EntityManager, tokenId: string, now: Date = new Date()): Promise<Credential> {
  return credentialWhere(em, undefined, 't.id = ?', tokenId, now);
}

/** `scheme` undefined: the credential as issued, whatever scheme it is used with. */
async function credentialWhere(em: EntityManager, scheme: AuthScheme | undefined, where: string, param: string, now: Date): Promise<Credential> {
  const rows = (await em.getConnection().execute(
    `select t.id as "tokenId", t.expires_on as "expiresOn", t.revoked_on as "revokedOn", t.hawk_key as "hawkKey",
            a.id as "adviserId", a.email, a.first_name as "firstName", a.last_name as "lastName",
            a.dit_team_id as "teamId", a.is_superuser as "isSuperuser", a.is_active as "isActive",
            case when a.id is null then null
                 else array(select distinct g from unnest(a.groups || coalesce(r.groups, '{}')) g order by g) end as "groups",
            a.permissions as "ownPermissions",
            c.id as "clientId", c.name as "clientName", c.scopes, c.ip_allowlist as "ipAllowlist", c.auth_scheme as "authScheme"
       from api_token t
       left join adviser a on a.id = t.adviser_id
       left join metadata_team team on team.id = a.dit_team_id
       left join metadata_team_role r on r.id = team.role_id
       left join api_client c on c.id = t.client_id
      where ${where}`,
    [param],
    'all',
  )) as CredentialRow[];
  const row = rows[0];
  if (!row) throw refusal('UNKNOWN_CREDENTIAL', scheme === 'hawk' ? 'The Hawk id is not known.' : 'The token is not known.');
  if (row.revokedOn) throw refusal('REVOKED', scheme === 'hawk' ? 'The Hawk credential has been revoked.' : 'The token has been revoked.');
  if (new Date(row.expiresOn) <= now) throw refusal('EXPIRED', scheme === 'hawk' ? 'The Hawk credential has expired.' : 'The token has expired.');
  if (row.adviserId) {
    if (scheme === 'hawk') throw refusal('UNKNOWN_CREDENTIAL', 'The Hawk id is not known.');
    if (!row.isActive) throw refusal('INACTIVE_ADVISER', 'The adviser is not active.');
    const groups = row.groups ?? [];
    return {
      viewer: {
        kind: 'adviser',
        adviserId: row.adviserId,
        tokenId: row.tokenId,
        email: row.email,
        name: `${row.firstName} ${row.lastName}`,
        teamId: row.teamId,
        isSuperuser: row.isSuperuser,
        groups,
        permissions: effectivePermissions(groups, row.ownPermissions, row.isSuperuser),
      },
    };
  }
  if (scheme && row.authScheme !== scheme) {
    throw refusal(
      'WRONG_SCHEME',
      row.authScheme === 'hawk' ? 'This client must sign its requests with Hawk.' : 'This client uses bearer tokens, not Hawk.',
    );
  }
  const scopes = new Set(row.scopes.filter(isScope));
  return {
    viewer: {
      kind: 'client',
      clientId: row.clientId!,
      name: row.clientName,
      tokenId: row.tokenId,
      authScheme: row.authScheme,
      scopes,
      permissions: scopePermissions(scopes),
      ipAllowlist: row.ipAllowlist,
    },
    hawkKey: row.hawkKey ?? undefined,
  };
}
