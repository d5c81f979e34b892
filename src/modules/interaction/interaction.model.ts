import { ARCHIVABLE_COLUMNS, ARCHIVABLE_FIELDS, defineReadModel } from '../../db/read-model.js';

/** How the read side sees the interaction table: row keys, columns, and what may be filtered and sorted. */
export const interactionModel = defineReadModel({
  name: 'Interaction',
  table: 'interaction',
  columns: {
    id: 'id',
    kind: 'kind',
    status: 'status',
    theme: 'theme',
    date: 'date',
    subject: 'subject',
    notes: 'notes',
    companyId: 'company_id',
    serviceId: 'service_id',
    serviceAnswers: 'service_answers',
    communicationChannelId: 'communication_channel_id',
    serviceDeliveryStatusId: 'service_delivery_status_id',
    grantAmountOffered: 'grant_amount_offered',
    netCompanyReceipt: 'net_company_receipt',
    wasPolicyFeedbackProvided: 'was_policy_feedback_provided',
    policyFeedbackNotes: 'policy_feedback_notes',
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
    ...ARCHIVABLE_FIELDS,
    // For the row-level rule that hides the records of archived companies from partners (src/auth/row-rules.ts).
    companyArchived: { column: 'company_id', type: 'boolean', internal: true, sql: '(select c.archived from company c where c.id = t.company_id)' },
  },
  defaultOrder: [{ field: 'date', direction: 'DESC' }],
});
