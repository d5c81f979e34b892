import { rule, type IRule } from './shield.js';
import { hasPermission, type Permission } from '../auth/permissions.js';
import type { Scope } from '../auth/scopes.js';
import type { Viewer } from '../auth/viewer.js';
import type { Row } from '../db/read-model.js';
import { AppError } from '../errors.js';

/**
 * The graphql-shield rules. Each named rule is made once (graphql-shield refuses two rules with one name),
 * so `can()` memoises. Rules that depend on the caller alone are cached per request (`contextual`: keyed
 * by the rule's name in the request's context, no hashing); a rule that looks at the parent row must not
 * be, since one answer would then stand for every row (`strict` would hash each whole row: far dearer).
 */

/** Type name → field name → rule: the shape graphql-shield takes. */
export type RuleTree = Record<string, Record<string, IRule>>;

/**
 * Type name → the rule for reading records of that type at all, wherever they come from: a mutation's result
 * is shown only to a caller who may read its type, and every field's access is decided under it too.
 */
export type ReadRules = Record<string, IRule>;

/** What each rule means, for docs/permissions.md. */
const meanings = new Map<string, string>();

export const ruleMeaning = (r: IRule): string => meanings.get(r.name) ?? r.name;

/** What a rule looks at in a request's context: who is calling. */
export type RuleContext = { viewer: Viewer };

export type Check = (parent: Row, ctx: RuleContext) => true | AppError;

/** Each rule's check, so the same decision can be taken outside graphql-shield (see `decideForAnyRow`). */
const checks = new WeakMap<IRule, Check>();

/**
 * A named rule with its meaning (for docs/permissions.md) and its check, which can also be decided outside
 * graphql-shield (`decideForAnyRow`). Modules make their own rules with it, in their `*.permissions.ts`.
 */
export function defineRule(name: string, meaning: string, cache: 'contextual' | 'no_cache', check: Check): IRule {
  meanings.set(name, meaning);
  const made = rule(name, { cache })((parent: Row, _args: unknown, ctx: RuleContext) => check(parent, ctx));
  checks.set(made, check);
  return made;
}

/**
 * A rule's answer for this caller without a row: what it allows on every row. A rule that looks at the row
 * (an adviser's own details) answers as for a row that is not the caller's own, so it errs on refusing.
 * Filters, sorts and search matches use it: a value may be tested only by a caller who may read it.
 */
export function decideForAnyRow(r: IRule, viewer: Viewer): true | AppError {
  const check = checks.get(r);
  if (!check) throw new Error(`Rule ${r.name} was not made by src/graphql/rules.ts, so it cannot be decided outside graphql-shield.`);
  return check({} as Row, { viewer });
}

/** Refusals say which permission was missing; returned (not thrown) so graphql-shield passes them on. */
export const missing = (permission: Permission) =>
  new AppError('FORBIDDEN', `This needs the ${permission} permission.`, { permission });

const canRules = new Map<Permission, IRule>();

/** The caller holds `permission` (a superuser holds every one). */
export function can(permission: Permission): IRule {
  let made = canRules.get(permission);
  if (!made) {
    made = defineRule(`can:${permission}`, `\`${permission}\``, 'contextual', (_parent, ctx) => hasPermission(ctx.viewer, permission) || missing(permission));
    canRules.set(permission, made);
  }
  return made;
}

/** Any authenticated adviser (the request is refused with UNAUTHENTICATED before GraphQL otherwise). */
export const isAdviser = defineRule('isAdviser', 'any authenticated adviser', 'contextual', (_parent, ctx) =>
  ctx.viewer.kind === 'adviser' || new AppError('FORBIDDEN', 'Only advisers may do this.'),
);

const scopeRules = new Map<Scope, IRule>();

/** A partner client holding `scope` (advisers never hold scopes). */
export function hasScope(scope: Scope): IRule {
  let made = scopeRules.get(scope);
  if (!made) {
    made = defineRule(`scope:${scope}`, `scope \`${scope}\``, 'contextual', (_parent, ctx) => clientHas(ctx, scope) || missingScope(scope));
    scopeRules.set(scope, made);
  }
  return made;
}

/** Whether the caller is a partner client holding `scope`. */
export const clientHas = (ctx: RuleContext, scope: Scope) => ctx.viewer.kind === 'client' && ctx.viewer.scopes.has(scope);

export const missingScope = (scope: Scope) => new AppError('FORBIDDEN', `This needs the ${scope} scope.`, { scope });

/** Reference data (countries, sectors, teams, ...): every adviser reads it, as in Data Hub; clients need `metadata`. */
export const readReferenceData = defineRule('readReferenceData', 'any adviser; scope `metadata`', 'contextual', (_parent, ctx) =>
  ctx.viewer.kind === 'adviser' || clientHas(ctx, 'metadata') || missingScope('metadata'),
);

/** Every field of a root type (Query, Mutation) that no rule names is refused with this. */
export const noRule = (typeName: string, fieldName: string) =>
  new AppError('FORBIDDEN', `${typeName}.${fieldName} is denied: no rule allows it.`, { reason: 'NO_RULE' });
