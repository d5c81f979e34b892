import type { FieldAccess } from './auth/field-access.js';
import type { Config } from './config/config.js';
import type { Services } from './graphql/context.js';
import type { Logger } from './logger.js';
import { MODULES } from './modules/index.js';
import type { Drainer } from './search/drainer.js';
import { createSearchService } from './search/search.service.js';
import type { SearchBackend } from './search/search.types.js';
import { searchCatalog } from './system/search-catalog.js';

/**
 * The composition root of the services: search (the infrastructure's, over the modules' search mappings),
 * then each module's, from its manifest (src/modules/index.ts). A service never constructs another.
 */
export function createServices(deps: { config: Config; searchBackend: SearchBackend; logger: Logger; drainer?: Drainer; fieldAccess: FieldAccess }): Services {
  const search = createSearchService(searchCatalog, deps.searchBackend, deps.logger, deps.fieldAccess, deps.drainer);
  return Object.assign({ search }, ...MODULES.map((m) => m.services?.(deps) ?? {})) as Services;
}

export type { Services };
