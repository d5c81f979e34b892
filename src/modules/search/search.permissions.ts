import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { hasPermission, type Permission } from '../../auth/permissions.js';
import { can, clientHas, defineRule, missing, missingScope, type RuleTree } from '../../graphql/rules.js';
import type { IRule } from '../../graphql/shield.js';
import type { SearchCatalog } from '../../search/catalog.js';

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

const searchRules = new Map<Permission, IRule>();

/** One entity's search: its view permission, and `search:read` as well for a partner client. */
export function canSearchEntity(permission: Permission): IRule {
  let made = searchRules.get(permission);
  if (!made) {
    made = defineRule(`search:${permission}`, `\`${permission}\`; scope \`search:read\` with the entity's read scope`, 'contextual', (_parent, ctx) => {
      if (ctx.viewer.kind === 'client' && !clientHas(ctx, 'search:read')) return missingScope('search:read');
      return hasPermission(ctx.viewer, permission) || missing(permission);
    });
    searchRules.set(permission, made);
  }
  return made;
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
      ...Object.fromEntries(catalog.mappings.map((m) => [m.query, canSearchEntity(m.permission)])),
    },
    // A search's CSV URL needs the entity's export permission (the endpoint checks it again).
    ...Object.fromEntries(catalog.mappings.flatMap((m) => (m.export ? [[`${m.typeName}SearchConnection`, { exportUrl: can(m.export.permission) }]] : []))),
  };
}
