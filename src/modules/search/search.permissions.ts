import { can, canSearch, canSearchEntity, type RuleTree } from '../../graphql/rules.js';
import type { SearchCatalog } from '../../search/catalog.js';

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
