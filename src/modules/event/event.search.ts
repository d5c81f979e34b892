import type { Sql } from '../../db/read-model.js';
import { guardedJson, isoInstant, textArray, withWhere, type SearchMapping } from '../../search/mapping.js';
import { teamModel } from '../adviser/index.js';
import { eventModel, eventReferenceModels } from './event.model.js';
import { EventObjectType } from './event.types.js';

/**
 * An event's search document: its name; its town and postcode as text; its type, dates, teams and whether it
 * is disabled as fields to filter and sort on. Nothing in it is guarded: whoever may find events may read
 * every field it shows.
 */
export const eventSearch: SearchMapping = {
  entity: 'event',
  position: 50,
  typeName: 'Event',
  nodeType: EventObjectType,
  query: 'searchEvents',
  readModel: eventModel,
  permission: 'view_event',
  documentsSql: (where: Sql) =>
    withWhere(
      `select t.id, json_build_object(
         'names', array[t.name],
         'identifiers', array[]::text[],
         'text', ${textArray('t.address_town', 't.address_postcode')},
         'guarded', ${guardedJson([])},
         'fields', json_build_object(
           'name', lower(t.name),
           'eventTypeId', t.event_type_id,
           'startDate', to_char(t.start_date, 'YYYY-MM-DD'),
           'teamIds', array(select et.team_id from event_team et where et.event_id = t.id order by et.team_id),
           'disabled', t.disabled_on is not null,
           'modifiedOn', ${isoInstant('t.modified_on')})
       ) as doc
       from event t`,
      where,
    ),
  guarded: [],
  sources: [
    { table: 'event', documentIds: 'select changed.id' },
    { table: 'event_team', documentIds: 'select changed.event_id' },
  ],
  filters: {
    eventTypeIds: { kind: 'terms', field: 'eventTypeId', description: 'Of any of these event types.', values: { reference: eventReferenceModels.eventType } },
    teamIds: { kind: 'terms', field: 'teamIds', description: 'Run by any of these teams.', values: { reference: teamModel } },
    startDate: { kind: 'dateRange', field: 'startDate', description: 'Starting in this range.' },
    disabled: { kind: 'boolean', field: 'disabled', description: 'Disabled or not (both when absent).' },
  },
  sorts: { NAME: 'name', START_DATE: 'startDate', MODIFIED_ON: 'modifiedOn' },
  shows: { name: 'name', eventTypeId: 'eventType', startDate: 'startDate', teamIds: 'teams', disabled: 'disabledOn', modifiedOn: 'modifiedOn' },
};
