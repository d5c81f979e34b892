import { bool, defineReadModel, text, textArray, timestamp, uuid, type RowOf } from '../../db/read-model.js';

export const adviserModel = defineReadModel({
  name: 'Adviser',
  table: 'adviser',
  columns: {
    id: uuid('id'),
    email: text('email'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    contactEmail: text('contact_email').orNull(),
    telephoneNumber: text('telephone_number').orNull(),
    ditTeamId: uuid('dit_team_id').orNull(),
    isActive: bool('is_active'),
    isSuperuser: bool('is_superuser'),
    createdOn: timestamp('created_on'),
    modifiedOn: timestamp('modified_on'),
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
  columns: {
    id: uuid('id'),
    name: text('name'),
    disabledOn: timestamp('disabled_on').orNull(),
    roleId: uuid('role_id').orNull(),
    ukRegionId: uuid('uk_region_id').orNull(),
    countryId: uuid('country_id').orNull(),
    tags: textArray('tags'),
  },
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

/** An adviser, and a team, as the read side returns them. */
export type AdviserRow = RowOf<typeof adviserModel>;
export type TeamRow = RowOf<typeof teamModel>;
