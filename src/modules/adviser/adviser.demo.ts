import type { EntityManager } from '@mikro-orm/core';
import type { DemoStep } from '../../../seeds/demo/step.js';
import { seedRoleAdvisers } from './adviser.demo-roles.js';
import { DAY_MS } from '../../../seeds/demo/random.js';
import { iso, slug, unique, writeRows, type DemoContext, type Progress, type Row, type TableSpec } from '../../../seeds/demo/context.js';

export interface AdviserRef {
  id: string;
  teamId: string;
}

const ADVISER: TableSpec = {
  table: 'adviser',
  columns: ['id', 'email', 'first_name', 'last_name', 'contact_email', 'telephone_number', 'dit_team_id', 'is_active', 'is_superuser', 'sso_email_user_id', 'created_on', 'modified_on'],
};

const EMAIL_DOMAIN = 'businessandtrade.gov.uk';

/** Emails and SSO ids already in use (a developer's own login, say), which the demo advisers must avoid. */
async function takenIdentities(em: EntityManager): Promise<{ emails: Set<string>; ssoIds: Set<string> }> {
  const rows = (await em
    .getConnection()
    .execute('select lower(email) as email, sso_email_user_id from adviser', [], 'all', em.getTransactionContext())) as Array<{ email: string; sso_email_user_id: string | null }>;
  return {
    emails: new Set(rows.map((r) => r.email)),
    ssoIds: new Set(rows.flatMap((r) => (r.sso_email_user_id ? [r.sso_email_user_id] : []))),
  };
}

/**
 * Active advisers in real teams. They are spread over a subset of the teams (about eight to a team) so
 * that team-based rules, such as "associated" investment projects, have colleagues to match.
 */
export async function seedAdvisers(em: EntityManager, ctx: DemoContext, count: number, progress: Progress): Promise<AdviserRef[]> {
  const { rng, ids, text } = ctx;
  const taken = await takenIdentities(em);
  const teams = rng.sample(ctx.ref.teamIds, Math.max(5, Math.ceil(count / 8)));
  const advisers: AdviserRef[] = [];
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = text.person.firstName();
    const lastName = text.person.lastName();
    const adviser = { id: ids.uuid(), teamId: rng.pick(teams) };
    const local = `${slug(firstName)}.${slug(lastName)}`;
    const email = unique((n) => `${local}${n}@${EMAIL_DOMAIN}`, taken.emails);
    // Data Hub's SSO user ids look like "first.last-1a2b3c4d@id.trade.gov.uk".
    const ssoEmailUserId = unique((n) => `${local}-${adviser.id.slice(0, 8)}${n}@id.trade.gov.uk`, taken.ssoIds);
    const createdMs = rng.between(ctx.nowMs - 3650 * DAY_MS, ctx.nowMs - 2200 * DAY_MS);
    advisers.push(adviser);
    rows.push({
      id: adviser.id,
      email,
      first_name: firstName,
      last_name: lastName,
      contact_email: email,
      telephone_number: rng.chance(0.7) ? `+44 20 ${rng.digits(4)} ${rng.digits(4)}` : null,
      dit_team_id: adviser.teamId,
      is_active: true,
      is_superuser: false,
      sso_email_user_id: ssoEmailUserId,
      created_on: iso(createdMs),
      modified_on: iso(createdMs),
    });
  }
  await writeRows(em, ADVISER, rows);
  progress.advance(count, 'advisers');
  return advisers;
}

declare module '../../../seeds/demo/step.js' {
  interface DemoRecords {
    advisers: AdviserRef[];
  }
}

/** The adviser module's demo data: generated advisers first; the named advisers in roles once everything else is made. */
export const adviserDemo: readonly DemoStep[] = [
  {
    name: 'advisers',
    phase: 'records',
    counts: { small: 50, medium: 500, large: 2_000 },
    run: async (tx, ctx, made, { count, progress }) => {
      made.advisers = await seedAdvisers(tx, ctx, count, progress);
      return count;
    },
  },
  { name: 'roleAdvisers', phase: 'extras', run: async (tx, ctx) => void (await seedRoleAdvisers(tx, ctx)) },
];
