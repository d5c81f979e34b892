import type { GraphQLSchema } from 'graphql';
import { assertResultReadable } from './mutation-results.js';
import { noRule, type ReadRules, type RuleTree } from './rules.js';
import { applyMiddleware, deny, middleware, shield, type IMiddlewareResolver, type IMiddlewareTypeMap, type IRule } from './shield.js';

/** The modules' rules as one tree; a field ruled twice is a mistake and stops the start. */
export function mergeRuleTrees(...trees: RuleTree[]): RuleTree {
  const merged: RuleTree = {};
  for (const tree of trees) {
    for (const [type, fields] of Object.entries(tree)) {
      const into = (merged[type] ??= {});
      for (const [field, r] of Object.entries(fields)) {
        if (into[field]) throw new Error(`Two rules for ${type}.${field}`);
        into[field] = r;
      }
    }
  }
  return merged;
}

export const rootTypeNames = (schema: GraphQLSchema): string[] =>
  [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? [t.name] : []));

/**
 * graphql-shield, deny by default: a Query or Mutation field without a rule is refused with FORBIDDEN.
 * Errors of the resolvers themselves (NOT_FOUND, BAD_USER_INPUT) pass through unchanged.
 *
 * Below the root, shield would wrap every field of every type (with `fallbackRule`), turning each
 * synchronous field into a promise: the 2–8× slowdown of its issues #416, #812 and #1522. So its output is
 * pruned to the root types' fields and the fields that have a rule of their own: a field without one is
 * served when its parent is. test/permissions-doc.test.ts keeps that safe: every root field has an
 * explicit rule, and every field that leads from one entity to another carries that entity's view rule.
 */
export function permissionsMiddleware(tree: RuleTree, readRules: ReadRules) {
  const generator = shield(tree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: (_error, _parent, _args, _ctx, info) => noRule(info.parentType.name, info.fieldName),
  });
  return middleware((schema) => {
    const all = generator.generate(schema) as Record<string, Record<string, IMiddlewareResolver>>;
    const roots = rootTypeNames(schema);
    const kept: IMiddlewareTypeMap = {};
    for (const [type, fields] of Object.entries(all)) {
      const names = roots.includes(type) ? Object.keys(fields) : Object.keys(tree[type] ?? {});
      const wrap = type === schema.getMutationType()?.name ? resultGuarded(readRules) : (r: IMiddlewareResolver) => r;
      if (names.length) kept[type] = Object.fromEntries(names.map((field) => [field, wrap(withFastPath(tree[type]?.[field], fields[field]))]));
    }
    return kept;
  });
}

/**
 * Once a `contextual` rule has allowed in a request, graphql-shield holds `true` under the rule's name in
 * `ctx._shield.cache` (it writes it synchronously, on the rule's first call). From then on the resolver is
 * called directly instead of through shield's async middleware, which would make a promise of that field on
 * every row of a list (contact emails on a company page). The answer is shield's own, so the meaning is
 * unchanged; a first call, a refusal, or a rule that is not cached goes through shield. The layout of that
 * cache is graphql-shield 7.6.5's; test/unit/shield.test.ts fails if an upgrade changes it.
 */
function withFastPath(r: IRule | undefined, guarded: IMiddlewareResolver): IMiddlewareResolver {
  if (!r || (r as IRule & { cache?: unknown }).cache !== 'contextual') return guarded;
  const name = r.name;
  return (resolve, parent, args, ctx, info) => (ctx._shield?.cache[name] === true ? resolve(parent, args, ctx, info) : guarded(resolve, parent, args, ctx, info));
}

/** A mutation whose result the caller may not read answers its id only (src/graphql/mutation-results.ts); checked once its own rule has passed. */
const resultGuarded =
  (readRules: ReadRules) =>
  (guarded: IMiddlewareResolver): IMiddlewareResolver =>
  (resolve, parent, args, ctx, info) =>
    guarded(
      (p, a, c, i) => {
        assertResultReadable(readRules, c.viewer, i);
        return resolve(p, a, c, i);
      },
      parent,
      args,
      ctx,
      info,
    );

/** The executable schema: the code-first one with the permission rules wrapped around its resolvers. */
export function applyPermissions(schema: GraphQLSchema, tree: RuleTree, readRules: ReadRules): GraphQLSchema {
  return applyMiddleware(schema, permissionsMiddleware(tree, readRules));
}
