import { can, isAdviser, type ReadRules, type RuleTree } from '../../graphql/rules.js';
import { viewInteractions } from '../interaction/index.js';
import { viewInvestmentProjects } from '../investment/index.js';

/** Reminders are each adviser's own (the row rule shows only theirs): any adviser; no partner scope. */
export const reminderReaders: ReadRules = { Reminder: isAdviser, ReminderSubscription: isAdviser };

export const reminderPermissions: RuleTree = {
  Query: { reminders: isAdviser, reminderSummary: isAdviser, reminderSubscriptions: isAdviser },
  Mutation: { dismissReminder: isAdviser, dismissReminders: isAdviser, updateReminderSubscription: isAdviser },
  // What a reminder is about is shown under that record's own rules.
  Reminder: { investmentProject: viewInvestmentProjects, company: can('view_company'), interaction: viewInteractions },
};
