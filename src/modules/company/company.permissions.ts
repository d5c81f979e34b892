import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { hasPermission } from '../../auth/permissions.js';
import { can, clientHas, defineRule, missing, missingScope, type ReadRules, type RuleTree } from '../../graphql/rules.js';

/** Companies' permission codenames, the scopes that grant them to partner clients, and the groups that have them. */
export const companyAccess = defineAccess({
  permissions: {
    view_company: 'Read companies.',
    add_company: 'Create companies.',
    change_company: 'Change companies.',
    archive_company: 'Archive and unarchive companies.',
    export_company: 'Export companies in bulk: the CSV of a company search (exportUrl), up to 5,000 rows.',
  },
  scopes: {
    'company:read': { grants: ['view_company'], description: 'company and companies: every company field; related contacts and interactions need their own scopes.' },
    'company:write': {
      grants: ['add_company', 'change_company'],
      description: 'createCompany and updateCompany (not archiving); without company:read a result shows its id only, and a DUNS number cannot be set.',
    },
  },
  grants: {
    DIT_staff: ['view_company', 'add_company', 'change_company', 'archive_company'],
    DA: ['view_company'],
    LEP: ['view_company'],
    'Read-only analyst': ['view_company', 'export_company'],
  },
});

// The codenames and scopes as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof companyAccess> {}
  interface ScopeNames extends ScopesOf<typeof companyAccess> {}
}

/** Public company data: advisers who may view companies, and clients with `public_company` or `company:read`. */
export const readPublicCompany = defineRule('readPublicCompany', '`view_company`; scope `public_company` or `company:read`', 'contextual', (_parent, ctx) =>
  ctx.viewer.kind === 'adviser'
    ? hasPermission(ctx.viewer, 'view_company') || missing('view_company')
    : hasPermission(ctx.viewer, 'view_company') || clientHas(ctx, 'public_company') || missingScope('public_company'),
);

/** Who may read companies, wherever they appear (a mutation's result included). */
export const companyReaders: ReadRules = { Company: can('view_company'), PublicCompany: readPublicCompany };

/** Who may read and write companies. Company → contacts / interactions are guarded in those modules. */
export const companyPermissions: RuleTree = {
  Query: {
    company: can('view_company'),
    companies: can('view_company'),
    publicCompany: readPublicCompany,
    publicCompanies: readPublicCompany,
  },
  Mutation: {
    createCompany: can('add_company'),
    updateCompany: can('change_company'),
    archiveCompany: can('archive_company'),
    unarchiveCompany: can('archive_company'),
    updateCompanyExportCountries: can('change_company'),
  },
  // An adviser's managed companies are companies: the same permission as any list of them.
  Adviser: {
    managedCompanies: can('view_company'),
  },
};
