import { ARCHIVABLE_COLUMNS, ARCHIVABLE_FIELDS, bool, defineReadModel, jsonb, text, timestamp, uuid, type RowOf } from '../../db/read-model.js';
import { addressReadColumns } from '../company/index.js';

export const contactModel = defineReadModel({
  name: 'Contact',
  table: 'contact',
  columns: {
    id: uuid('id'),
    titleId: uuid('title_id').orNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    jobTitle: text('job_title').orNull(),
    companyId: uuid('company_id'),
    primary: bool('primary'),
    email: text('email'),
    fullTelephoneNumber: text('full_telephone_number').orNull(),
    addressSameAsCompany: bool('address_same_as_company'),
    ...addressReadColumns('address', 'address'),
    notes: text('notes').orNull(),
    consentData: jsonb('consent_data').orNull(),
    consentDataLastModified: timestamp('consent_data_last_modified').orNull(),
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

/** A contact as the read side returns it. */
export type ContactRow = RowOf<typeof contactModel>;
