import { can, readPublicCompany, type RuleTree } from '../../graphql/rules.js';

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
};
