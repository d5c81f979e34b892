import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../graphql/context.js';
import { planObjectEmbeds } from '../../graphql/lookahead.js';
import { andSql, orderByKeys, query, resolveOrder, sqlJoin, withEmbeds, type Embed, type ReadModel, type Row, type Sql } from '../../db/read-model.js';

/**
 * The reference lists of one request in one statement. A form asks for many lists at once (services,
 * channels, statuses, countries, ...); graphql-js resolves a query's root fields concurrently, so their loads
 * reach one DataLoader in the same tick and its batch reads every list asked for with one `select`: one column
 * per list, each the list's rows as a JSON array in display order, with the related rows its selection asks
 * for embedded (look-ahead: a service's parent, questions and their answer options, a country's region, ...).
 */

/**
 * The rows of a reference table meeting `where` (over alias `t`), each with its embeds, as one JSON array in
 * the model's default order (the order listReferenceRows reads them in): `'[]'` when there are none.
 */
export function jsonList(model: ReadModel, where: Sql[], embeds: Embed[] = []): Sql {
  const order = resolveOrder(model, null);
  const inner = sqlJoin([`select ${model.selectList} from "${model.table}" t where `, andSql(where)]);
  return sqlJoin([`(select coalesce(json_agg(x order by ${orderByKeys(order, 'x')}), '[]'::json) from (`, withEmbeds(inner, embeds), ') x)']);
}

/**
 * The rows of a child table per parent (a service's questions, by `serviceId`), for an embed: the parent's
 * JSON array (`'[]'` when it has none) in the model's default order, each row with its own embeds. Every
 * parent's rows are read once per statement, grouped by parent into one map that each parent row looks itself
 * up in (an InitPlan), not one scan per parent row: these tables have no index on their parent's column.
 */
export function childLists(model: ReadModel, parentKey: string, embeds: Embed[] = []): (parent: string) => Sql {
  const order = resolveOrder(model, null);
  const rows = withEmbeds({ text: `select ${model.selectList} from "${model.table}" t`, params: [] }, embeds);
  const byParent = sqlJoin([
    `(select jsonb_object_agg(g."parent", g."rows") from (select x."${parentKey}"::text as "parent", json_agg(x order by ${orderByKeys(order, 'x')}) as "rows" from (`,
    rows,
    `) x group by x."${parentKey}") g)`,
  ]);
  return (parent) => sqlJoin(['coalesce(', byParent, ` -> (${parent}."id"::text), '[]'::jsonb)`]);
}

type ListRequest = {
  model: ReadModel;
  includeDisabled: boolean;
  /** Conditions of the list's own (over alias `t`): the services a form may offer. */
  where: Sql[];
  embeds: Embed[];
};

/** Requests for the same table, disabled rows and embeds read the same rows (aliases, repeated fields). */
const keyOf = (r: ListRequest) =>
  JSON.stringify([r.model.table, r.includeDisabled, r.where.map((w) => [w.text, w.params]), r.embeds.map((e) => e.column).sort()]);

/** Every list asked for in this tick, one column each, in one statement. */
async function fetchLists(ctx: Context, requests: readonly ListRequest[]): Promise<Row[][]> {
  const columns = new Map<string, number>();
  const parts: Array<string | Sql> = ['select '];
  for (const request of requests) {
    const key = keyOf(request);
    if (columns.has(key)) continue;
    const { model, includeDisabled, embeds } = request;
    const where = [...(includeDisabled ? [] : [{ text: 't."disabled_on" is null', params: [] }]), ...request.where, ...ctx.rows(model)];
    parts.push(columns.size ? ', ' : '', jsonList(model, where, embeds), ` as "l${columns.size}"`);
    columns.set(key, columns.size);
  }
  const [row] = await query(ctx.em, sqlJoin(parts));
  return requests.map((r) => row[`l${columns.get(keyOf(r))}`] as Row[]);
}

/**
 * A whole reference table in display order (or its rows meeting `where`), disabled rows only when asked for, read
 * together with every other reference list of the request (one statement), with the related rows the field's
 * selection asks for (`info`: a root field's).
 */
export function referenceList<R extends Row>(
  ctx: Context,
  model: ReadModel<R>,
  includeDisabled: boolean,
  info?: GraphQLResolveInfo,
  where: Sql[] = [],
): Promise<R[]> {
  const embeds = info ? planObjectEmbeds(ctx, info, model.name) : [];
  const loader = ctx.loaders.custom<ListRequest, Row[]>('metadata:referenceLists', (requests) => fetchLists(ctx, requests));
  return loader.load({ model, includeDisabled, where, embeds }) as Promise<R[]>;
}
