import { can, canSearch, canSearchEntity, type RuleTree } from '../../graphql/rules.js';
import { SEARCH_MAPPINGS } from '../../search/registry.js';
import type { SearchEntity } from '../../search/search.types.js';
import { ENTITY_SEARCH_QUERIES } from './search.resolver.js';

/**
 * Global search and autocomplete are open to every adviser (and to clients with `search:read`): what they
 * return is narrowed to the entities the caller may view, inside the query. An entity's own search needs
 * that entity's view permission.
 */
export const searchPermissions: RuleTree = {
  Query: {
    search: canSearch,
    autocomplete: canSearch,
    searchStatus: can('view_search_status'),
    ...Object.fromEntries(
      (Object.keys(ENTITY_SEARCH_QUERIES) as SearchEntity[]).map((entity) => [ENTITY_SEARCH_QUERIES[entity], canSearchEntity(SEARCH_MAPPINGS[entity].permission)]),
    ),
  },
  // A search's CSV URL needs the entity's export permission (the endpoint checks it again).
  ...Object.fromEntries(
    Object.values(SEARCH_MAPPINGS).flatMap((m) => (m.export ? [[`${m.typeName}SearchConnection`, { exportUrl: can(m.export.permission) }]] : [])),
  ),
};
