import type { Sql } from '../../db/read-model.js';
import { ARCHIVED_FILTER, guardedJson, isoInstant, textArray, withWhere, type GuardedSource, type SearchMapping } from '../../search/mapping.js';
import { companyModel } from '../company/index.js';
import { contactModel } from './contact.model.js';
import { ContactType } from './contact.types.js';

/**
 * What a contact's document shows through fields with read rules: email and telephone (personal data) and
 * its company's name (`Contact.company` needs `view_company`).
 */
const guarded: GuardedSource[] = [
  { field: 'Contact.email', as: 'identifier', values: textArray('t.email') },
  { field: 'Contact.fullTelephoneNumber', as: 'identifier', values: textArray('t.full_telephone_number') },
  { field: 'Contact.company', as: 'text', values: textArray('c.name') },
];

/**
 * A contact's search document: the full name; the job title as text; email, telephone and its company's name
 * as guarded text, which matches only for callers who may read those fields.
 */
export const contactSearch: SearchMapping = {
  entity: 'contact',
  position: 20,
  typeName: 'Contact',
  nodeType: ContactType,
  query: 'searchContacts',
  readModel: contactModel,
  permission: 'view_contact',
  documentsSql: (where: Sql) =>
    withWhere(
      `select t.id, json_build_object(
         'names', array[t.first_name || ' ' || t.last_name],
         'identifiers', array[]::text[],
         'text', ${textArray('t.job_title')},
         'guarded', ${guardedJson(guarded)},
         'fields', json_build_object(
           'name', lower(t.first_name || ' ' || t.last_name),
           'archived', t.archived,
           'companyArchived', c.archived,
           'companyId', t.company_id,
           'modifiedOn', ${isoInstant('t.modified_on')})
       ) as doc
       from contact t join company c on c.id = t.company_id`,
      where,
    ),
  guarded,
  sources: [
    { table: 'contact', documentIds: 'select changed.id' },
    { table: 'company', columns: ['id', 'name', 'archived'], documentIds: 'select c.id from contact c where c.company_id = changed.id' },
  ],
  filters: {
    companyIds: { kind: 'terms', field: 'companyId', description: 'At any of these companies.', values: { record: companyModel, permission: 'view_company' } },
    archived: { kind: 'boolean', field: 'archived', description: ARCHIVED_FILTER },
  },
  sorts: { NAME: 'name', MODIFIED_ON: 'modifiedOn' },
  shows: { name: 'name', modifiedOn: 'modifiedOn', archived: 'archived', companyId: 'company' },
  export: {
    permission: 'export_contact',
    fileName: 'contacts',
    rowsSql: (where: Sql) =>
      withWhere(
        `select t.id as "ID", t.first_name as "First name", t.last_name as "Last name", t.job_title as "Job title",
                c.name as "Company", t.email as "Email", t.full_telephone_number as "Telephone",
                t.archived as "Archived", ${isoInstant('t.modified_on')} as "Modified on"
           from contact t join company c on c.id = t.company_id`,
        where,
      ),
  },
};
