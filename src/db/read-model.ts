import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors.js';
import { pgTextArray } from './bulk.js';
import { decodeCursor } from './cursor.js';
import { readerFor } from './server-reader.js';

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
};

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

/** The operators of the filter language (DataGateway's set), one input per field. */
export type FieldFilter = {
  eq?: unknown;
  ne?: unknown;
  in?: unknown[];
  notIn?: unknown[];
  lt?: unknown;
  lte?: unknown;
  gt?: unknown;
  gte?: unknown;
  between?: unknown[];
  like?: string;
  ilike?: string;
  isNull?: boolean;
};

export type EntityFilter = {
  and?: EntityFilter[];
  or?: EntityFilter[];
  not?: EntityFilter;
  [field: string]: FieldFilter | EntityFilter[] | EntityFilter | undefined;
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

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function normalise(value: unknown, type: FieldType): unknown {
  if (value instanceof Date) return value.toISOString();
  if (type === 'int' || type === 'float') return Number(value);
  return value;
}

function compileField(column: string, type: FieldType, op: FieldFilter, path: string[]): Sql[] {
  const c = `t."${column}"`;
  const out: Sql[] = [];
  const v = (x: unknown) => normalise(x, type);
  for (const [name, raw] of Object.entries(op)) {
    if (raw === undefined) continue;
    switch (name) {
      case 'eq':
        out.push(raw === null ? { text: `${c} is null`, params: [] } : { text: `${c} = ?`, params: [v(raw)] });
        break;
      case 'ne':
        out.push(raw === null ? { text: `${c} is not null`, params: [] } : { text: `${c} is distinct from ?`, params: [v(raw)] });
        break;
      case 'in':
      case 'notIn': {
        const list = (raw as unknown[]).map(v);
        if (list.length > 1000) throw badInput([...path, name], 'TOO_MANY_VALUES', 'At most 1,000 values.');
        if (!list.length) out.push({ text: name === 'in' ? 'false' : 'true', params: [] });
        else out.push({ text: `${c} ${name === 'in' ? 'in' : 'not in'} (${placeholders(list.length)})`, params: list });
        break;
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[name];
        out.push({ text: `${c} ${sign} ?`, params: [v(raw)] });
        break;
      }
      case 'between': {
        const pair = raw as unknown[];
        if (pair.length !== 2) throw badInput([...path, name], 'BETWEEN_NEEDS_TWO', 'between takes exactly two values: [low, high].');
        out.push({ text: `${c} between ? and ?`, params: [v(pair[0]), v(pair[1])] });
        break;
      }
      case 'like':
      case 'ilike':
        out.push({ text: `${c} ${name} ?`, params: [raw] });
        break;
      case 'isNull':
        out.push({ text: raw ? `${c} is null` : `${c} is not null`, params: [] });
        break;
      default:
        throw badInput([...path, name], 'UNKNOWN_OPERATOR', `Unknown operator ${name}.`);
    }
  }
  return out;
}

const MAX_FILTER_DEPTH = 8;

/** Compiles a filter into a parameterised WHERE fragment. Only declared fields reach SQL, by their column. */
export function compileFilter(model: ReadModel, filter: EntityFilter | undefined | null, path: string[] = ['filter'], depth = 0): Sql {
  if (!filter) return { text: 'true', params: [] };
  if (depth > MAX_FILTER_DEPTH) throw badInput(path, 'FILTER_TOO_DEEP', `Filters nest at most ${MAX_FILTER_DEPTH} levels.`);
  const parts: Sql[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or') {
      const subs = (value as EntityFilter[]).map((f, i) => compileFilter(model, f, [...path, key, String(i)], depth + 1));
      if (!subs.length) continue;
      parts.push({
        text: `(${subs.map((s) => s.text).join(key === 'and' ? ' and ' : ' or ')})`,
        params: subs.flatMap((s) => s.params),
      });
    } else if (key === 'not') {
      const sub = compileFilter(model, value as EntityFilter, [...path, 'not'], depth + 1);
      parts.push({ text: `not (${sub.text})`, params: sub.params });
    } else {
      const field = model.fields[key];
      if (!field || field.filter === false) throw badInput([...path, key], 'UNKNOWN_FIELD', `${model.name} cannot be filtered by ${key}.`);
      parts.push(...compileField(field.column, field.type, value as FieldFilter, [...path, key]));
    }
  }
  if (!parts.length) return { text: 'true', params: [] };
  return { text: parts.map((p) => p.text).join(' and '), params: parts.flatMap((p) => p.params) };
}

