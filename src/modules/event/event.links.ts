import { andSql, idIn, jsonRowSql, orderSql, resolveOrder, type ReadModel, type Row, type Sql } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';

/** A many-to-many of events: the link table, its column to the target, and the target's read model. */
export type EventLink = { table: string; target: string; model: ReadModel };

/** The linked rows of one event as a JSON array in the target's order, for its parent's statement (look-ahead). */
export function linkedJsonSql(link: EventLink): (parent: string) => Sql {
  const order = orderSql(resolveOrder(link.model, null));
  return (parent) => ({
    text: `(select coalesce(json_agg(${jsonRowSql(link.model, 't')} order by ${order}), '[]'::json)
              from "${link.table}" l join "${link.model.table}" t on t."id" = l."${link.target}"
             where l."event_id" = ${parent}."id")`,
    params: [],
  });
}

/** The linked rows of each event when its statement did not embed them: one statement per batch of events. */
export function linkedRows(ctx: Context, link: EventLink, eventId: string): Promise<Row[]> {
  return ctx.loaders
    .byOwner(`event:${link.table}`, (ids) => {
      const match = andSql([idIn('l."event_id"', ids), ...ctx.rows(link.model)]);
      return {
        text: `select ${link.model.selectList}, l."event_id" as "__owner"
                 from "${link.table}" l join "${link.model.table}" t on t."id" = l."${link.target}"
                where ${match.text} order by ${orderSql(resolveOrder(link.model, null))}`,
        params: match.params,
      };
    })
    .load(eventId);
}
