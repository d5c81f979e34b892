import { defineEmail, html } from '../../email/template.js';
import { ReminderType } from './reminder.kinds.js';

/** What a reminder is about, as its email names it. */
export type ReminderSubject = { kind: 'project' | 'task' | 'company'; id: string; name: string; event: string };

/** The frontend's page of a project, a task or a company (Data Hub's frontend's paths). */
const pathOf = (s: ReminderSubject) => (s.kind === 'task' ? `tasks/${s.id}` : s.kind === 'company' ? `companies/${s.id}/overview` : `investments/projects/${s.id}/details`);
const REMINDERS_PATH = 'reminders';

/** Each reminder type's email: what its subject says, and the sentence that opens it. */
const WORDING: Record<ReminderType, { subject: string; intro: string }> = {
  [ReminderType.ESTIMATED_LAND_DATE]: { subject: 'Estimated land date coming', intro: 'A project you work on is due to land soon. Check its estimated land date is still right.' },
  [ReminderType.NO_RECENT_INVESTMENT_INTERACTION]: { subject: 'No recent interaction', intro: 'Nobody has recorded an interaction on a project you work on for a while.' },
  [ReminderType.NO_RECENT_EXPORT_INTERACTION]: { subject: 'No recent interaction', intro: 'Nobody has recorded an interaction with a company you manage for a while.' },
  [ReminderType.NEW_EXPORT_INTERACTION]: { subject: 'New interaction', intro: 'A colleague recorded an interaction with a company you manage.' },
  [ReminderType.UPCOMING_TASK]: { subject: 'Task due soon', intro: 'A task of yours is due soon.' },
  [ReminderType.TASK_OVERDUE]: { subject: 'Task overdue', intro: 'A task of yours is past its due date.' },
  [ReminderType.TASK_ASSIGNED_TO_ME_FROM_OTHERS]: { subject: 'Task assigned to you', intro: 'A colleague assigned you a task.' },
  [ReminderType.TASK_AMENDED_BY_OTHERS]: { subject: 'Task changed', intro: 'A colleague changed a task of yours.' },
  [ReminderType.TASK_COMPLETED]: { subject: 'Task completed', intro: 'A colleague completed a task of yours.' },
  [ReminderType.TASK_DELETED_BY_OTHERS]: { subject: 'Task archived', intro: 'A colleague archived a task of yours.' },
};

/** A reminder type's template's name. */
export const reminderTemplate = (type: ReminderType) => `reminder:${type}`;

/** One reminder's email, worded for its type. */
const oneReminder = (type: ReminderType) =>
  defineEmail<{ subject: ReminderSubject }>({
    description: `One ${type.replace(/_/g, ' ')} reminder.`,
    render: ({ subject }, { link }) => {
      const { subject: title, intro } = WORDING[type];
      return {
        subject: `${title}: ${subject.name}`,
        text: `${intro}\n\n${subject.name}: ${subject.event}.\n${link(pathOf(subject))}\n\nYour reminders: ${link(REMINDERS_PATH)}\n`,
        html: html`<p>${intro}</p><p><a href="${link(pathOf(subject))}">${subject.name}</a>: ${subject.event}.</p><p><a href="${link(REMINDERS_PATH)}">Your reminders</a></p>`,
      };
    },
  });

/**
 * The reminder emails (the module's manifest's `emails`): one template per reminder type, and the summary of
 * many land dates; subject, text and HTML saying the same, with links to the frontend (FRONTEND_BASE_URL).
 * Their data is what the jobs store in the outbox: plain JSON.
 */
export const reminderEmails = {
  ...Object.fromEntries(Object.values(ReminderType).map((type) => [reminderTemplate(type), oneReminder(type)])),
  'reminder:land-date-summary': defineEmail<{ month: string; projects: ReminderSubject[] }>({
    description: 'Every land date reminder of one adviser for one month, when there are more than five (Data Hub sends one summary then).',
    render: ({ month, projects }, { link }) => ({
      subject: `${projects.length} projects with estimated land dates coming (${month})`,
      text: `${projects.map((p) => `- ${p.name}: ${p.event}\n  ${link(pathOf(p))}`).join('\n')}\n\nYour reminders: ${link(REMINDERS_PATH)}\n`,
      html:
        `<ul>${projects.map((p) => html`<li><a href="${link(pathOf(p))}">${p.name}</a>: ${p.event}</li>`).join('')}</ul>` +
        html`<p><a href="${link(REMINDERS_PATH)}">Your reminders</a></p>`,
    }),
  }),
};
