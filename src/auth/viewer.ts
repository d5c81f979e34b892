import type { EntityManager } from '@mikro-orm/core';
import { unauthenticated } from '../errors.js';
import { hashToken } from './tokens.js';

/** Who is calling. Permissions and partner clients arrive with the access-control issue. */
export type Viewer = {
  kind: 'adviser';
  adviserId: string;
  email: string;
  name: string;
  teamId: string | null;
  isSuperuser: boolean;
};

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
};

/** `Authorization: Bearer <token>` → the Viewer, in one statement; every refusal is UNAUTHENTICATED. */
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
            t.expires_on as "expiresOn", t.revoked_on as "revokedOn"
       from api_token t join adviser a on a.id = t.adviser_id
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
  };
}
