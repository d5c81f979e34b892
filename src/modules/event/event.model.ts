import { defineReadModel } from '../../db/read-model.js';
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
    id: 'id',
    name: 'name',
    eventTypeId: 'event_type_id',
    startDate: 'start_date',
    endDate: 'end_date',
    locationTypeId: 'location_type_id',
    ...addressReadColumns('address', 'address'),
    ukRegionId: 'uk_region_id',
    notes: 'notes',
    leadTeamId: 'lead_team_id',
    organiserId: 'organiser_id',
    serviceId: 'service_id',
    disabledOn: 'disabled_on',
    createdOn: 'created_on',
    createdById: 'created_by_id',
    modifiedOn: 'modified_on',
    modifiedById: 'modified_by_id',
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
