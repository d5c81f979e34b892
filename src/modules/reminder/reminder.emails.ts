import { defineEmail, html } from '../../email/template.js';

/** What a reminder is about, as its email names it. */
export type ReminderSubject = { kind: 'project' | 'task' | 'company'; id: string; name: string; event: string };

/** The frontend's page of a project, a task or a company (Data Hub's frontend's paths). */
const pathOf = (s: ReminderSubject) => (s.kind === 'task' ? `tasks/${s.id}` : s.kind === 'company' ? `companies/${s.id}/overview` : `investments/projects/${s.id}/details`);
const REMINDERS_PATH = 'reminders';

/**
 * The reminder emails (the module's manifest's `emails`): subject, text and HTML saying the same, with links
 * to the frontend (FRONTEND_BASE_URL). Their data is what the jobs store in the outbox: plain JSON.
 */
export const reminderEmails = {
  'reminder:one': defineEmail<{ subject: ReminderSubject }>({
    description: 'One reminder about one investment project or task (a land date coming, no recent interaction, a task due or changed).',
    render: ({ subject }, { link }) => ({
      subject: `${subject.event}: ${subject.name}`,
      text: `${subject.event}.\n\n${subject.name}\n${link(pathOf(subject))}\n\nYour reminders: ${link(REMINDERS_PATH)}\n`,
      html: html`<p>${subject.event}.</p><p><a href="${link(pathOf(subject))}">${subject.name}</a></p><p><a href="${link(REMINDERS_PATH)}">Your reminders</a></p>`,
    }),
  }),
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
