import type { Config } from './config/config.js';
import { createCompanyService } from './modules/company/index.js';
import { createContactService } from './modules/contact/index.js';
import { createInteractionService } from './modules/interaction/index.js';

/** The composition root of the module services; a service never constructs another. */
export function createServices(_deps: { config: Config }) {
  return {
    company: createCompanyService(),
    contact: createContactService(),
    interaction: createInteractionService(),
  };
}

export type Services = ReturnType<typeof createServices>;
