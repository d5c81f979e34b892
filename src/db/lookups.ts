import type { EntityManager } from '@mikro-orm/core';
import type { ReadModel, Row } from './model.js';
import { andSql, idIn, query, sqlJoin, type Sql } from './sql.js';
import { presentIds } from './values.js';

/**
 * A model's rows with these ids (and `where`, e.g. a caller's row rules): the one lookup by id, run as a
 * statement of its own (rowsByIds) or as a part of a write's facts (queryEach).
 */
export function byIdSql(model: ReadModel, ids: readonly string[], where: Sql[] = []): Sql {
  const match = andSql([idIn('t."id"', ids), ...where]);
  return { text: `select ${model.selectList} from "${model.table}" t where ${match.text}`, params: match.params };
}

/** A write's facts part (queryEach) for the rows of these ids, the absent ones left out; null when none is given. */
export function byIdPart(model: ReadModel, ids: ReadonlyArray<string | null | undefined>): Sql | null {
  const wanted = presentIds(ids);
  return wanted.length ? byIdSql(model, wanted) : null;
}

/** Rows by their id. */
export const byId = <R extends Row>(rows: readonly R[]): Map<string, R> => new Map(rows.map((row) => [row.id, row]));

/** Rows by id, in one statement; the DataLoader batch function of every "by id" loader. */
export async function rowsByIds<R extends Row>(em: EntityManager, model: ReadModel<R>, ids: readonly string[], where: Sql[] = []): Promise<Map<string, R>> {
  if (!ids.length) return new Map();
  return byId(await query<R>(em, byIdSql(model, ids, where)));
}

/**
 * Several reads in one statement, such as the facts a write's rules need: each part's rows under its name,
 * none for a part that is null (not needed), and no statement at all when every part is null. The parts
 * are joined by `union all`, each row coming back as JSON with its part's column names: numbers, strings
 * and booleans as a statement of their own would give them, timestamps as ISO strings. A part's own order
 * is not kept; a caller that needs one sorts.
 */
export async function queryEach<K extends string>(em: EntityManager, parts: Record<K, Sql | null>): Promise<Record<K, Row[]>> {
  const names = Object.keys(parts) as K[];
  const rows = Object.fromEntries(names.map((name) => [name, [] as Row[]])) as Record<K, Row[]>;
  const wanted = names.filter((name) => parts[name]);
  if (!wanted.length) return rows;
  // A part is named by its place in `wanted`, a number: no name of a caller's ever enters the SQL text.
  const selects = wanted.flatMap((name, i) => [i ? ' union all ' : '', `select ${i} as "part", row_to_json(x) as "row" from (`, parts[name]!, ') x']);
  for (const { part, row } of await query(em, sqlJoin(selects))) rows[wanted[part]].push(row);
  return rows;
}
