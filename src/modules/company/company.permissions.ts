import { can, readPublicCompany, type ReadRules, type RuleTree } from '../../graphql/rules.js';

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
};
