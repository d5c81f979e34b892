import { ARCHIVABLE_COLUMNS, ARCHIVABLE_FIELDS, bool, date, defineReadModel, enumColumn, jsonb, numeric, text, uuid, type RowOf } from '../../db/read-model.js';
import type { Interaction, InteractionKind, InteractionStatus, InteractionTheme } from './interaction.entity.js';

/** How the read side sees the interaction table: row keys, columns, and what may be filtered and sorted. */
export const interactionModel = defineReadModel({
  name: 'Interaction',
  table: 'interaction',
  columns: {
    id: uuid('id'),
    kind: enumColumn<InteractionKind>('kind', 'interaction_kind'),
    status: enumColumn<InteractionStatus>('status', 'interaction_status'),
    theme: enumColumn<InteractionTheme>('theme', 'interaction_theme').orNull(),
    date: date('date'),
    subject: text('subject'),
    notes: text('notes').orNull(),
    companyId: uuid('company_id'),
    serviceId: uuid('service_id').orNull(),
    serviceAnswers: jsonb<Interaction['serviceAnswers'] & object>('service_answers').orNull(),
    communicationChannelId: uuid('communication_channel_id').orNull(),
    serviceDeliveryStatusId: uuid('service_delivery_status_id').orNull(),
    grantAmountOffered: numeric('grant_amount_offered').orNull(),
    netCompanyReceipt: numeric('net_company_receipt').orNull(),
    wasPolicyFeedbackProvided: bool('was_policy_feedback_provided'),
    policyFeedbackNotes: text('policy_feedback_notes').orNull(),
    wereCountriesDiscussed: bool('were_countries_discussed').orNull(),
    investmentProjectId: uuid('investment_project_id').orNull(),
    ...ARCHIVABLE_COLUMNS,
  },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    // Enum columns hold Data Hub's lowercase values; the GraphQL enums map to them (interaction.enums.ts).
    kind: { column: 'kind', type: 'enum', sort: true },
    status: { column: 'status', type: 'enum', sort: true },
    theme: { column: 'theme', type: 'enum', sort: true },
    date: { column: 'date', type: 'date', sort: true },
    subject: { column: 'subject', type: 'string', sort: true },
    companyId: { column: 'company_id', type: 'id' },
    serviceId: { column: 'service_id', type: 'id' },
    communicationChannelId: { column: 'communication_channel_id', type: 'id' },
    wasPolicyFeedbackProvided: { column: 'was_policy_feedback_provided', type: 'boolean' },
    wereCountriesDiscussed: { column: 'were_countries_discussed', type: 'boolean' },
    investmentProjectId: { column: 'investment_project_id', type: 'id' },
    // Some participant is (or none is, for ne/notIn) this adviser: "the interactions I took part in". Shown by `participants`.
    participantAdviserId: { column: 'adviser_id', type: 'id', some: { table: 'interaction_dit_participant', owner: 'interaction_id' }, reveals: 'participants' },
    // The adviser who recorded it ("my interactions"); shown by `createdBy`.
    createdById: { column: 'created_by_id', type: 'id' },
    ...ARCHIVABLE_FIELDS,
    // For the row-level rule that hides the records of archived companies from partners (src/auth/row-rules.ts).
    companyArchived: { column: 'company_id', type: 'boolean', internal: true, sql: '(select c.archived from company c where c.id = t.company_id)' },
    // For the rule that shows a caller with associated access the interactions of their team's projects only
    // (interaction.row-rules.ts): some team the interaction's project is associated with.
    investmentProjectAssociatedTeamId: {
      column: 'team_id',
      type: 'id',
      internal: true,
      some: { table: 'investment_project_associated_team', owner: 'investment_project_id', on: 'investment_project_id' },
    },
  },
  defaultOrder: [{ field: 'date', direction: 'DESC' }],
});

/** An interaction as the read side returns it. */
export type InteractionRow = RowOf<typeof interactionModel>;
