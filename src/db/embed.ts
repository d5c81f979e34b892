/** Look-ahead on the SQL side: related rows as JSON inside their parent's statement. */
import {
  andSql,
  selectListOf,
  compileFilter,
  orderByKeys,
  sqlJoin,
  withEmbeds,
  type Embed,
  orderSql,
  pageWindow,
  resolveOrder,
  type Page,
  type PageLimits,
  type PageRequest,
  type ParentLink,
  type ReadModel,
  type Row,
  type Sql,
} from './read-model.js';

/**
 * The first page of `model` under one parent as a JSON array (rows in order, one more than the page to
 * tell whether there is a next page, and the total when asked), with its own embeds nested inside; its
 * rows carry the row keys `keys` (the selection's, src/graphql/selected-columns.ts) and those it is
 * ordered by, or every column when `keys` is null.
 */
export function embeddedPage(model: ReadModel, link: ParentLink, req: PageRequest, limits: PageLimits, nested: Embed[], keys?: ReadonlySet<string> | null): (parent: string) => Sql {
  const order = resolveOrder(model, req.orderBy);
  const selectList = selectListOf(model, keys, order.map((o) => o.field));
  const window = pageWindow(req, limits);
  if (window.backward || window.cursor) throw new Error('only a first page without a cursor is embedded');
  const filter = andSql([compileFilter(model, req.filter), ...(req.where ?? [])]);
  return (parent) => {
    const from = typeof link === 'string' ? `"${model.table}" t` : `"${model.table}" t join "${link.through}" p on p."${link.key}" = t."id"`;
    const parentCondition = typeof link === 'string' ? `t."${link}" = ${parent}."id"` : `p."${link.parent}" = ${parent}."id"`;
    const inner = sqlJoin([
      `select ${selectList}`,
      req.withTotal ? ', count(*) over ()::int as "__total"' : '',
      ` from ${from} where ${parentCondition} and (`,
      filter,
      `) order by ${orderSql(order)} limit ?`,
      { text: '', params: [window.size + 1] },
    ]);
    return sqlJoin([`(select coalesce(json_agg(x order by ${orderByKeys(order, 'x')}), '[]'::json) from (`, withEmbeds(inner, nested), ') x)']);
  };
}

/**
 * A many-to-one row (a company's sector) as JSON, looked up by the parent's foreign key, within `where`, with
 * its own embeds (`nested`, over the row's keys) inside; with the row keys `keys` only, when given.
 */
export function embeddedObject(model: ReadModel, foreignKey: string, where: Sql[] = [], nested: Embed[] = [], keys?: ReadonlySet<string> | null): (parent: string) => Sql {
  const selectList = selectListOf(model, keys);
  // row_to_json of a row with the read model's keys: no argument limit, unlike json_build_object.
  return (parent) => {
    const inner = sqlJoin([`select ${selectList} from "${model.table}" t where `, andSql([{ text: `t."id" = ${parent}."${foreignKey}"`, params: [] }, ...where])]);
    return sqlJoin(['(select row_to_json(x) from (', withEmbeds(inner, nested), ') x)']);
  };
}

/** The Page of an embedded JSON array, as `fetchPage` would have returned it. */
export function pageFromEmbedded<R extends Row>(rows: Row[], model: ReadModel<R>, req: PageRequest, limits: PageLimits): Page<R> {
  const window = pageWindow(req, limits);
  const more = rows.length > window.size;
  const page = more ? rows.slice(0, window.size) : rows;
  const totalCount = req.withTotal ? (rows[0]?.__total ?? 0) : undefined;
  for (const r of page) delete r.__total;
  return { list: model.name, rows: page as R[], order: resolveOrder(model, req.orderBy), hasNextPage: more, hasPreviousPage: false, totalCount };
}
