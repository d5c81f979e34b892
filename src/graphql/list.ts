import type { GraphQLResolveInfo } from 'graphql';
import { pageLimits } from '../config/config.js';
import { pageFromEmbedded } from '../db/embed.js';
import { fetchOne, withoutEmbeddedLists, fetchPage, type ParentLink, type ReadModel, type Row, type Sql } from '../db/read-model.js';
import { notFound } from '../errors.js';
import { pageRequest, toConnection, type PageArgs } from './connection.js';
import type { Context } from './context.js';
import { assertReadableArguments } from './readable-arguments.js';
import { embeddedList, planConnectionEmbeds, planObjectEmbeds } from './lookahead.js';


/**
 * A root list field: the filtered, ordered page as a Relay connection, in one statement together with
 * the related lists its selection asks for (look-ahead).
 */
export async function listConnection(ctx: Context, model: ReadModel, args: PageArgs & { filter?: any; orderBy?: any }, info: GraphQLResolveInfo, where: Sql[] = []) {
  assertReadableArguments(ctx, model, args);
  const req = { ...pageRequest(args, info), where: [...where, ...ctx.rows(model)] };
  const { embeds, keys } = planConnectionEmbeds(ctx, info, model);
  return toConnection(await fetchPage(ctx.em, model, req, pageLimits(ctx.config), embeds, keys));
}

/**
 * A root lookup by id; a missing row is a NOT_FOUND error. When the selection asks for related lists, one
 * statement fetches the row with them; otherwise the request's loader does (and batches with siblings).
 */
export async function findOne<R extends Row>(ctx: Context, model: ReadModel<R>, id: string, info?: GraphQLResolveInfo): Promise<R> {
  const embeds = info ? planObjectEmbeds(ctx, info, model.name) : [];
  const loader = ctx.loaders.byId(model);
  const row = embeds.length ? await fetchOne(ctx.em, model, id, embeds, ctx.rows(model)) : await loader.load(id);
  if (!row) throw notFound(model.name, id);
  // A child asking for its parent (a contact's company) finds it here; without the embedded lists, which
  // belong to this field's selection only. (The loader is emptied after every write: src/db/write-scope.ts.)
  loader.prime(id, embeds.length ? (withoutEmbeddedLists(row) as R) : row);
  return row;
}

/**
 * A nested list (company → contacts, or through a link table) of one parent: taken from the parent's row
 * when its statement embedded it, otherwise batched with its siblings by the request's loader.
 */
export async function childConnection(ctx: Context, model: ReadModel, parentLink: ParentLink, parent: Row, args: PageArgs & { filter?: any; orderBy?: any }, info: GraphQLResolveInfo) {
  assertReadableArguments(ctx, model, args);
  const req = pageRequest(args, info);
  const embedded = embeddedList(parent, info);
  if (embedded) return toConnection(pageFromEmbedded(embedded, model, req, pageLimits(ctx.config)));
  return toConnection(await ctx.loaders.pageByParent(model, parentLink, req).load(parent.id));
}

// A related row by id lives in related.ts (the look-ahead uses it too); re-exported for the modules.
export { related } from './related.js';
