import type { EntityManager } from '@mikro-orm/core';
import { unauthenticated } from '../errors.js';
import { effectivePermissions, type Permission } from './permissions.js';
import { hashToken } from './tokens.js';

/** A member of staff, by bearer token, with the permissions of their groups. */
export type AdviserViewer = {
  kind: 'adviser';
  adviserId: string;
  email: string;
  name: string;
  teamId: string | null;
  isSuperuser: boolean;
  /** Effective groups, sorted: their own and their team role's. */
  groups: readonly string[];
  /** Their own, their groups', or every permission for a superuser. */
  permissions: ReadonlySet<Permission>;
};

/**
 * Who is calling. Partner clients will join this union as `kind: 'client'` with scopes; permission checks
 * go through `hasPermission()` (src/auth/permissions.ts), the one place that will map scopes.
 */
export type Viewer = AdviserViewer;

type ViewerRow = {
  adviserId: string;
  email: string;
  firstName: string;
  lastName: string;
  teamId: string | null;
  isSuperuser: boolean;
  isActive: boolean;
  expiresOn: Date;
  revokedOn: Date | null;
  groups: string[];
  ownPermissions: string[];
};

/**
 * `Authorization: Bearer <token>` → the Viewer, in one statement (token, adviser, their own groups and
 * permissions, and their team role's groups); every refusal is UNAUTHENTICATED.
 */
export async function viewerFromAuthorization(
  em: EntityManager,
  header: string | undefined,
  now: Date = new Date(),
): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw unauthenticated('Send `Authorization: Bearer <token>`; `npm run cli -- token:create` makes one.');
  const rows = (await em.getConnection().execute(
    `select a.id as "adviserId", a.email, a.first_name as "firstName", a.last_name as "lastName",
            a.dit_team_id as "teamId", a.is_superuser as "isSuperuser", a.is_active as "isActive",
            t.expires_on as "expiresOn", t.revoked_on as "revokedOn",
            array(select distinct g from unnest(a.groups || coalesce(r.groups, '{}')) g order by g) as "groups",
            a.permissions as "ownPermissions"
       from api_token t join adviser a on a.id = t.adviser_id
       left join metadata_team team on team.id = a.dit_team_id
       left join metadata_team_role r on r.id = team.role_id
      where t.token_hash = ?`,
    [hashToken(match[1])],
    'all',
  )) as ViewerRow[];
  const row = rows[0];
  if (!row) throw unauthenticated('The token is not known.');
  if (row.revokedOn) throw unauthenticated('The token has been revoked.');
  if (new Date(row.expiresOn) <= now) throw unauthenticated('The token has expired.');
  if (!row.isActive) throw unauthenticated('The adviser is not active.');
  return {
    kind: 'adviser',
    adviserId: row.adviserId,
    email: row.email,
    name: `${row.firstName} ${row.lastName}`,
    teamId: row.teamId,
    isSuperuser: row.isSuperuser,
    groups: row.groups,
    permissions: effectivePermissions(row.groups, row.ownPermissions, row.isSuperuser),
  };
}
