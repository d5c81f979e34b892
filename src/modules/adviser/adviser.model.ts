import { defineReadModel } from '../../db/read-model.js';

export const adviserModel = defineReadModel({
  name: 'Adviser',
  table: 'adviser',
  columns: {
    id: 'id',
    email: 'email',
    firstName: 'first_name',
    lastName: 'last_name',
    contactEmail: 'contact_email',
    telephoneNumber: 'telephone_number',
    ditTeamId: 'dit_team_id',
    isActive: 'is_active',
    isSuperuser: 'is_superuser',
    createdOn: 'created_on',
    modifiedOn: 'modified_on',
  },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    email: { column: 'email', type: 'string', sort: true },
    firstName: { column: 'first_name', type: 'string', sort: true },
    lastName: { column: 'last_name', type: 'string', sort: true },
    ditTeamId: { column: 'dit_team_id', type: 'id', reveals: 'team' },
    isActive: { column: 'is_active', type: 'boolean' },
    createdOn: { column: 'created_on', type: 'datetime', sort: true },
  },
  defaultOrder: [{ field: 'lastName', direction: 'ASC' }, { field: 'firstName', direction: 'ASC' }],
});

export const teamModel = defineReadModel({
  name: 'Team',
  table: 'metadata_team',
  columns: { id: 'id', name: 'name', disabledOn: 'disabled_on', roleId: 'role_id', ukRegionId: 'uk_region_id', countryId: 'country_id', tags: 'tags' },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    name: { column: 'name', type: 'string', sort: true },
    roleId: { column: 'role_id', type: 'id' },
    ukRegionId: { column: 'uk_region_id', type: 'id' },
    countryId: { column: 'country_id', type: 'id' },
    disabledOn: { column: 'disabled_on', type: 'datetime' },
  },
  defaultOrder: [{ field: 'name', direction: 'ASC' }],
});
