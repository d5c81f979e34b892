import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors.js';
import { decodeCursor } from './cursor.js';
import { compileFilter, type EntityFilter } from './filter.js';
import { keysetCondition, orderByKeys, orderSql, resolveOrder } from './order.js';
import { selectListOf, type Direction, type FieldType, type OrderTerm, type ReadModel, type Row } from './model.js';
import { andSql, idIn, query, withEmbeds, type Embed, type Sql } from './sql.js';

/** Pages of a list, top-level or under many parents at once, each in one statement. */

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

/** A page of a model's rows (`R`). */
export type Page<R extends Row = Row> = {
  /** The read model's name: what its cursors are made for. */
  list: string;
  rows: R[];
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

/**
 * One page of a top-level list: one statement, plus one count when totalCount is asked with a cursor. Its
 * rows carry the row keys `keys` and those it is ordered by, or every column when `keys` is null.
 */
export async function fetchPage<R extends Row>(em: EntityManager, model: ReadModel<R>, req: PageRequest, limits: PageLimits, embeds: Embed[] = [], keys?: ReadonlySet<string> | null): Promise<Page<R>> {
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
        text: `select ${selectListOf(model, keys, order.map((o) => o.field))}${inlineTotal ? ', count(*) over ()::int as "__total"' : ''}
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
    // An empty page without a cursor means nothing matched: the statement's limit (size + 1, never 0) lets
    // through a row whenever one matches. Counting again would run the filter a second time for nothing,
    // which for a hostile filter was the slow half.
    totalCount = inlineTotal ? (rows[0]?.__total ?? 0) : await countRows(em, model, base);
  }
  return finishPage<R>(model, rows, order, window, totalCount);
}

async function countRows(em: EntityManager, model: ReadModel, where: Sql): Promise<number> {
  const [row] = await query(em, { text: `select count(*)::int as "n" from "${model.table}" t where ${where.text}`, params: where.params });
  return row.n;
}

/** The page of `rows` (one more than asked, to tell whether there is a next page), in the order asked for. */
function finishPage<R extends Row>(model: ReadModel<R>, rows: Row[], order: Page['order'], window: ReturnType<typeof pageWindow>, totalCount?: number): Page<R> {
  const more = rows.length > window.size;
  const page = more ? rows.slice(0, window.size) : rows;
  for (const r of page) delete r.__total;
  if (window.backward) page.reverse();
  return {
    list: model.name,
    rows: page as R[],
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
export async function fetchPagesByParent<R extends Row>(
  em: EntityManager,
  model: ReadModel<R>,
  parentLink: ParentLink,
  parentIds: readonly string[],
  req: PageRequest,
  limits: PageLimits,
): Promise<Map<string, Page<R>>> {
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
  const pages = new Map<string, Page<R>>();
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
