import { orderSql, query, resolveOrder, type ReadModel, type Row } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function groupBy(ids: readonly string[], rows: Row[]): Row[][] {
  const grouped = new Map<string, Row[]>(ids.map((id) => [id, []]));
  for (const { __owner, ...row } of rows) grouped.get(__owner)?.push(row);
  return ids.map((id) => grouped.get(id)!);
}

/** A many-to-many of interactions: the link table, its column to the target, and the target's read model. */
export type Link = { table: string; target: string; model: ReadModel };

/**
 * The rows linked to each interaction (its contacts, companies, policy areas...): one statement per batch
 * of interactions, the link table joined to the target, in the target's default order.
 */
export function linkedRows(ctx: Context, link: Link, interactionId: string): Promise<Row[]> {
  return ctx.loaders
    .custom<string, Row[]>(`interaction:${link.table}`, async (ids) => {
      const rows = await query(ctx.em, {
        text: `select ${link.model.selectList}, p."interaction_id" as "__owner"
                 from "${link.table}" p join "${link.model.table}" t on t."id" = p."${link.target}"
                where p."interaction_id" in (${placeholders(ids.length)}) order by ${orderSql(resolveOrder(link.model, null))}`,
        params: [...ids],
      });
      return groupBy(ids, rows);
    })
    .load(interactionId);
}

/** The participants of each interaction (adviser and team ids), by the adviser's name; one statement per batch. */
export function participantRows(ctx: Context, interactionId: string): Promise<Row[]> {
  return ctx.loaders
    .custom<string, Row[]>('interaction:participants', async (ids) => {
      const rows = await query(ctx.em, {
        text: `select p.id as "id", p.adviser_id as "adviserId", p.team_id as "teamId", p.interaction_id as "__owner"
                 from interaction_dit_participant p join adviser a on a.id = p.adviser_id
                where p.interaction_id in (${placeholders(ids.length)}) order by a.last_name, a.first_name, p.id`,
        params: [...ids],
      });
      return groupBy(ids, rows);
    })
    .load(interactionId);
}

/**
 * The date of each company's latest interaction (archived ones left out: they were entered in error or are
 * duplicates), one grouped statement per batch of companies.
 */
export function latestInteractionDate(ctx: Context, companyId: string): Promise<string | null> {
  return ctx.loaders
    .custom<string, string | null>('interaction:latestDateByCompany', async (ids) => {
      const rows = await query(ctx.em, {
        text: `select company_id as "companyId", max(date) as "date" from interaction
                where company_id in (${placeholders(ids.length)}) and not archived group by company_id`,
        params: [...ids],
      });
      const dates = new Map(rows.map((r) => [r.companyId, r.date]));
      return ids.map((id) => dates.get(id) ?? null);
    })
    .load(companyId);
}
