import type { Sql } from '../../db/read-model.js';
import { ARCHIVED_FILTER, guardedJson, isoInstant, textArray, withWhere, type GuardedSource, type SearchMapping } from '../../search/mapping.js';
import { adviserModel } from '../adviser/index.js';
import { companyModel } from '../company/index.js';
import { metadataModels } from '../metadata/index.js';
import { InteractionKind, InteractionStatus } from './interaction.enums.js';
import { interactionModel } from './interaction.model.js';
import { InteractionType } from './interaction.types.js';

/**
 * What an interaction's document shows through fields with read rules: its companies' names (`view_company`)
 * and its contacts' names (`view_contact`).
 */
const guarded: GuardedSource[] = [
  { field: 'Interaction.company', as: 'text', values: textArray('c.name') },
  { field: 'Interaction.companies', as: 'text', values: 'companies.names' },
  { field: 'Interaction.contacts', as: 'text', values: 'contacts.names' },
];

/** The interactions an adviser's change shows in: those they took part in, and those of projects they have a role on. */
const ADVISER_DOCUMENTS = `select p.interaction_id from interaction_dit_participant p where p.adviser_id = changed.id
                    union select i.id from interaction i join investment_project ip on ip.id = i.investment_project_id
                     where changed.id in (ip.created_by_id, ip.client_relationship_manager_id, ip.project_manager_id, ip.project_assurance_adviser_id)
                    union select i.id from interaction i join investment_project_team_member m on m.investment_project_id = i.investment_project_id
                     where m.adviser_id = changed.id`;

/**
 * An interaction's search document: its subject; its participants' names as text; its companies' and
 * contacts' names as guarded text. Filters: kind, status, companies, advisers (participants), date range and service.
 */
export const interactionSearch: SearchMapping = {
  entity: 'interaction',
  position: 30,
  typeName: 'Interaction',
  nodeType: InteractionType,
  query: 'searchInteractions',
  readModel: interactionModel,
  // All of them, or those of the caller's team's projects (the row rule on investmentProjectAssociatedTeamId).
  permission: ['view_all_interaction', 'view_associated_investmentproject_interaction'],
  documentsSql: (where: Sql) =>
    withWhere(
      `select t.id, json_build_object(
         'names', array[t.subject],
         'identifiers', array[]::text[],
         'text', participants.names,
         'guarded', ${guardedJson(guarded)},
         'fields', json_build_object(
           'name', lower(t.subject),
           'archived', t.archived,
           'companyArchived', c.archived,
           'kind', t.kind,
           'status', t.status,
           'date', to_char(t.date, 'YYYY-MM-DD'),
           'serviceId', t.service_id,
           'companyIds', array_prepend(t.company_id, companies.ids),
           'adviserIds', participants.ids,
           -- For the associated-projects rule (interaction.row-rules.ts): the teams of its project.
           'investmentProjectAssociatedTeamId', array(select a.team_id from investment_project_associated_team a where a.investment_project_id = t.investment_project_id),
           'modifiedOn', ${isoInstant('t.modified_on')})
       ) as doc
       from interaction t
       join company c on c.id = t.company_id
       cross join lateral (select coalesce(array_agg(x.name), '{}') as names, coalesce(array_agg(x.id), '{}') as ids
                             from interaction_company ic join company x on x.id = ic.company_id
                            where ic.interaction_id = t.id and ic.company_id <> t.company_id) companies
       cross join lateral (select coalesce(array_agg(x.first_name || ' ' || x.last_name), '{}') as names
                             from interaction_contact ic join contact x on x.id = ic.contact_id where ic.interaction_id = t.id) contacts
       cross join lateral (select coalesce(array_agg(a.first_name || ' ' || a.last_name), '{}') as names, coalesce(array_agg(distinct a.id), '{}') as ids
                             from interaction_dit_participant p join adviser a on a.id = p.adviser_id where p.interaction_id = t.id) participants`,
      where,
    ),
  guarded,
  sources: [
    { table: 'interaction', documentIds: 'select changed.id' },
    { table: 'interaction_company', documentIds: 'select changed.interaction_id' },
    { table: 'interaction_contact', documentIds: 'select changed.interaction_id' },
    { table: 'interaction_dit_participant', documentIds: 'select changed.interaction_id' },
    {
      table: 'company',
      columns: ['id', 'name', 'archived'],
      documentIds: `select i.id from interaction i where i.company_id = changed.id
                    union select ic.interaction_id from interaction_company ic where ic.company_id = changed.id`,
    },
    { table: 'contact', columns: ['id', 'first_name', 'last_name'], documentIds: 'select ic.interaction_id from interaction_contact ic where ic.contact_id = changed.id' },
    // An adviser's name shows on the interactions they took part in; their team decides which teams the
    // interactions of the projects they have a role on are associated with.
    { table: 'adviser', columns: ['id', 'first_name', 'last_name', 'dit_team_id'], documentIds: ADVISER_DOCUMENTS },
    // The teams a project is associated with: its advisers' and its team members'.
    {
      table: 'investment_project',
      columns: ['id', 'created_by_id', 'client_relationship_manager_id', 'project_manager_id', 'project_assurance_adviser_id'],
      documentIds: 'select i.id from interaction i where i.investment_project_id = changed.id',
    },
    { table: 'investment_project_team_member', documentIds: 'select i.id from interaction i where i.investment_project_id = changed.investment_project_id' },
  ],
  filters: {
    kinds: { kind: 'terms', field: 'kind', description: 'Any of these kinds.', values: { enum: InteractionKind } },
    statuses: { kind: 'terms', field: 'status', description: 'In any of these statuses (drafts: DRAFT).', values: { enum: InteractionStatus } },
    companyIds: { kind: 'terms', field: 'companyIds', description: 'With any of these companies.', values: { record: companyModel, permission: 'view_company' } },
    adviserIds: { kind: 'terms', field: 'adviserIds', description: 'With any of these advisers taking part.', values: { record: adviserModel, permission: 'view_advisor' } },
    serviceIds: { kind: 'terms', field: 'serviceId', description: 'For any of these services.', values: { reference: metadataModels.service } },
    date: { kind: 'dateRange', field: 'date', description: 'Dated in this range.' },
    archived: { kind: 'boolean', field: 'archived', description: ARCHIVED_FILTER },
  },
  sorts: { DATE: 'date', SUBJECT: 'name', MODIFIED_ON: 'modifiedOn' },
  shows: { date: 'date', name: 'subject', modifiedOn: 'modifiedOn', archived: 'archived', kind: 'kind', status: 'status', companyIds: 'companies', adviserIds: 'participants', serviceId: 'service' },
  export: {
    permission: 'export_interaction',
    fileName: 'interactions',
    rowsSql: (where: Sql) =>
      withWhere(
        `select t.id as "ID", t.date as "Date", t.kind as "Kind", t.subject as "Subject", c.name as "Company",
                service.name as "Service",
                (select string_agg(a.first_name || ' ' || a.last_name, '; ' order by a.last_name, a.first_name)
                   from interaction_dit_participant p join adviser a on a.id = p.adviser_id where p.interaction_id = t.id) as "Advisers",
                t.archived as "Archived", ${isoInstant('t.modified_on')} as "Modified on"
           from interaction t join company c on c.id = t.company_id
           left join metadata_service service on service.id = t.service_id`,
        where,
      ),
  },
};
