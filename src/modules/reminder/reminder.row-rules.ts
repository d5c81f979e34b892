import type { RowRule } from '../../auth/row-rules.js';

/** A reminder is its adviser's alone: no one else, not even a superuser, lists or dismisses it. */
export const reminderRowRules: readonly RowRule[] = [
  {
    name: 'ownReminders',
    description: "An adviser sees, counts and dismisses their own reminders only; a partner client has none.",
    filter: (viewer, model) => (model.name !== 'Reminder' ? null : { adviserId: viewer.kind === 'adviser' ? { eq: viewer.adviserId } : { in: [] } }),
  },
];
