import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { can, canSearch, canSearchEntity, type RuleTree } from '../../graphql/rules.js';
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
