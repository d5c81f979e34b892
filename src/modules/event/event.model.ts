import { date, defineReadModel, text, timestamp, uuid, type RowOf } from '../../db/read-model.js';
import { addressReadColumns } from '../company/index.js';
import { referenceModel } from '../metadata/index.js';

/** The event module's own reference tables, read as the metadata module's are. */
export const eventReferenceModels = {
  eventType: referenceModel('EventType', 'metadata_event_type'),
  locationType: referenceModel('LocationType', 'metadata_location_type'),
  programme: referenceModel('Programme', 'metadata_programme'),
};

export const eventModel = defineReadModel({
  name: 'Event',
  table: 'event',
  columns: {
    id: uuid('id'),
    name: text('name'),
    eventTypeId: uuid('event_type_id'),
    startDate: date('start_date'),
    endDate: date('end_date'),
    locationTypeId: uuid('location_type_id').orNull(),
    ...addressReadColumns('address', 'address'),
    ukRegionId: uuid('uk_region_id').orNull(),
    notes: text('notes').orNull(),
    leadTeamId: uuid('lead_team_id').orNull(),
    organiserId: uuid('organiser_id').orNull(),
    serviceId: uuid('service_id').orNull(),
    disabledOn: timestamp('disabled_on').orNull(),
    createdOn: timestamp('created_on'),
    createdById: uuid('created_by_id').orNull(),
    modifiedOn: timestamp('modified_on'),
    modifiedById: uuid('modified_by_id').orNull(),
  },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    name: { column: 'name', type: 'string', sort: true },
    eventTypeId: { column: 'event_type_id', type: 'id' },
    startDate: { column: 'start_date', type: 'date', sort: true },
    endDate: { column: 'end_date', type: 'date', sort: true },
    locationTypeId: { column: 'location_type_id', type: 'id' },
    addressCountryId: { column: 'address_country_id', type: 'id', reveals: 'address' },
    ukRegionId: { column: 'uk_region_id', type: 'id' },
    leadTeamId: { column: 'lead_team_id', type: 'id' },
    organiserId: { column: 'organiser_id', type: 'id' },
    serviceId: { column: 'service_id', type: 'id' },
    createdOn: { column: 'created_on', type: 'datetime', sort: true },
    modifiedOn: { column: 'modified_on', type: 'datetime', sort: true },
    disabledOn: { column: 'disabled_on', type: 'datetime', sort: true },
  },
  defaultOrder: [{ field: 'startDate', direction: 'DESC' }, { field: 'name', direction: 'ASC' }],
});

/** An event as the read side returns it. */
export type EventRow = RowOf<typeof eventModel>;
