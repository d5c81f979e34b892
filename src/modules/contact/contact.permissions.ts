import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { hasPermission } from '../../auth/permissions.js';
import { can, clientHas, defineRule, missing, missingScope, type ReadRules, type RuleTree } from '../../graphql/rules.js';

/** Contacts' permission codenames, the scopes that grant them to partner clients, and the groups that have them. */
export const contactAccess = defineAccess({
  permissions: {
    view_contact: 'Read contacts, their email and telephone included.',
    add_contact: 'Create contacts.',
    change_contact: 'Change contacts.',
    archive_contact: 'Archive and unarchive contacts.',
    export_contact: 'Export contacts in bulk: the CSV of a contact search (exportUrl), up to 5,000 rows.',
  },
  scopes: {
    'contact:read': { grants: ['view_contact'], description: 'contact and contacts, and contacts wherever they appear, without email and telephone.' },
    'contact:pii': { grants: [], description: "Contacts' email and telephone number (with contact:read)." },
    'contact:write': {
      grants: ['add_contact', 'change_contact'],
      description:
        'createContact and updateContact (not archiving); setting an email (createContact needs one) needs contact:read and contact:pii too, and without contact:read a result shows its id only.',
    },
  },
  grants: {
    DIT_staff: ['view_contact', 'add_contact', 'change_contact', 'archive_contact'],
    DA: ['view_contact', 'add_contact', 'change_contact'],
    LEP: ['view_contact'],
    'Read-only analyst': ['view_contact', 'export_contact'],
  },
});

// The codenames and scopes as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof contactAccess> {}
  interface ScopeNames extends ScopesOf<typeof contactAccess> {}
}

/** A contact's email and telephone: advisers with `view_contact`; clients need `contact:pii` as well. */
export const viewContactPersonalData = defineRule('viewContactPersonalData', '`view_contact`; scopes `contact:read` and `contact:pii`', 'contextual', (_parent, ctx) =>
  ctx.viewer.kind === 'adviser'
    ? hasPermission(ctx.viewer, 'view_contact') || missing('view_contact')
    : (ctx.viewer.permissions.has('view_contact') && clientHas(ctx, 'contact:pii')) || missingScope('contact:pii'),
);

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
