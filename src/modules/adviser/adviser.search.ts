import type { Sql } from '../../db/read-model.js';
import { guardedJson, textArray, withWhere, type GuardedSource, type SearchMapping } from '../../search/mapping.js';
import { adviserModel, teamModel } from './adviser.model.js';
import { AdviserType } from './adviser.types.js';

/** An adviser's emails are contact details, readable with `view_advisor` (and never by partner clients). */
const guarded: GuardedSource[] = [
  { field: 'Adviser.email', as: 'identifier', values: textArray('t.email') },
  { field: 'Adviser.contactEmail', as: 'identifier', values: textArray('t.contact_email') },
];

/** An adviser's search document: the name; the team's name as text; the emails as guarded identifiers. */
export const adviserSearch: SearchMapping = {
  entity: 'adviser',
  position: 40,
  typeName: 'Adviser',
  nodeType: AdviserType,
  query: 'searchAdvisers',
  readModel: adviserModel,
  permission: 'view_advisor',
  documentsSql: (where: Sql) =>
    withWhere(
      `select t.id, json_build_object(
         'names', array[t.first_name || ' ' || t.last_name],
         'identifiers', array[]::text[],
         'text', ${textArray('team.name')},
         'guarded', ${guardedJson(guarded)},
         'fields', json_build_object(
           'name', lower(t.first_name || ' ' || t.last_name),
           'isActive', t.is_active,
           'teamId', t.dit_team_id)
       ) as doc
       from adviser t left join metadata_team team on team.id = t.dit_team_id`,
      where,
    ),
  guarded,
  sources: [
    { table: 'adviser', documentIds: 'select changed.id' },
    // Reference data: a renamed team renames it in its advisers' documents.
    { table: 'metadata_team', columns: ['id', 'name'], documentIds: 'select a.id from adviser a where a.dit_team_id = changed.id' },
  ],
  filters: {
    teamIds: { kind: 'terms', field: 'teamId', description: 'In any of these teams.', values: { reference: teamModel } },
    isActive: { kind: 'boolean', field: 'isActive', description: 'Active or not (both when absent).' },
  },
  sorts: { NAME: 'name' },
  shows: { name: 'name', isActive: 'isActive', teamId: 'team' },
};
