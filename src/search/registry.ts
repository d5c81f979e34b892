import { adviserSearch } from '../modules/adviser/adviser.search.js';
import { companySearch } from '../modules/company/company.search.js';
import { contactSearch } from '../modules/contact/contact.search.js';
import { interactionSearch } from '../modules/interaction/interaction.search.js';
import type { SearchMapping } from './mapping.js';
import type { SearchEntity } from './search.types.js';

/** Every searchable entity's mapping, by entity; global search goes through them in this order. */
export const SEARCH_MAPPINGS: Record<SearchEntity, SearchMapping> = {
  company: companySearch,
  contact: contactSearch,
  interaction: interactionSearch,
  adviser: adviserSearch,
};
