import { ARCHIVABLE_COLUMNS, ARCHIVABLE_FIELDS, defineReadModel, float, int, text, textArray, timestamp, uuid, type RowOf } from '../../db/read-model.js';
import { addressReadColumns } from './address.js';

// index.ts exports the address's read columns from this file.

/** How the read side sees the company table: row keys, columns, and what may be filtered and sorted. */
export const companyModel = defineReadModel({
  name: 'Company',
  table: 'company',
  columns: {
    id: uuid('id'),
    name: text('name'),
    tradingNames: textArray('trading_names'),
    companyNumber: text('company_number').orNull(),
    vatNumber: text('vat_number').orNull(),
    referenceCode: text('reference_code').orNull(),
    dunsNumber: text('duns_number').orNull(),
    globalUltimateDunsNumber: text('global_ultimate_duns_number').orNull(),
    businessTypeId: uuid('business_type_id').orNull(),
    sectorId: uuid('sector_id').orNull(),
    employeeRangeId: uuid('employee_range_id').orNull(),
    turnoverRangeId: uuid('turnover_range_id').orNull(),
    numberOfEmployees: int('number_of_employees').orNull(),
    turnover: float('turnover').orNull(),
    description: text('description').orNull(),
    website: text('website').orNull(),
    ...addressReadColumns('address', 'address', { required: true }),
    ...addressReadColumns('registeredAddress', 'registered_address'),
    ukRegionId: uuid('uk_region_id').orNull(),
    headquarterTypeId: uuid('headquarter_type_id').orNull(),
    globalHeadquartersId: uuid('global_headquarters_id').orNull(),
    oneListTierId: uuid('one_list_tier_id').orNull(),
    oneListAccountOwnerId: uuid('one_list_account_owner_id').orNull(),
    transferredToId: uuid('transferred_to_id').orNull(),
    transferReason: text('transfer_reason').orNull(),
    transferredOn: timestamp('transferred_on').orNull(),
    transferredById: uuid('transferred_by_id').orNull(),
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
    transferredToId: { column: 'transferred_to_id', type: 'id' },
    ...ARCHIVABLE_FIELDS,
  },
  defaultOrder: [{ field: 'name', direction: 'ASC' }],
});

/** A company as the read side returns it. */
export type CompanyRow = RowOf<typeof companyModel>;
