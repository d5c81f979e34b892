import { can, viewContactPersonalData, type ReadRules, type RuleTree } from '../../graphql/rules.js';

/** Who may read contacts, wherever they appear (a mutation's result included). */
export const contactReaders: ReadRules = { Contact: can('view_contact') };

/**
 * Who may read and write contacts. Their personal data (email, telephone) is guarded wherever a contact
 * appears, a mutation's result included: `view_contact` for advisers, and `contact:pii` as well for
 * partner clients. A company's contacts need `view_contact`, and a contact's company `view_company`.
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
    email: viewContactPersonalData,
    fullTelephoneNumber: viewContactPersonalData,
  },
};
