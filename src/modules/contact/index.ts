import { registerEmbed } from '../../graphql/lookahead.js';
import { trackedFieldResolvers } from '../adviser/index.js';
import { contactModel } from './contact.model.js';
import { ContactResolver } from './contact.resolver.js';
import { CompanyContactsField, ContactFields, ContactType } from './contact.types.js';
import { defineModule } from '../../module.js';
import { contactReasons as reasons } from './contact.reasons.js';
import { contactDemo as demo } from './contact.demo.js';
export { CONTACTS_ADDED_WITHIN_DAYS } from './contact.demo.js';
import { contactSearch as search } from './contact.search.js';
import { Contact as ContactEntity } from './contact.entity.js';
import { contactPermissions as rules, contactReaders as readers, contactAccess as access } from './contact.permissions.js';
import { createContactService as createService } from './contact.service.js';

export { Contact } from './contact.entity.js';
export { contactModel } from './contact.model.js';
export { ContactConnection, ContactListArgs, ContactType } from './contact.types.js';
export { createContactService, type ContactService } from './contact.service.js';
export { contactPermissions, contactReaders } from './contact.permissions.js';

export const contactResolvers = [ContactResolver, ContactFields, CompanyContactsField, trackedFieldResolvers(ContactType, true)];

// Look-ahead: a company's first page of contacts comes in the company's statement when asked for.
registerEmbed('Company', 'contacts', { kind: 'connection', model: contactModel, link: 'company_id', nodeType: 'Contact' });

// The module's service, as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../../graphql/context.js' {
  interface Services {
    contact: import('./contact.service.js').ContactService;
  }
}

/** Contacts at companies (src/module.ts). */
export const contactModule = defineModule({
  name: 'contact',
  entities: [ContactEntity],
  resolvers: contactResolvers,
  rules,
  access,
  reasons,
  demo,
  readers,
  audited: [{ entity: ContactEntity }],
  services: () => ({ contact: createService() }),
  search,
});
