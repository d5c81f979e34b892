import { defineModule } from '../../module.js';
import { reminderDemo as demo } from './reminder.demo.js';
import { reminderEmails } from './reminder.emails.js';
import { reminderJobs as jobs } from './reminder.jobs.js';
import { reminderAccess as access, reminderPermissions as rules, reminderReaders as readers } from './reminder.permissions.js';
import { reminderReasons as reasons } from './reminder.reasons.js';
import { ReminderResolver } from './reminder.resolver.js';
import { reminderRowRules as rowRules } from './reminder.row-rules.js';
import { createReminderService } from './reminder.service.js';
import { ReminderFields } from './reminder.types.js';

export { ReminderStatus, ReminderType } from './reminder.kinds.js';
import { reminderFeatures } from './reminder.kinds.js';

// The module's service, as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../../graphql/context.js' {
  interface Services {
    reminder: import('./reminder.service.js').ReminderService;
  }
}

/** Reminders: advisers' subscriptions, the reminders the scheduled jobs make, and their dismissal (src/module.ts). */
export const reminderModule = defineModule({
  name: 'reminder',
  resolvers: [ReminderResolver, ReminderFields],
  access,
  rules,
  readers,
  rowRules,
  reasons,
  jobs,
  demo,
  emails: reminderEmails,
  features: reminderFeatures,
  services: () => ({ reminder: createReminderService() }),
});
