import { rule, type IRule } from './shield.js';
import { hasPermission, type Permission } from '../auth/permissions.js';
import type { Row } from '../db/read-model.js';
import { AppError } from '../errors.js';
import type { Context } from './context.js';

/**
 * The graphql-shield rules. Each named rule is made once (graphql-shield refuses two rules with one name),
 * so `can()` memoises. Rules that depend on the caller alone are cached per request (`contextual`: keyed
 * by the rule's name in the request's context, no hashing); a rule that looks at the parent row must not
 * be, since one answer would then stand for every row (`strict` would hash each whole row: far dearer).
 */

/** Type name → field name → rule: the shape graphql-shield takes. */
export type RuleTree = Record<string, Record<string, IRule>>;

/** What each rule means, for docs/permissions.md. */
const meanings = new Map<string, string>();

export const ruleMeaning = (r: IRule): string => meanings.get(r.name) ?? r.name;

function define(name: string, meaning: string, cache: 'contextual' | 'no_cache', check: (parent: Row, ctx: Context) => true | AppError): IRule {
  meanings.set(name, meaning);
  return rule(name, { cache })((parent: Row, _args: unknown, ctx: Context) => check(parent, ctx));
}

/** Refusals say which permission was missing; returned (not thrown) so graphql-shield passes them on. */
const missing = (permission: Permission) =>
  new AppError('FORBIDDEN', `This needs the ${permission} permission.`, { permission });

const canRules = new Map<Permission, IRule>();

/** The caller holds `permission` (a superuser holds every one). */
export function can(permission: Permission): IRule {
  let made = canRules.get(permission);
  if (!made) {
    made = define(`can:${permission}`, `\`${permission}\``, 'contextual', (_parent, ctx) => hasPermission(ctx.viewer, permission) || missing(permission));
    canRules.set(permission, made);
  }
  return made;
}

/** Any authenticated adviser (the request is refused with UNAUTHENTICATED before GraphQL otherwise). */
export const isAdviser = define('isAdviser', 'any authenticated adviser', 'contextual', (_parent, ctx) =>
  ctx.viewer.kind === 'adviser' || new AppError('FORBIDDEN', 'Only advisers may do this.'),
);

/**
 * Reference data (countries, sectors, teams, ...): every adviser reads it, as in Data Hub. Partner clients
 * will need the `metadata` scope here.
 */
export const readReferenceData = define('readReferenceData', 'any authenticated adviser (reference data)', 'contextual', (_parent, ctx) =>
  ctx.viewer.kind === 'adviser' || new AppError('FORBIDDEN', 'Reference data needs the metadata scope.'),
);

/** An adviser's contact details: `view_advisor`, or their own. Looks at the row, so not cached. */
export const viewAdviserDetails = define('viewAdviserDetails', '`view_advisor`, or the adviser themself', 'no_cache', (adviser, ctx) =>
  adviser.id === ctx.viewer.adviserId || hasPermission(ctx.viewer, 'view_advisor') || missing('view_advisor'),
);

/** Every field of a root type (Query, Mutation) that no rule names is refused with this. */
export const noRule = (typeName: string, fieldName: string) =>
  new AppError('FORBIDDEN', `${typeName}.${fieldName} is denied: no rule allows it.`, { reason: 'NO_RULE' });
