import type { EntityManager } from '@mikro-orm/core';
import { DAY_MS } from '../../../seeds/demo/random.js';
import { iso, writeRows, type DemoContext, type Row } from '../../../seeds/demo/context.js';

/**
 * Named advisers in realistic roles, so that the permissions can be tried on the demo data:
 * `npm run cli -- token:create --adviser demo.analyst@example.gov.uk` signs in as one. The generated
 * advisers all sit in teams whose role grants DIT_staff (as most of Data Hub's teams do).
 */
export const DEMO_ROLES: ReadonlyArray<{ email: string; firstName: string; lastName: string; teamRole?: string; groups?: string[] }> = [
  { email: 'demo.trade.adviser@example.gov.uk', firstName: 'Tara', lastName: 'Trade-Adviser', teamRole: 'International Trade Team' },
  { email: 'demo.analyst@example.gov.uk', firstName: 'Anna', lastName: 'Analyst', groups: ['Read-only analyst'] },
  { email: 'demo.lep@example.gov.uk', firstName: 'Lee', lastName: 'Partnership', teamRole: 'Local Enterprise Partnership (LEP)' },
  { email: 'demo.da@example.gov.uk', firstName: 'Dai', lastName: 'Devolved', teamRole: 'DA' },
  { email: 'demo.administrator@example.gov.uk', firstName: 'Ada', lastName: 'Administrator', groups: ['Administrator'] },
  { email: 'demo.new.starter@example.gov.uk', firstName: 'Noah', lastName: 'New-Starter' },
];

const COLUMNS = ['id', 'email', 'first_name', 'last_name', 'contact_email', 'dit_team_id', 'is_active', 'is_superuser', 'groups', 'created_on', 'modified_on'];

/** The first enabled team (by name) with the role, so the choice is the same on every database. */
async function teamWithRole(em: EntityManager, role: string): Promise<string> {
  const [row] = (await em.getConnection().execute(
    `select t.id from metadata_team t join metadata_team_role r on r.id = t.role_id
      where r.name = ? and t.disabled_on is null order by t.name, t.id limit 1`,
    [role],
    'all',
    em.getTransactionContext(),
  )) as Array<{ id: string }>;
  if (!row) throw new Error(`No enabled team has the role ${role}: is the reference data loaded?`);
  return row.id;
}

/** Adds the role advisers (those whose email is free), after every generated record so no other value moves. */
export async function seedRoleAdvisers(em: EntityManager, ctx: DemoContext): Promise<number> {
  const taken = new Set(
    ((await em.getConnection().execute('select lower(email) as email from adviser', [], 'all', em.getTransactionContext())) as Array<{ email: string }>).map((r) => r.email),
  );
  const rows: Row[] = [];
  for (const role of DEMO_ROLES) {
    const id = ctx.ids.uuid(); // drawn even when skipped, so ids do not depend on what is taken
    if (taken.has(role.email)) continue;
    const created = iso(ctx.nowMs - 400 * DAY_MS);
    rows.push({
      id,
      email: role.email,
      first_name: role.firstName,
      last_name: role.lastName,
      contact_email: role.email,
      dit_team_id: role.teamRole ? await teamWithRole(em, role.teamRole) : null,
      is_active: true,
      is_superuser: false,
      groups: role.groups ?? [],
      created_on: created,
      modified_on: created,
    });
  }
  await writeRows(em, { table: 'adviser', columns: COLUMNS }, rows);
  return rows.length;
}
