import { embeddedObjectColumn, type ReadModel, type Row } from '../db/read-model.js';
import { notFound } from '../errors.js';
import type { Context } from './context.js';

/**
 * A related row by id. When the parent's statement already fetched it (look-ahead), it is returned as it
 * is, synchronously: no loader call and no promise for graphql-js to wait on. Otherwise it goes through
 * the request's loader. A row that a row-level rule hides from the caller (a partner asking for an
 * archived company's details through its contact) is a NOT_FOUND error at this field, not a silent null.
 */
export function related<R extends Row>(ctx: Context, row: Row, field: string, model: ReadModel<R>, id: string | null | undefined): R | null | Promise<R | null> {
  if (!id) return null;
  const embedded = row[embeddedObjectColumn(field)] as R | null | undefined;
  if (embedded !== undefined) return embedded ?? hidden(model, id);
  return ctx.loaders.byId(model).load(id).then((found) => found ?? hidden(model, id));
}

/** A related row the caller may not see answers as a missing one would (src/errors.ts `notFound`). */
const hidden = (model: ReadModel, id: string): never => {
  throw notFound(model.name, id);
};
