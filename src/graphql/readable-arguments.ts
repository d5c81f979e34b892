import { revealedBy, type EntityFilter, type OrderTerm, type ReadModel } from '../db/read-model.js';
import { AppError } from '../errors.js';
import type { Context } from './context.js';

/**
 * A list's filter and sort may only test values the caller may read: sorting contacts by email, or
 * filtering them on `email: { ilike: "a%" }`, would otherwise spell out emails to a caller refused
 * `Contact.email`. Each field is checked by the rule that guards the GraphQL field showing it, so the
 * two cannot drift. A refusal is FORBIDDEN with the argument's path and the rule's own reason.
 */
export function assertReadableArguments(ctx: Pick<Context, 'canRead'>, model: ReadModel, args: { filter?: EntityFilter | null; orderBy?: OrderTerm[] | null }): void {
  const check = (key: string, argument: string[]) => {
    const spec = model.fields[key];
    if (!spec) return; // unknown fields are refused with their own error when the filter is compiled
    const field = revealedBy(key, spec);
    const answer = ctx.canRead(model.name, field);
    if (answer !== true) {
      throw new AppError('FORBIDDEN', `${argument.join('.')}: ${model.name}.${field} is not readable by you, so it cannot be filtered or sorted on either. ${answer.message}`, {
        ...answer.extensions,
        argument,
      });
    }
  };
  const visit = (filter: EntityFilter | null | undefined, path: string[]) => {
    if (!filter) return;
    for (const [key, value] of Object.entries(filter)) {
      if (value == null) continue;
      if (key === 'and' || key === 'or') (value as EntityFilter[]).forEach((f, i) => visit(f, [...path, key, String(i)]));
      else if (key === 'not') visit(value as EntityFilter, [...path, 'not']);
      else check(key, [...path, key]);
    }
  };
  visit(args.filter, ['filter']);
  args.orderBy?.forEach((term, i) => check(term.field, ['orderBy', String(i), 'field']));
}

/**
 * A value that must be unique (a contact's email within its company, a company's DUNS number) is tested by
 * writing it: "already taken" tells the writer that some record holds it. So setting one needs the right
 * to read it, like a filter on it would; a write-only caller may leave it out (where it is optional).
 */
export function assertMaySetUnique(ctx: Pick<Context, 'canRead'>, type: string, field: string, input: object): void {
  if ((input as Record<string, unknown>)[field] == null) return;
  const answer = ctx.canRead(type, field);
  if (answer !== true) {
    throw new AppError('FORBIDDEN', `input.${field}: ${type}.${field} is unique and not readable by you, and a refusal of a taken value would tell you it exists. ${answer.message}`, {
      ...answer.extensions,
      argument: ['input', field],
    });
  }
}
