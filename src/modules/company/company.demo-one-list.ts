import type { EntityManager } from '@mikro-orm/core';
import type { AdviserRef } from '../adviser/index.js';
import { demoRows, ownSeed, writeRows, type Row, type TableSpec } from '../../../seeds/demo/context.js';
import { Rng } from '../../../seeds/demo/random.js';

const CORE_TEAM: TableSpec = { table: 'company_one_list_core_team_member', columns: ['id', 'company_id', 'adviser_id'] };

/**
 * These steps were added after the others: they draw from streams of their own, seeded by the run's first
 * company id (so by the run's seed), and move no value that later steps generate from the shared streams.
 */
async function ownStreams(tx: EntityManager, stream: number): Promise<{ rng: Rng; ids: Rng }> {
  const [first] = await rowsOf<{ id: string }>(tx, 'select min(id::text) as id from company');
  const seed = ownSeed(first?.id);
  return { rng: new Rng(seed, stream), ids: new Rng(seed, stream + 1) };
}

const rowsOf = demoRows;

/**
 * One List core teams (Data Hub's OneListCoreTeamMember) for the companies on the One List (the global
 * headquarters the companies step gave a tier and an account manager): two to five advisers each besides the
 * account manager, so a company page, its subsidiaries' included, shows a team.
 */
export async function seedOneListCoreTeams(tx: EntityManager, advisers: readonly AdviserRef[]): Promise<number> {
  const { rng, ids } = await ownStreams(tx, 21);
  const onList = await rowsOf<{ id: string; owner: string | null }>(
    tx,
    'select id, one_list_account_owner_id as owner from company where one_list_tier_id is not null order by id',
  );
  const rows: Row[] = [];
  for (const company of onList) {
    const others = advisers.filter((a) => a.id !== company.owner);
    for (const adviser of rng.sample(others, rng.int(2, 5))) rows.push({ id: ids.uuid(), company_id: company.id, adviser_id: adviser.id });
  }
  await writeRows(tx, CORE_TEAM, rows);
  return rows.length;
}

/**
 * Merged duplicates: a third of the companies archived as "Duplicate record" were merged into a live company
 * (Data Hub's `transferred_to`, reason `duplicate`), by whoever archived them and when.
 */
export async function seedCompanyMerges(tx: EntityManager): Promise<number> {
  const { rng } = await ownStreams(tx, 23);
  const duplicates = await rowsOf<{ id: string }>(tx, "select id from company where archived and archived_reason = 'Duplicate record' order by id");
  const live = await rowsOf<{ id: string }>(tx, 'select id from company where not archived order by id limit 1000');
  if (!live.length) return 0;
  const merges = duplicates.filter(() => rng.chance(1 / 3)).map((d) => [d.id, rng.pick(live).id] as const);
  for (const [from, to] of merges) {
    await rowsOf(tx, `update company set transferred_to_id = ?, transfer_reason = 'duplicate', transferred_on = archived_on, transferred_by_id = archived_by_id where id = ?`, [to, from]);
  }
  return merges.length;
}
