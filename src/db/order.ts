import { badInput } from '../errors.js';
import type { FieldType, OrderTerm, ReadModel } from './model.js';
import type { Sql } from './sql.js';

/** The order of lists: the requested keys, id as the tie-breaker, and the keyset conditions of cursors. */

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
