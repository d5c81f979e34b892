import type { Sql } from '../../db/read-model.js';
import { isoInstant, textArray, withWhere, type SearchMapping } from '../../search/mapping.js';
import { contactModel } from './contact.model.js';

/**
 * A contact's search document: the full name; its company's name and the job title as text; email and
 * telephone as personal data, which match only for callers who may see them.
 */
export const contactSearch: SearchMapping = {
  entity: 'contact',
  typeName: 'Contact',
  readModel: contactModel,
  permission: 'view_contact',
  documentsSql: (where: Sql) =>
    withWhere(
      `select t.id, json_build_object(
         'names', array[t.first_name || ' ' || t.last_name],
         'identifiers', array[]::text[],
         'text', ${textArray('c.name', 't.job_title')},
         'personal', ${textArray('t.email', 't.full_telephone_number')},
         'fields', json_build_object(
           'name', lower(t.first_name || ' ' || t.last_name),
           'archived', t.archived,
           'companyId', t.company_id,
           'modifiedOn', ${isoInstant('t.modified_on')})
       ) as doc
       from contact t join company c on c.id = t.company_id`,
      where,
    ),
  sources: [
    { table: 'contact', documentIds: 'select changed.id' },
    { table: 'company', columns: ['id', 'name'], documentIds: 'select c.id from contact c where c.company_id = changed.id' },
  ],
  filters: {
    companyIds: { kind: 'terms', field: 'companyId', description: 'At any of these companies.' },
    archived: { kind: 'boolean', field: 'archived', description: 'Archived or not (both when absent).' },
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
