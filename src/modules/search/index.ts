import { defineModule } from '../../module.js';
import { searchPermissions as rules } from './search.permissions.js';
import { searchResolvers as resolvers } from './search.resolver.js';
export { searchResolvers, ENTITY_SEARCH_QUERIES } from './search.resolver.js';
export { searchPermissions } from './search.permissions.js';
/** Search in GraphQL: global, per entity, autocomplete and status (src/module.ts). */
export const searchModule = defineModule({ name: 'search', resolvers, rules });
