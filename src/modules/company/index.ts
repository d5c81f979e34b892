import { registerEmbed } from '../../graphql/lookahead.js';
import { trackedFieldResolvers } from '../adviser/index.js';
import { companyModel } from './company.model.js';
import { CompanyResolver } from './company.resolver.js';
import { AddressFields, CompanyFields, CompanySharedFields, CompanyType } from './company.types.js';
import { CompanyExportCountryChangeFields, CompanyExportCountryFields, CompanyExportCountryListFields, CompanyExportCountryResolver } from './export-country.types.js';
import { CompanyViewerCanField, CompanyViewerCanFields } from './company.viewer-can.js';
import { AdviserManagedCompaniesField, CompanyOneListFields } from './company.one-list.js';
import { PublicCompanyFields, PublicCompanyResolver, PublicCompanySharedFields } from './public-company.js';
import { defineModule } from '../../module.js';
import { companyReasons as reasons } from './company.reasons.js';
import { companyDemo as demo } from './company.demo-steps.js';
export { type CompanyRef } from './company.demo.js';
export { addressColumnNames, addressColumns, makeAddress, pickCountry } from './demo-address.js';
import { companySearch as search } from './company.search.js';
import { Company as CompanyEntity } from './company.entity.js';
import { companyPermissions as rules, companyReaders as readers, companyAccess as access } from './company.permissions.js';
import { createCompanyService as createService } from './company.service.js';
import { CompanyExportCountry as ExportCountryEntity, CompanyExportCountryHistory } from './export-country.entity.js';

export { Company } from './company.entity.js';
export { CompanyExportCountry, ExportCountryStatus } from './export-country.entity.js';
export { companyModel } from './company.model.js';
export { addressEntityData, addressFromRow, addressOfEntity, addressReadColumns, normaliseAddress, type AddressState } from './address.js';
export { AddressInput } from './company.input.js';
export { AddressType, CompanyConnection, CompanyListArgs, CompanyType } from './company.types.js';
export { addressReferenceIds, checkAddress } from './company.rules.js';
export { createCompanyService, type CompanyService } from './company.service.js';
export { visibleCompany } from './company.visible.js';
export { CompanyViewerCan } from './company.viewer-can.js';
export { checkExportCountries, exportRecordDate } from './export-country.rules.js';
export { mergeExportCountries } from './export-country.service.js';
export { companyPermissions, companyReaders } from './company.permissions.js';

export const companyResolvers = [
  CompanyResolver,
  CompanyFields,
  CompanySharedFields,
  AddressFields,
  trackedFieldResolvers(CompanyType, true),
  PublicCompanyResolver,
  CompanyExportCountryResolver,
  CompanyExportCountryListFields,
  CompanyExportCountryFields,
  CompanyExportCountryChangeFields,
  PublicCompanyFields,
  PublicCompanySharedFields,
  CompanyViewerCanField,
  CompanyViewerCanFields,
  CompanyOneListFields,
  AdviserManagedCompaniesField,
];

// Look-ahead: the first page of subsidiaries comes in its parent's statement when asked for.
registerEmbed('Company', 'subsidiaries', { kind: 'connection', model: companyModel, link: 'global_headquarters_id', nodeType: 'Company' });

// The module's service, as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../../graphql/context.js' {
  interface Services {
    company: import('./company.service.js').CompanyService;
  }
}

/** Companies, their export countries and the public company view (src/module.ts). */
export const companyModule = defineModule({
  name: 'company',
  entities: [CompanyEntity, ExportCountryEntity, CompanyExportCountryHistory],
  resolvers: companyResolvers,
  rules,
  access,
  reasons,
  demo,
  readers,
  // An export country is recorded as its own row; its changes name the company, as Data Hub's history does.
  audited: [{ entity: CompanyEntity }, { entity: ExportCountryEntity }],
  services: () => ({ company: createService() }),
  search,
});
