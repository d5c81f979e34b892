import { andSql, idIn, jsonRowSql, orderSql, resolveOrder, type ReadModel, type Row, type Sql } from '../db/read-model.js';
import type { Context } from './context.js';
import { registerEmbed } from './lookahead.js';

/**
 * A many-to-many of a record through a link table (an event's teams, an interaction's contacts): the link
 * table, its column to the owning record and to the target, and the target's read model.
 */
export type LinkTable<R extends Row = Row> = { table: string; owner: string; target: string; model: ReadModel<R> };

const fromLink = (link: LinkTable) => `"${link.table}" l join "${link.model.table}" t on t."id" = l."${link.target}"`;

/**
 * The linked rows of one owner as a JSON array in the target's order, for the owner's statement, under the
 * caller's row rules on the target (`scope`), as `linkedRows` reads them.
 */
export function linkedJsonSql(link: LinkTable): (parent: string, nested: unknown, scope?: Sql[]) => Sql {
  const order = orderSql(resolveOrder(link.model, null));
  return (parent, _nested, scope = []) => {
    const where = andSql([{ text: `l."${link.owner}" = ${parent}."id"`, params: [] }, ...scope]);
    return {
      text: `(select coalesce(json_agg(${jsonRowSql(link.model, 't')} order by ${order}), '[]'::json) from ${fromLink(link)} where ${where.text})`,
      params: where.params,
    };
  };
}

/** Declares the look-ahead of a linked list field (`Event.teams`): its rows in the parent's statement, under the caller's row rules. */
export function registerLinkedList(typeName: string, field: string, link: LinkTable): void {
  registerEmbed(typeName, field, { kind: 'list', sql: linkedJsonSql(link), model: link.model });
}

/** The linked rows of each owner when its statement did not embed them: one statement per batch of owners, under the caller's row rules. */
export function linkedRows<R extends Row>(ctx: Context, link: LinkTable<R>, ownerId: string): Promise<R[]> {
  const rows = ctx.loaders
    .byOwner(`link:${link.table}`, (ids) => {
      const match = andSql([idIn(`l."${link.owner}"`, ids), ...ctx.rows(link.model)]);
      return {
        text: `select ${link.model.selectList}, l."${link.owner}" as "__owner" from ${fromLink(link)}
                where ${match.text} order by ${orderSql(resolveOrder(link.model, null))}`,
        params: match.params,
      };
    })
    .load(ownerId);
  // The statement selects the target's read model (`selectList`): its rows.
  return rows as Promise<R[]>;
}
