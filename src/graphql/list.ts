import type { GraphQLResolveInfo } from 'graphql';
import { fetchPage, type ParentLink, type ReadModel, type Row, type Sql } from '../db/read-model.js';
import { notFound } from '../errors.js';
import { pageRequest, toConnection, type PageArgs } from './connection.js';
import type { Context } from './context.js';

export const pageLimits = (ctx: Context) => ({ defaultSize: ctx.config.defaultPageSize, maxSize: ctx.config.maxPageSize });

/** A root list field: the filtered, ordered page as a Relay connection, in one statement. */
export async function listConnection(ctx: Context, model: ReadModel, args: PageArgs & { filter?: any; orderBy?: any }, info: GraphQLResolveInfo, where: Sql[] = []) {
  const req = { ...pageRequest(args, info), where };
  return toConnection(await fetchPage(ctx.em, model, req, pageLimits(ctx)));
}

/** A root lookup by id through the request's loader; a missing row is a NOT_FOUND error. */
export async function findOne(ctx: Context, model: ReadModel, id: string): Promise<Row> {
  const row = await ctx.loaders.byId(model).load(id);
  if (!row) throw notFound(model.name, id);
  return row;
}

/** A nested list (company → contacts, or through a link table) for one parent, batched with its siblings by the request's loader. */
export async function childConnection(ctx: Context, model: ReadModel, parentLink: ParentLink, parentId: string, args: PageArgs & { filter?: any; orderBy?: any }, info: GraphQLResolveInfo) {
  const page = await ctx.loaders.pageByParent(model, parentLink, pageRequest(args, info)).load(parentId);
  return toConnection(page);
}

/**
 * A related row by id. When the parent's statement already fetched it (`row.__embedded[name]`), it is
 * returned as it is, synchronously: no loader call and no promise for graphql-js to wait on, which is
 * most of the cost of a deep list. Otherwise it goes through the request's loader.
 */
export function related(ctx: Context, row: Row, name: string, model: ReadModel, id: string | null | undefined): Row | null | Promise<Row | null> {
  const embedded = row.__embedded as Record<string, Row | null> | undefined;
  if (embedded && name in embedded) return embedded[name];
  return id ? ctx.loaders.byId(model).load(id) : null;
}
