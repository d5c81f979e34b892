import { can, type RuleTree } from '../../graphql/rules.js';

/**
 * Who may read and write contacts. Their personal data (email, telephone) needs `view_contact` wherever a
 * contact appears, a mutation's result included; so do a company's contacts, and a contact's company
 * needs `view_company`.
 */
export const contactPermissions: RuleTree = {
  Query: {
    contact: can('view_contact'),
    contacts: can('view_contact'),
  },
  Mutation: {
    createContact: can('add_contact'),
    updateContact: can('change_contact'),
    archiveContact: can('archive_contact'),
    unarchiveContact: can('archive_contact'),
  },
  Company: {
    contacts: can('view_contact'),
  },
  Contact: {
    company: can('view_company'),
    email: can('view_contact'),
    fullTelephoneNumber: can('view_contact'),
  },
};
