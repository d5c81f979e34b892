import { defineModule, type ModuleManifest } from '../../module.js';
import { searchCatalogOf } from '../../search/catalog.js';
import { searchJobs as jobs } from '../../search/jobs.js';
import { searchCommands } from '../../search/search-commands.js';
import { searchAccess as access, searchPermissions } from './search.permissions.js';
import { searchResolvers } from './search.resolver.js';

/**
 * Search in GraphQL (global, per entity, autocomplete and status) over the search mappings these modules
 * declare (src/module.ts `search`): the `SearchEntity` enum, the `SearchNode` union, each entity's
 * `search<Types>` query and the rules on them are made from the mappings, so this module names no other.
 * Call it once, with the modules of src/modules/index.ts (its GraphQL types are made each call).
 */
export function searchModuleFor(modules: readonly ModuleManifest[]) {
  const catalog = searchCatalogOf(modules);
  return defineModule({ name: 'search', resolvers: searchResolvers(catalog), rules: searchPermissions(catalog), access, jobs, commands: searchCommands(catalog) });
}
