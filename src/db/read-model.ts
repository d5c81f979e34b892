import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { pgTextArray } from './bulk.js';
import { embeddedRead } from './embedded-reads.js';
import { readerFor } from './server-reader.js';

// The filter language, the ordering and the paging live in files of their own; the read side is imported from here.
export * from './filter.js';
export * from './order.js';
export * from './pages.js';

/**
 * The read side. Lists and lookups are compiled to one SQL statement each, straight from a declarative
 * field list, and return plain rows (camelCase keys) instead of hydrated entities: the hot paths skip the
 * identity map and change tracking, which writes need and reads do not. Writes stay with MikroORM's unit
 * of work (see each module's service).
 */
export type FieldType = 'id' | 'string' | 'int' | 'float' | 'boolean' | 'date' | 'datetime' | 'enum';

export type FieldSpec = {
  column: string;
  type: FieldType;
  /** Appears in the filter input (default true). */
  filter?: boolean;
  /** Appears in the orderBy enum. */
  sort?: boolean;
  /**
   * The field of the model's GraphQL type that shows this value (default: the key, less a trailing `Id`:
   * `companyId` is shown by `company`). Filtering or sorting on it needs the right to read that field.
   */
  reveals?: string;
  /**
   * An SQL expression over the row (alias `t`) in place of the column, for a field the row-level rules test
   * that is not a column of the table (a contact's company being archived). Such a field is `internal`.
   */
  sql?: string;
  /** For row-level rules only: in no filter input or sort enum a client sees. */
  internal?: boolean;
};

/** The GraphQL field that shows a read-model field's value (see FieldSpec.reveals). */
export const revealedBy = (key: string, spec: FieldSpec): string => spec.reveals ?? key.replace(/Id$/, '');

export type ReadModel = {
  name: string;
  table: string;
  /** Every column the row carries: row key → column. */
  columns: Record<string, string>;
  fields: Record<string, FieldSpec>;
  defaultOrder: OrderTerm[];
  /** A precomputed `select` list: `t."col" as "key"`. */
  selectList: string;
};

/**
 * A row of `model` as one JSON value built in SQL (`json_build_object('key', alias."col", ...)`), null when
 * the joined row is missing: a way to fetch related rows in the same statement as their parent's.
 */
export function jsonRowSql(model: ReadModel, alias: string): string {
  const pairs = Object.entries(model.columns).map(([key, column]) => `'${key}', ${alias}."${column}"`);
  return `case when ${alias}."id" is null then null else json_build_object(${pairs.join(', ')}) end`;
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
export const embedColumn = (field: string, args: Record<string, unknown>) =>
  `__e_${field}_${createHash('sha1').update(JSON.stringify(args)).digest('base64url').slice(0, 12)}`;
export const embeddedObjectColumn = (field: string) => `__o_${field}`;

/** A row without its embedded lists: what may be shared with other fields of the request (by-id loaders). */
export function withoutEmbeddedLists(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) if (!key.startsWith('__e_')) out[key] = value;
  return out;
}

/** Concatenates text and fragments, keeping parameters in the order their placeholders appear. */
export function sqlJoin(parts: Array<string | Sql>): Sql {
  return {
    text: parts.map((p) => (typeof p === 'string' ? p : p.text)).join(''),
    params: parts.flatMap((p) => (typeof p === 'string' ? [] : p.params)),
  };
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

export type Direction = 'ASC' | 'DESC';
export type OrderTerm = { field: string; direction: Direction };
export type Row = Record<string, any>;

export function defineReadModel(spec: {
  name: string;
  table: string;
  columns: Record<string, string>;
  fields: Record<string, FieldSpec>;
  defaultOrder: OrderTerm[];
}): ReadModel {
  const selectList = Object.entries(spec.columns)
    .map(([key, column]) => `t."${column}" as "${key}"`)
    .join(', ');
  return { ...spec, selectList };
}

/** The columns every archivable record has: created, modified and archived, on and by. */
export const ARCHIVABLE_COLUMNS = {
  archived: 'archived',
  archivedOn: 'archived_on',
  archivedById: 'archived_by_id',
  archivedReason: 'archived_reason',
  createdOn: 'created_on',
  createdById: 'created_by_id',
  modifiedOn: 'modified_on',
  modifiedById: 'modified_by_id',
} as const;

/** ...and what of them lists filter and sort on. */
export const ARCHIVABLE_FIELDS: Record<string, FieldSpec> = {
  archived: { column: 'archived', type: 'boolean', sort: true },
  archivedOn: { column: 'archived_on', type: 'datetime', sort: true },
  createdOn: { column: 'created_on', type: 'datetime', sort: true },
  modifiedOn: { column: 'modified_on', type: 'datetime', sort: true },
};

export type Sql = {
  text: string;
  params: unknown[];
  /** false: plan for these very values each time (a filtered list), never a generic prepared plan. */
  prepare?: boolean;
};

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
 * transaction's uncommitted rows.
 */
export async function query(em: EntityManager, sql: Sql): Promise<Row[]> {
  const connection = em.getConnection();
  const tx = em.getTransactionContext();
  const reader = tx ? undefined : readerFor(connection);
  if (reader) return reader.query(sql.text, sql.params, sql.prepare !== false);
  if (tx) return (await connection.execute(sql.text, sql.params, 'all', tx)) as Row[];
  // Embedded: in turn, within the request's time budget (src/db/embedded-reads.ts).
  return (await embeddedRead(connection, () => connection.execute(sql.text, sql.params, 'all'))) as Row[];
}

/** Rows by id, in one statement; the DataLoader batch function of every "by id" loader. */
export async function rowsByIds(em: EntityManager, model: ReadModel, ids: readonly string[], where: Sql[] = []): Promise<Map<string, Row>> {
  if (!ids.length) return new Map();
  const match = andSql([idIn('t."id"', ids), ...where]);
  const rows = await query(em, { text: `select ${model.selectList} from "${model.table}" t where ${match.text}`, params: match.params });
  return new Map(rows.map((r) => [r.id, r]));
}

/** One row by id with its embeds (a lookup whose selection asks for related lists). */
export async function fetchOne(em: EntityManager, model: ReadModel, id: string, embeds: Embed[], where: Sql[] = []): Promise<Row | null> {
  const match = andSql([{ text: 't."id" = ?', params: [id] }, ...where]);
  const [row] = await query(em, withEmbeds({ text: `select ${model.selectList} from "${model.table}" t where ${match.text}`, params: match.params }, embeds));
  return row ?? null;
}
