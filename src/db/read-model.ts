/**
 * The read side. Lists and lookups are compiled to one SQL statement each, straight from a declarative
 * field list, and return plain rows (camelCase keys) instead of hydrated entities: the hot paths skip the
 * identity map and change tracking, which writes need and reads do not. Writes stay with MikroORM's unit
 * of work (see each module's service).
 */
import type { EntityManager } from '@mikro-orm/core';
import type { ReadModel, Row } from './model.js';
import { andSql, idIn, query, withEmbeds, type Embed, type Sql } from './sql.js';

// The read side is imported from here: the model's definition and its typed columns, SQL and statements,
// the filter language, the ordering, the paging and the lookups by id live in files of their own, which
// import each other but never this file.
export * from './model.js';
export * from './columns.js';
export * from './sql.js';
export * from './filter.js';
export * from './order.js';
export * from './pages.js';
export * from './lookups.js';

/** One row by id with its embeds (a lookup whose selection asks for related lists). */
export async function fetchOne<R extends Row>(em: EntityManager, model: ReadModel<R>, id: string, embeds: Embed[], where: Sql[] = []): Promise<R | null> {
  const match = andSql([{ text: 't."id" = ?', params: [id] }, ...where]);
  const [row] = await query<R>(em, withEmbeds({ text: `select ${model.selectList} from "${model.table}" t where ${match.text}`, params: match.params }, embeds));
  return row ?? null;
}
