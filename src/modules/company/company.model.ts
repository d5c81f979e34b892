import { ARCHIVABLE_COLUMNS, ARCHIVABLE_FIELDS, defineReadModel } from '../../db/read-model.js';

/** The seven columns of an address, keyed as `addressFromRow` reads them (`addressLine1`, `addressTown`...). */
export function addressReadColumns(key: string, column: string): Record<string, string> {
  const parts = { Line1: 'line1', Line2: 'line2', Town: 'town', County: 'county', Postcode: 'postcode', AreaId: 'area_id', CountryId: 'country_id' };
  return Object.fromEntries(Object.entries(parts).map(([k, c]) => [`${key}${k}`, `${column}_${c}`]));
}

/** How the read side sees the company table: row keys, columns, and what may be filtered and sorted. */
export const companyModel = defineReadModel({
  name: 'Company',
  table: 'company',
  columns: {
    id: 'id',
    name: 'name',
    tradingNames: 'trading_names',
    companyNumber: 'company_number',
    vatNumber: 'vat_number',
    referenceCode: 'reference_code',
    dunsNumber: 'duns_number',
    globalUltimateDunsNumber: 'global_ultimate_duns_number',
    businessTypeId: 'business_type_id',
    sectorId: 'sector_id',
    employeeRangeId: 'employee_range_id',
    turnoverRangeId: 'turnover_range_id',
    numberOfEmployees: 'number_of_employees',
    turnover: 'turnover',
    description: 'description',
    website: 'website',
    ...addressReadColumns('address', 'address'),
    ...addressReadColumns('registeredAddress', 'registered_address'),
    ukRegionId: 'uk_region_id',
    headquarterTypeId: 'headquarter_type_id',
    globalHeadquartersId: 'global_headquarters_id',
    oneListTierId: 'one_list_tier_id',
    oneListAccountOwnerId: 'one_list_account_owner_id',
    ...ARCHIVABLE_COLUMNS,
  },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    name: { column: 'name', type: 'string', sort: true },
    companyNumber: { column: 'company_number', type: 'string', sort: true },
    vatNumber: { column: 'vat_number', type: 'string' },
    dunsNumber: { column: 'duns_number', type: 'string', sort: true },
    businessTypeId: { column: 'business_type_id', type: 'id' },
    sectorId: { column: 'sector_id', type: 'id' },
    employeeRangeId: { column: 'employee_range_id', type: 'id' },
    turnoverRangeId: { column: 'turnover_range_id', type: 'id' },
    numberOfEmployees: { column: 'number_of_employees', type: 'int', sort: true },
    turnover: { column: 'turnover', type: 'float', sort: true },
    addressTown: { column: 'address_town', type: 'string', sort: true, reveals: 'address' },
    addressPostcode: { column: 'address_postcode', type: 'string', sort: true, reveals: 'address' },
    addressAreaId: { column: 'address_area_id', type: 'id', reveals: 'address' },
    addressCountryId: { column: 'address_country_id', type: 'id', reveals: 'address' },
    ukRegionId: { column: 'uk_region_id', type: 'id' },
    headquarterTypeId: { column: 'headquarter_type_id', type: 'id' },
    globalHeadquartersId: { column: 'global_headquarters_id', type: 'id' },
    oneListTierId: { column: 'one_list_tier_id', type: 'id' },
    oneListAccountOwnerId: { column: 'one_list_account_owner_id', type: 'id' },
    ...ARCHIVABLE_FIELDS,
  },
  defaultOrder: [{ field: 'name', direction: 'ASC' }],
});
