import type { EntityManager } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import { idIn, orderSql, query, resolveOrder, type ReadModel, type Row, type Sql } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';
import { referenceList } from './metadata.lists.js';
import { metadataModels, type MetadataRow, type MetadataTable } from './metadata.models.js';

/** The read model of a metadata table, with its rows' type (which TypeScript does not narrow by `table` itself). */
const modelOf = <T extends MetadataTable>(table: T) => metadataModels[table] as ReadModel<MetadataRow<T>>;

/** A whole reference table in display order; disabled rows only when asked for. */
export function listReference<T extends MetadataTable>(em: EntityManager, table: T, includeDisabled: boolean): Promise<MetadataRow<T>[]> {
  return listReferenceRows(em, modelOf(table), includeDisabled);
}

/** listReference for any reference read model (another module's own reference table: referenceModel). */
export async function listReferenceRows<R extends Row>(em: EntityManager, model: ReadModel<R>, includeDisabled: boolean): Promise<R[]> {
  const order = resolveOrder(model, null);
  return query<R>(em, {
    text: `select ${model.selectList} from "${model.table}" t ${includeDisabled ? '' : 'where t."disabled_on" is null'} order by ${orderSql(order)}`,
    params: [],
  });
}

/** Child rows of many parents in one statement, grouped in the order of `parentIds`. */
export async function childrenOf<T extends MetadataTable>(em: EntityManager, table: T, parentColumn: string, parentIds: readonly string[]): Promise<MetadataRow<T>[][]> {
  const model = modelOf(table);
  const match = idIn(`t."${parentColumn}"`, parentIds);
  const rows = await query(em, {
    text: `select ${model.selectList}, t."${parentColumn}" as "__parent" from "${model.table}" t
            where ${match.text} order by ${orderSql(resolveOrder(model, null))}`,
    params: match.params,
  });
  const grouped = new Map<string, MetadataRow<T>[]>(parentIds.map((id) => [id, []]));
  // Each row is the model's, with its parent's id as `__parent`.
  for (const { __parent, ...row } of rows) grouped.get(__parent)?.push(row as MetadataRow<T>);
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
 * The services that may be chosen in any of these contexts (Data Hub's `Service.Context`: export_interaction,
 * other_service_delivery, ...): leaves of the tree whose `contexts` name one of them (over alias `t`).
 */
const inContexts = (contexts: readonly string[]): Sql => ({
  text: `t."contexts" && array[${contexts.map(() => '?').join(', ')}]::text[]
    and not exists (select 1 from "metadata_service" c where c."parent_id" = t."id")`,
  params: [...contexts],
});

/** The enabled services that may be chosen in any of these contexts, in display order. */
export async function servicesInContexts(em: EntityManager, contexts: readonly string[]): Promise<MetadataRow<'service'>[]> {
  if (!contexts.length) return [];
  const model = modelOf('service');
  const where = inContexts(contexts);
  return query(em, {
    text: `select ${model.selectList} from "${model.table}" t
            where t."disabled_on" is null and ${where.text}
            order by ${orderSql(resolveOrder(model, null))}`,
    params: where.params,
  });
}

/**
 * servicesInContexts for a root field (`interactionServices`): read in the same statement as the request's
 * reference lists, with what its selection asks for (a service's questions and their answer options...).
 */
export async function servicesInContextsList(ctx: Context, contexts: readonly string[], info?: GraphQLResolveInfo): Promise<MetadataRow<'service'>[]> {
  if (!contexts.length) return [];
  return referenceList(ctx, modelOf('service'), false, info, [inContexts(contexts)]);
}
