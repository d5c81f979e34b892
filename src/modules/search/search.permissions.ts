import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { hasPermission, type Permission } from '../../auth/permissions.js';
import { can, clientHas, defineRule, missingScope, type RuleTree } from '../../graphql/rules.js';
import type { IRule } from '../../graphql/shield.js';
import type { SearchCatalog } from '../../search/catalog.js';
import { missingViewPermission, viewPermissions } from '../../search/mapping.js';

/** Search's health needs its own permission; `search:read` lets a partner client search at all. */
export const searchAccess = defineAccess({
  permissions: { view_search_status: "See search's health: the backend, the outbox's depth and the index lag." },
  scopes: {
    'search:read': { grants: [], description: 'The search queries (global, per entity, autocomplete); what a client finds still follows its other scopes.' },
  },
});

// The codenames and scopes as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof searchAccess> {}
  interface ScopeNames extends ScopesOf<typeof searchAccess> {}
}

/** Search at all: any adviser; a partner client needs `search:read` (what it finds still follows its other scopes). */
export const canSearch = defineRule('canSearch', 'any adviser; scope `search:read`', 'contextual', (_parent, ctx) =>
  ctx.viewer.kind === 'adviser' || clientHas(ctx, 'search:read') || missingScope('search:read'),
);

const searchRules = new Map<string, { permissions: readonly Permission[]; rule: IRule }>();

/**
 * One entity's search: its view permission (any one of them), and `search:read` as well for a partner client.
 * A refusal names the first permission, and so does the rule's name: two searches that need different
 * permissions under one name would share graphql-shield's cached answer, so that is refused at start.
 */
export function canSearchEntity(permissions: readonly Permission[]): IRule {
  const name = `search:${permissions[0]}`;
  const made = searchRules.get(name);
  if (made) {
    if (made.permissions.join() !== permissions.join()) throw new Error(`Two entity searches need different permissions under one rule name, ${name}.`);
    return made.rule;
  }
  const meaning = `${permissions.map((p) => `\`${p}\``).join(' or ')}; scope \`search:read\` with the entity's read scope`;
  const rule = defineRule(name, meaning, 'contextual', (_parent, ctx) => {
    if (ctx.viewer.kind === 'client' && !clientHas(ctx, 'search:read')) return missingScope('search:read');
    return permissions.some((p) => hasPermission(ctx.viewer, p)) || missingViewPermission(permissions);
  });
  searchRules.set(name, { permissions, rule });
  return rule;
}

/**
 * Global search and autocomplete are open to every adviser (and to clients with `search:read`): what they
 * return is narrowed to the entities the caller may view, inside the query. An entity's own search needs
 * that entity's view permission.
 */
export function searchPermissions(catalog: SearchCatalog): RuleTree {
  return {
    Query: {
      search: canSearch,
      autocomplete: canSearch,
      searchStatus: can('view_search_status'),
      ...Object.fromEntries(catalog.mappings.map((m) => [m.query, canSearchEntity(viewPermissions(m))])),
    },
    // A search's CSV URL needs the entity's export permission (the endpoint checks it again).
    ...Object.fromEntries(catalog.mappings.flatMap((m) => (m.export ? [[`${m.typeName}SearchConnection`, { exportUrl: can(m.export.permission) }]] : []))),
  };
}
