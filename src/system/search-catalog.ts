import { MODULES } from '../modules/index.js';
import { searchCatalogOf } from '../search/catalog.js';

/**
 * The searchable entities and their mappings, from the modules' manifests (src/modules/index.ts): what the
 * search infrastructure is given (the service, the outbox drain, the jobs, the CLI, the OpenSearch indices)
 * instead of importing modules. Entry points and tests take it from here.
 */
export const searchCatalog = searchCatalogOf(MODULES);
