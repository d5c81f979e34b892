import type { EntityManager } from '@mikro-orm/core';
import { idIn, orderSql, query, resolveOrder, type Row } from '../../db/read-model.js';
import type { Issues } from '../../errors.js';
import { metadataModels, type MetadataTable } from './metadata.models.js';

/** A whole reference table in display order; disabled rows only when asked for. */
export async function listReference(em: EntityManager, table: MetadataTable, includeDisabled: boolean): Promise<Row[]> {
  const model = metadataModels[table];
  const order = resolveOrder(model, null);
  return query(em, {
    text: `select ${model.selectList} from "${model.table}" t ${includeDisabled ? '' : 'where t."disabled_on" is null'} order by ${orderSql(order)}`,
    params: [],
  });
}

/** Child rows of many parents in one statement, grouped in the order of `parentIds`. */
export async function childrenOf(em: EntityManager, table: MetadataTable, parentColumn: string, parentIds: readonly string[]): Promise<Row[][]> {
  const model = metadataModels[table];
  const match = idIn(`t."${parentColumn}"`, parentIds);
  const rows = await query(em, {
    text: `select ${model.selectList}, t."${parentColumn}" as "__parent" from "${model.table}" t
            where ${match.text} order by ${orderSql(resolveOrder(model, null))}`,
    params: match.params,
  });
  const grouped = new Map<string, Row[]>(parentIds.map((id) => [id, []]));
  for (const { __parent, ...row } of rows) grouped.get(__parent)?.push(row);
  return parentIds.map((id) => grouped.get(id)!);
}

/** Which of these services have children (a service with children cannot be chosen). */
export async function servicesWithChildren(em: EntityManager, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const match = idIn('parent_id', ids);
  const rows = await query(em, {
    text: `select distinct parent_id as "id" from metadata_service where ${match.text}`,
    params: match.params,
  });
  return new Set(rows.map((r) => r.id));
}

/**
 * The rule for references chosen on a write, in one statement: each must exist, and a disabled row is
 * accepted only when the record already had it (`current`). Adds an issue at `fieldOf(index)` for each that
 * fails; returns the rows that pass, by id.
 */
async function checkIds(
  em: EntityManager,
  table: MetadataTable,
  ids: readonly string[],
  fieldOf: (index: number) => string[],
  issues: Issues,
  current: readonly string[],
): Promise<Map<string, Row>> {
  const passed = new Map<string, Row>();
  if (!ids.length) return passed;
  const model = metadataModels[table];
  const match = idIn('t."id"', ids);
  const rows = new Map((await query(em, { text: `select ${model.selectList} from "${model.table}" t where ${match.text}`, params: match.params })).map((r) => [r.id, r]));
  for (const [i, id] of ids.entries()) {
    const row = rows.get(id);
    if (!row) issues.add(fieldOf(i), 'NOT_FOUND', `No ${model.name} with id ${id}.`);
    else if (row.disabledOn && !current.includes(id)) issues.add(fieldOf(i), 'DISABLED', `${model.name} "${row.name}" is disabled and cannot be chosen for new records.`);
    else passed.set(id, row);
  }
  return passed;
}

/** A list of references chosen on a write (see checkIds); an issue at `[...field, index]` for each that fails. */
export async function checkReferences(
  em: EntityManager,
  table: MetadataTable,
  ids: readonly string[],
  field: string[],
  issues: Issues,
  current: readonly string[] = [],
): Promise<Map<string, Row>> {
  return checkIds(em, table, ids, (i) => [...field, String(i)], issues, current);
}

/** One reference chosen on a write (see checkIds); adds an issue at `field` and returns null when it fails. */
export async function checkReference(
  em: EntityManager,
  table: MetadataTable,
  id: string | null | undefined,
  field: string[],
  issues: Issues,
  current?: string | null,
): Promise<Row | null> {
  if (!id) return null;
  return (await checkIds(em, table, [id], () => field, issues, current ? [current] : [])).get(id) ?? null;
}
