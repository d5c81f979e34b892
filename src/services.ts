import type { Config } from './config/config.js';
import type { FieldAccess } from './auth/field-access.js';
import type { Services } from './graphql/context.js';
import type { Logger } from './logger.js';
import { createSearchService } from './search/search.service.js';
import type { Drainer } from './search/drainer.js';
import type { SearchBackend } from './search/search.types.js';
import { createCompanyService } from './modules/company/index.js';
import { createContactService } from './modules/contact/index.js';
import { createInteractionService } from './modules/interaction/index.js';

/** The composition root of the module services; a service never constructs another. */
export function createServices(deps: { config: Config; searchBackend: SearchBackend; logger: Logger; drainer?: Drainer; fieldAccess: FieldAccess }): Services {
  return {
    search: createSearchService(deps.searchBackend, deps.logger, deps.fieldAccess, deps.drainer),
    company: createCompanyService(),
    contact: createContactService(),
    interaction: createInteractionService(),
  };
}

export type { Services };
