import { adviserSearch } from '../modules/adviser/index.js';
import { companySearch } from '../modules/company/index.js';
import { contactSearch } from '../modules/contact/index.js';
import { interactionSearch } from '../modules/interaction/index.js';
import type { SearchMapping } from './mapping.js';
import type { SearchEntity } from './search.types.js';

/** Every searchable entity's mapping, by entity; global search goes through them in this order. */
export const SEARCH_MAPPINGS: Record<SearchEntity, SearchMapping> = {
  company: companySearch,
  contact: contactSearch,
  interaction: interactionSearch,
  adviser: adviserSearch,
};
