import { ARCHIVABLE_COLUMNS, ARCHIVABLE_FIELDS, defineReadModel } from '../../db/read-model.js';
import { addressReadColumns } from '../company/index.js';

export const contactModel = defineReadModel({
  name: 'Contact',
  table: 'contact',
  columns: {
    id: 'id',
    titleId: 'title_id',
    firstName: 'first_name',
    lastName: 'last_name',
    jobTitle: 'job_title',
    companyId: 'company_id',
    primary: 'primary',
    email: 'email',
    fullTelephoneNumber: 'full_telephone_number',
    addressSameAsCompany: 'address_same_as_company',
    ...addressReadColumns('address', 'address'),
    notes: 'notes',
    ...ARCHIVABLE_COLUMNS,
  },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    firstName: { column: 'first_name', type: 'string', sort: true },
    lastName: { column: 'last_name', type: 'string', sort: true },
    jobTitle: { column: 'job_title', type: 'string', sort: true },
    email: { column: 'email', type: 'string', sort: true },
    companyId: { column: 'company_id', type: 'id' },
    primary: { column: 'primary', type: 'boolean', sort: true },
    addressSameAsCompany: { column: 'address_same_as_company', type: 'boolean' },
    addressCountryId: { column: 'address_country_id', type: 'id', reveals: 'address' },
    ...ARCHIVABLE_FIELDS,
    // For the row-level rule that hides the records of archived companies from partners (src/auth/row-rules.ts).
    companyArchived: { column: 'company_id', type: 'boolean', internal: true, sql: '(select c.archived from company c where c.id = t.company_id)' },
  },
  defaultOrder: [{ field: 'lastName', direction: 'ASC' }, { field: 'firstName', direction: 'ASC' }],
});
