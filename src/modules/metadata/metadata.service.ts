import type { EntityManager } from '@mikro-orm/core';
import { idIn, orderSql, query, resolveOrder, type ReadModel, type Row } from '../../db/read-model.js';
import { metadataModels, type MetadataTable } from './metadata.models.js';

/** A whole reference table in display order; disabled rows only when asked for. */
export function listReference(em: EntityManager, table: MetadataTable, includeDisabled: boolean): Promise<Row[]> {
  return listReferenceRows(em, metadataModels[table], includeDisabled);
}

/** listReference for any reference read model (another module's own reference table: referenceModel). */
export async function listReferenceRows(em: EntityManager, model: ReadModel, includeDisabled: boolean): Promise<Row[]> {
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

