import { defineReadModel, enumColumn, int8, text, timestamp, uuid, type RowOf } from '../../db/read-model.js';
import type { ReminderStatus, ReminderType } from './reminder.kinds.js';

/** A reminder as read: an adviser's own, newest first. */
export const reminderModel = defineReadModel({
  name: 'Reminder',
  table: 'reminder',
  columns: {
    id: uuid('id'),
    adviserId: uuid('adviser_id'),
    type: enumColumn<ReminderType>('type', 'text'),
    event: text('event'),
    status: enumColumn<ReminderStatus>('status', 'text'),
    createdOn: timestamp('created_on'),
    modifiedOn: timestamp('modified_on'),
    investmentProjectId: uuid('investment_project_id').orNull(),
    companyId: uuid('company_id').orNull(),
    interactionId: uuid('interaction_id').orNull(),
    taskId: uuid('task_id').orNull(),
    notificationId: int8('notification_id').orNull(),
    // Its email's final status, kept here when the outbox row was removed (src/email/retention.ts).
    emailStatus: text('email_status').orNull(),
  },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    type: { column: 'type', type: 'enum' },
    status: { column: 'status', type: 'enum' },
    createdOn: { column: 'created_on', type: 'datetime', sort: true },
    // Whose it is: for the row rule that shows an adviser their own only (reminder.row-rules.ts).
    adviserId: { column: 'adviser_id', type: 'id', internal: true },
  },
  defaultOrder: [{ field: 'createdOn', direction: 'DESC' }],
});

export type ReminderRow = RowOf<typeof reminderModel>;
