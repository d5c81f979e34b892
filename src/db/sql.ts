import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { BoundedCache } from '../bounded-cache.js';
import { pgTextArray } from './bulk.js';
import { embeddedRead } from './embedded-reads.js';
import type { Row } from './model.js';
import { readerFor } from './server-reader.js';

/** SQL fragments with their parameters, running one read statement, and embedding related rows in it. */

export type Sql = {
  text: string;
  params: unknown[];
  /** false: plan for these very values each time (a filtered list), never a generic prepared plan. */
  prepare?: boolean;
};

/** Concatenates text and fragments, keeping parameters in the order their placeholders appear. */
export function sqlJoin(parts: Array<string | Sql>): Sql {
  return {
    text: parts.map((p) => (typeof p === 'string' ? p : p.text)).join(''),
    params: parts.flatMap((p) => (typeof p === 'string' ? [] : p.params)),
  };
}

/**
 * `column = any(?::uuid[])` with the ids as one array parameter: the statement's text is the same for any
 * number of ids, so the server can keep it prepared (an `in (?, ?, ...)` list would be a new text per size).
 */
export function idIn(column: string, ids: readonly string[]): Sql {
  return { text: `${column} = any(?::uuid[])`, params: [pgTextArray(ids)] };
}

/** Conditions joined with `and`, each parenthesised; `true` when there are none. */
export function andSql(parts: Sql[]): Sql {
  if (!parts.length) return { text: 'true', params: [] };
  return { text: parts.map((p) => `(${p.text})`).join(' and '), params: parts.flatMap((p) => p.params) };
}

/**
 * Runs one read statement. Outside a transaction on a server it goes through the prepared-statement
 * reader; inside a write's transaction (or embedded) through MikroORM's connection, which sees that
 * transaction's uncommitted rows. `R` is what the caller knows its statement selects (a model's rows).
 */
export async function query<R extends Row = Row>(em: EntityManager, sql: Sql): Promise<R[]> {
  const connection = em.getConnection();
  const tx = em.getTransactionContext();
  const reader = tx ? undefined : readerFor(connection);
  if (reader) return (await reader.query(sql.text, sql.params, sql.prepare !== false)) as R[];
  if (tx) return (await connection.execute(sql.text, sql.params, 'all', tx)) as R[];
  // Embedded: in turn, within the request's time budget (src/db/embedded-reads.ts).
  return (await embeddedRead(connection, () => connection.execute(sql.text, sql.params, 'all'))) as R[];
}

/**
 * Related rows fetched inside their parent's statement (look-ahead): each embed is a JSON expression over
 * the parent row, put in the parent's select list as `"__e_<key>"`, so that a company page with its
 * contacts, interactions and their participants is one statement instead of one per level.
 *
 * `sql(parent)` gets the alias of the parent row in scope (`s`): `s."id"`, `s."sectorId"`.
 */
export type Embed = { column: string; sql: (parent: string) => Sql };

/**
 * Where an embed lands on its parent row. A list by its field and a digest of its argument values: the
 * same field asked twice with other arguments (an alias, a fragment, an @include elsewhere) is another
 * column, so a page is only ever read back by the field and arguments it was fetched for. An object (a
 * many-to-one row) by its field, which takes no arguments.
 */
export function embedColumn(field: string, args: Record<string, unknown>): string {
  const json = JSON.stringify(args);
  const digest = () => `__e_${field}_${createHash('sha1').update(json).digest('base64url').slice(0, 12)}`;
  const key = `${field} ${json}`;
  return key.length <= 1_024 ? embedColumns.get(key, digest) : digest();
}

// The same field and arguments come with every request of a page: their digest is kept, not taken anew
// (short ones only: 1,024 of at most 1 KB).
const embedColumns = new BoundedCache<string, string>(1_024);
export const embeddedObjectColumn = (field: string) => `__o_${field}`;

/** A row without its embedded lists: what may be shared with other fields of the request (by-id loaders). */
export function withoutEmbeddedLists(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) if (!key.startsWith('__e_')) out[key] = value;
  return out;
}

/**
 * Wraps a statement (aliased `s`) so each row also carries its embeds, keeping the inner order (`order`,
 * over `s`'s keys). No window function is added for that: it would stop a prepared plan from using an
 * index to stop early (a generic plan then sorted 15,000 companies to return 50).
 */
export function withEmbeds(inner: Sql, embeds: Embed[], order?: string): Sql {
  if (!embeds.length) return inner;
  const columns: Array<string | Sql> = [];
  for (const e of embeds) columns.push(', ', e.sql('s'), ` as "${e.column}"`);
  return sqlJoin(['select s.*', ...columns, ' from (', inner, `) s${order ? ` order by ${order}` : ''}`]);
}

