import { defineAccess, type CodenamesOf } from '../../auth/access.js';
import { can, isAdviser, type ReadRules, type RuleTree } from '../../graphql/rules.js';
import { viewInteractions } from '../interaction/index.js';
import { viewInvestmentProjects } from '../investment/index.js';

/** Who may see how the reminder emails are going (the notifications outbox): administrators (every permission). */
export const reminderAccess = defineAccess({
  permissions: { view_email_status: 'See the emails in the notifications outbox counted by status, how long the oldest has waited, and the last error.' },
});

declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof reminderAccess> {}
}

/** Reminders are each adviser's own (the row rule shows only theirs): any adviser; no partner scope. */
export const reminderReaders: ReadRules = { Reminder: isAdviser, ReminderSubscription: isAdviser };

export const reminderPermissions: RuleTree = {
  Query: { reminders: isAdviser, reminderSummary: isAdviser, reminderSubscriptions: isAdviser, emailStatus: can('view_email_status') },
  Mutation: { dismissReminder: isAdviser, dismissReminders: isAdviser, updateReminderSubscription: isAdviser },
  // What a reminder is about is shown under that record's own rules.
  Reminder: { investmentProject: viewInvestmentProjects, company: can('view_company'), interaction: viewInteractions },
};
