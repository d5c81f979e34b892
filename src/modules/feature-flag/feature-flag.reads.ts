import type { EntityManager } from '@mikro-orm/core';
import { pgTextArray } from '../../db/bulk.js';
import { isOn, type StoredFlag } from './feature-flag.rules.js';

/** The reads of flags: each one statement, in the caller's transaction when there is one. */

const rows = <T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> =>
  em.getConnection().execute(sql, params, 'all', em.getTransactionContext()) as Promise<T[]>;

/** Whether the adviser `who` (a column or a parameter) has flag `f` themselves, and through a group. */
const adviserState = (who: string) => `
  exists (select 1 from adviser_feature_flag a where a.feature_flag_id = f.id and a.adviser_id = ${who}) as direct,
  exists (select 1 from adviser_feature_flag_group ag join feature_flag_group_flag gf on gf.group_id = ag.group_id
           where gf.feature_flag_id = f.id and ag.adviser_id = ${who}) as through_group`;

type StateRow = { enabled: boolean; direct: boolean; through_group: boolean };
const on = (r: StateRow) => isOn({ enabled: r.enabled, direct: r.direct, throughGroup: r.through_group });

/**
 * Whether a flag is on: for the environment, or (given an adviser) for that adviser. A flag no one has
 * stored is off, so a module's declared flag is off until it is switched on.
 */
export async function isFeatureEnabled(em: EntityManager, code: string, adviserId?: string | null): Promise<boolean> {
  const [row] = await rows<StateRow>(em, `select f.enabled, ${adviserState('?::uuid')} from feature_flag f where f.code = ?`, [adviserId ?? null, adviserId ?? null, code]);
  return !!row && on(row);
}

/** Of these advisers, those for whom the flag is on (a job deciding for many advisers at once): one statement. */
export async function advisersWithFeature(em: EntityManager, code: string, adviserIds: readonly string[]): Promise<Set<string>> {
  if (!adviserIds.length) return new Set();
  const found = await rows<StateRow & { adviser_id: string }>(
    em,
    `select ids.id as adviser_id, f.enabled, ${adviserState('ids.id')}
       from unnest(?::uuid[]) ids(id) join feature_flag f on f.code = ?`,
    [pgTextArray(adviserIds), code],
  );
  return new Set(found.filter(on).map((r) => r.adviser_id));
}

/** The codes of the flags on for an adviser, sorted (`viewer.features`). */
export async function featuresOf(em: EntityManager, adviserId: string): Promise<string[]> {
  const found = await rows<StateRow & { code: string }>(em, `select f.code, f.enabled, ${adviserState('?::uuid')} from feature_flag f order by f.code`, [adviserId, adviserId]);
  return found.filter(on).map((r) => r.code);
}

/** Every stored flag with its groups and how many advisers have it themselves. */
export const storedFlags = (em: EntityManager): Promise<StoredFlag[]> =>
  rows<StoredFlag>(
    em,
    `select f.code, f.description, f.enabled,
       coalesce((select array_agg(g.code order by g.code) from feature_flag_group_flag gf join feature_flag_group g on g.id = gf.group_id
                  where gf.feature_flag_id = f.id), '{}') as groups,
       (select count(*)::int from adviser_feature_flag a where a.feature_flag_id = f.id) as advisers
     from feature_flag f order by f.code`,
    [],
  );

export type StoredGroup = { code: string; description: string; flags: string[]; advisers: number };

/** Every flag group with its flags and how many advisers are in it. */
export const storedGroups = (em: EntityManager): Promise<StoredGroup[]> =>
  rows<StoredGroup>(
    em,
    `select g.code, g.description,
       coalesce((select array_agg(f.code order by f.code) from feature_flag_group_flag gf join feature_flag f on f.id = gf.feature_flag_id
                  where gf.group_id = g.id), '{}') as flags,
       (select count(*)::int from adviser_feature_flag_group a where a.group_id = g.id) as advisers
     from feature_flag_group g order by g.code`,
    [],
  );

export type AdviserFlags = { adviserId: string; flags: string[]; groups: string[]; features: string[] };

/** An adviser's own flags and groups, and the flags on for them. */
export async function adviserFlags(em: EntityManager, adviserId: string): Promise<AdviserFlags> {
  const [own] = await rows<{ flags: string[]; groups: string[] }>(
    em,
    `select coalesce((select array_agg(f.code order by f.code) from adviser_feature_flag a join feature_flag f on f.id = a.feature_flag_id
                       where a.adviser_id = ?::uuid), '{}') as flags,
            coalesce((select array_agg(g.code order by g.code) from adviser_feature_flag_group a join feature_flag_group g on g.id = a.group_id
                       where a.adviser_id = ?::uuid), '{}') as groups`,
    [adviserId, adviserId],
  );
  return { adviserId, flags: own.flags, groups: own.groups, features: await featuresOf(em, adviserId) };
}
