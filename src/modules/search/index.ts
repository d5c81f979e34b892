export { searchResolvers, ENTITY_SEARCH_QUERIES } from './search.resolver.js';
export { searchPermissions } from './search.permissions.js';