/**
 * Each field at most once in an orderBy: a repeat orders nothing further, and hundreds of them build
 * statements past PostgreSQL's limits (a keyset condition has n(n+1)/2 parameters; 1,664 select entries).
 * So an orderBy is never longer than the fields there are to sort by.
 */
export function assertDistinctSortFields(orderBy: ReadonlyArray<{ field: string }> | null | undefined): void {
  const seen = new Set<string>();
  for (const [i, term] of (orderBy ?? []).entries()) {
    if (seen.has(term.field)) throw badInput(['orderBy', String(i), 'field'], 'DUPLICATE_SORT_FIELD', `orderBy names ${term.field} more than once.`);
    seen.add(term.field);
  }
}

/** The requested order plus `id` as the tie-breaker, so every order is total and cursors are stable. */
export function resolveOrder(model: ReadModel, orderBy: OrderTerm[] | undefined | null): Array<OrderTerm & { column: string; type?: FieldType }> {
  assertDistinctSortFields(orderBy);
  const terms = orderBy?.length ? orderBy : model.defaultOrder;
  const out = terms.map((t, i) => {
    const field = model.fields[t.field];
    if (!field?.sort) throw badInput(['orderBy', String(i), 'field'], 'UNKNOWN_FIELD', `${model.name} cannot be ordered by ${t.field}.`);
    return { ...t, column: field.column, type: field.type };
  });
  if (!out.some((t) => t.field === 'id')) out.push({ field: 'id', direction: 'ASC', column: model.fields.id?.column ?? 'id', type: 'id' });
  return out;
}

/**
 * "Comes after the cursor" for a keyset order, with PostgreSQL's null placement (ASC: nulls last,
 * DESC: nulls first): the OR over each key of "all earlier keys equal and this one strictly after".
 */
export function keysetCondition(order: Array<OrderTerm & { column: string }>, values: unknown[]): Sql {
  const branches: Sql[] = [];
  for (let i = 0; i < order.length; i++) {
    const parts: Sql[] = [];
    for (let j = 0; j < i; j++) {
      const c = `t."${order[j].column}"`;
      parts.push(values[j] === null ? { text: `${c} is null`, params: [] } : { text: `${c} = ?`, params: [values[j]] });
    }
    const c = `t."${order[i].column}"`;
    const value = values[i];
    const asc = order[i].direction === 'ASC';
    if (value === null) {
      if (asc) continue; // nothing sorts after null when nulls come last
      parts.push({ text: `${c} is not null`, params: [] });
    } else {
      parts.push(asc ? { text: `(${c} > ? or ${c} is null)`, params: [value] } : { text: `${c} < ?`, params: [value] });
    }
    branches.push({ text: parts.map((p) => p.text).join(' and '), params: parts.flatMap((p) => p.params) });
  }
  if (!branches.length) return { text: 'false', params: [] };
  return { text: `(${branches.map((b) => `(${b.text})`).join(' or ')})`, params: branches.flatMap((b) => b.params) };
}

export function orderSql(order: Array<OrderTerm & { column: string }>, reverse = false): string {
  return order
    .map((o) => {
      const dir = reverse ? (o.direction === 'ASC' ? 'DESC' : 'ASC') : o.direction;
      return `t."${o.column}" ${dir}`;
    })
    .join(', ');
}

