import { ARCHIVABLE_COLUMNS, ARCHIVABLE_FIELDS, bool, date, defineReadModel, enumColumn, int, text, uuid, type RowOf } from '../../db/read-model.js';
import type { TaskStatus } from './task.entity.js';

/** How the read side sees the task table: row keys, columns, and what lists filter and sort on. */
export const taskModel = defineReadModel({
  name: 'Task',
  table: 'task',
  columns: {
    id: uuid('id'),
    title: text('title'),
    description: text('description'),
    dueDate: date('due_date').orNull(),
    reminderDays: int('reminder_days').orNull(),
    reminderDate: date('reminder_date').orNull(),
    emailRemindersEnabled: bool('email_reminders_enabled'),
    status: enumColumn<TaskStatus>('status', 'text'),
    companyId: uuid('company_id').orNull(),
    investmentProjectId: uuid('investment_project_id').orNull(),
    interactionId: uuid('interaction_id').orNull(),
    ...ARCHIVABLE_COLUMNS,
  },
  fields: {
    id: { column: 'id', type: 'id', sort: true },
    title: { column: 'title', type: 'string', sort: true },
    dueDate: { column: 'due_date', type: 'date', sort: true },
    reminderDate: { column: 'reminder_date', type: 'date', sort: true },
    emailRemindersEnabled: { column: 'email_reminders_enabled', type: 'boolean' },
    status: { column: 'status', type: 'enum', sort: true },
    companyId: { column: 'company_id', type: 'id' },
    investmentProjectId: { column: 'investment_project_id', type: 'id' },
    interactionId: { column: 'interaction_id', type: 'id' },
    createdById: { column: 'created_by_id', type: 'id' },
    // Some adviser assigned is (or none is, for ne/notIn) this adviser; shown by `advisers`.
    adviserId: { column: 'adviser_id', type: 'id', some: { table: 'task_adviser', owner: 'task_id' }, reveals: 'advisers' },
    ...ARCHIVABLE_FIELDS,
    // For the "own tasks" row rule (task.row-rules.ts): an adviser the task is visible to, its creator or one assigned.
    visibleToAdviserId: { column: 'adviser_id', type: 'id', internal: true, some: { table: 'task_visible_adviser', owner: 'task_id' } },
  },
  // Data Hub's task lists: the soonest due first, those without a due date last.
  defaultOrder: [{ field: 'dueDate', direction: 'ASC' }, { field: 'createdOn', direction: 'DESC' }],
});

/** A task as the read side returns it. */
export type TaskRow = RowOf<typeof taskModel>;