/** The same order over a derived table's row keys (`s."createdOn" DESC, s."id" ASC`). */
export function orderByKeys(order: Array<OrderTerm>, alias: string, reverse = false): string {
  return order
    .map((o) => `${alias}."${o.field}" ${reverse ? (o.direction === 'ASC' ? 'DESC' : 'ASC') : o.direction}`)
    .join(', ');
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
  return (await connection.execute(sql.text, sql.params, 'all', tx)) as Row[];
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

export type PageRequest = {
  filter?: EntityFilter | null;
  orderBy?: OrderTerm[] | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  /** Whether the client asked for totalCount (it costs a count of the whole filtered set). */
  withTotal: boolean;
  /** Extra conditions the caller adds (row-level rules, the parent of a nested list). */
  where?: Sql[];
};

export type Page = {
  /** The read model's name: what its cursors are made for. */
  list: string;
  rows: Row[];
  order: Array<OrderTerm & { column: string; type?: FieldType }>;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount?: number;
};

export type PageLimits = { defaultSize: number; maxSize: number };

/** Validates first/last against the limits and says which way the page runs. */
export function pageWindow(req: PageRequest, limits: PageLimits): { size: number; backward: boolean; cursor?: string; cursorArg: string } {
  if (req.first != null && req.last != null) throw badInput(['first'], 'FIRST_AND_LAST', 'Use first or last, not both.');
  const backward = req.last != null || (req.before != null && req.first == null);
  const size = (backward ? req.last : req.first) ?? limits.defaultSize;
  const arg = backward ? 'last' : 'first';
  if (!Number.isInteger(size) || size < 0) throw badInput([arg], 'INVALID_PAGE_SIZE', `${arg} must be zero or more.`);
  if (size > limits.maxSize) throw badInput([arg], 'PAGE_TOO_LARGE', `${arg} may be at most ${limits.maxSize}.`);
  const cursor = (backward ? req.before : req.after) ?? undefined;
  return { size, backward, cursor, cursorArg: backward ? 'before' : 'after' };
}

function conditions(model: ReadModel, req: PageRequest, order: Array<OrderTerm & { column: string }>, cursorSql?: Sql): { base: Sql; withCursor: Sql } {
  const filter = compileFilter(model, req.filter);
  const base = [filter, ...(req.where ?? [])];
  return { base: andSql(base), withCursor: andSql(cursorSql ? [...base, cursorSql] : base) };
}

function cursorSqlFor(model: ReadModel, order: Page['order'], window: ReturnType<typeof pageWindow>): Sql | undefined {
  if (!window.cursor) return undefined;
  const values = decodeCursor(window.cursor, model.name, order, window.cursorArg);
  // Going backward, "after the cursor" in the reversed order is "before" it in the requested one.
  const effective = window.backward ? order.map((o) => ({ ...o, direction: (o.direction === 'ASC' ? 'DESC' : 'ASC') as Direction })) : order;
  return keysetCondition(effective, values);
}

/** One page of a top-level list: one statement, plus one count when totalCount is asked with a cursor. */
export async function fetchPage(em: EntityManager, model: ReadModel, req: PageRequest, limits: PageLimits, embeds: Embed[] = []): Promise<Page> {
  const order = resolveOrder(model, req.orderBy);
  const window = pageWindow(req, limits);
  const cursor = cursorSqlFor(model, order, window);
  const { base, withCursor } = conditions(model, req, order, cursor);
  // Without a cursor the window count over the same scan gives the total in the same statement.
  const inlineTotal = req.withTotal && !cursor;
  const direction = orderSql(order, window.backward);
  const rows = await query(em, {
    prepare: false,
    ...withEmbeds(
      {
        text: `select ${model.selectList}${inlineTotal ? ', count(*) over ()::int as "__total"' : ''}
                 from "${model.table}" t where ${withCursor.text}
                order by ${direction} limit ?`,
        params: [...withCursor.params, window.size + 1],
      },
      embeds,
      orderByKeys(order, 's', window.backward),
    ),
  });
  let totalCount: number | undefined;
  if (req.withTotal) {
    if (inlineTotal) {
      totalCount = rows[0]?.__total ?? (await countRows(em, model, base));
    } else {
      totalCount = await countRows(em, model, base);
    }
  }
  return finishPage(model, rows, order, window, totalCount);
}

async function countRows(em: EntityManager, model: ReadModel, where: Sql): Promise<number> {
  const [row] = await query(em, { text: `select count(*)::int as "n" from "${model.table}" t where ${where.text}`, params: where.params });
  return row.n;
}

function finishPage(model: ReadModel, rows: Row[], order: Page['order'], window: ReturnType<typeof pageWindow>, totalCount?: number): Page {
  const more = rows.length > window.size;
  const page = more ? rows.slice(0, window.size) : rows;
  for (const r of page) delete r.__total;
  if (window.backward) page.reverse();
  return {
    list: model.name,
    rows: page,
    order,
    hasNextPage: window.backward ? Boolean(window.cursor) : more,
    hasPreviousPage: window.backward ? more : Boolean(window.cursor),
    totalCount,
  };
}

/**
 * How a nested list finds its parent: a column of the row's own table (contact → `company_id`), or, for a
 * many-to-many, a link table joined on the row's id (a contact's interactions: `interaction_contact`,
 * `key` = interaction_id, `parent` = contact_id). The join keeps it one statement per batch of parents.
 */
export type ParentLink = string | { through: string; key: string; parent: string };

function parentSql(model: ReadModel, link: ParentLink): { from: string; parent: string } {
  if (typeof link === 'string') return { from: `"${model.table}" t`, parent: `t."${link}"` };
  return { from: `"${model.table}" t join "${link.through}" p on p."${link.key}" = t."id"`, parent: `p."${link.parent}"` };
}

/**
 * Pages of a nested list for many parents at once (company → contacts, for every company on the page):
 * one statement with row_number() over a partition per parent, so a list of N parents costs the same
 * as a list of one.
 */
export async function fetchPagesByParent(
  em: EntityManager,
  model: ReadModel,
  parentLink: ParentLink,
  parentIds: readonly string[],
  req: PageRequest,
  limits: PageLimits,
): Promise<Map<string, Page>> {
  const order = resolveOrder(model, req.orderBy);
  const window = pageWindow(req, limits);
  const cursor = cursorSqlFor(model, order, window);
  const { from, parent } = parentSql(model, parentLink);
  const parentIn = idIn(parent, parentIds);
  const { base, withCursor } = conditions(model, { ...req, where: [...(req.where ?? []), parentIn] }, order, cursor);
  const inlineTotal = req.withTotal && !cursor;
  const rows = await query(em, {
    text: `select * from (
             select ${model.selectList}, ${parent} as "__parent",
                    row_number() over (partition by ${parent} order by ${orderSql(order, window.backward)}) as "__rn"
                    ${inlineTotal ? `, count(*) over (partition by ${parent})::int as "__total"` : ''}
               from ${from} where ${withCursor.text}
           ) s where "__rn" <= ? order by "__parent", "__rn"`,
    params: [...withCursor.params, window.size + 1],
  });
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const list = grouped.get(row.__parent) ?? [];
    list.push(row);
    grouped.set(row.__parent, list);
  }
  let totals: Map<string, number> | undefined;
  if (req.withTotal && !inlineTotal) {
    const counted = await query(em, {
      text: `select ${parent} as "parent", count(*)::int as "n" from ${from} where ${base.text} group by 1`,
      params: base.params,
    });
    totals = new Map(counted.map((r) => [r.parent, r.n]));
  }
  const pages = new Map<string, Page>();
  for (const id of parentIds) {
    const list = grouped.get(id) ?? [];
    const total = req.withTotal ? (totals ? totals.get(id) ?? 0 : list[0]?.__total ?? 0) : undefined;
    for (const r of list) {
      delete r.__parent;
      delete r.__rn;
    }
    pages.set(id, finishPage(model, list, order, window, total));
  }
  return pages;
}
