import { defineEmail, html } from '../../email/template.js';

/** A project as an email names it. */
export type ProjectRef = { id: string; name: string; event: string };

/** The frontend's page of a project (Data Hub's frontend's path). */
const projectPath = (id: string) => `investments/projects/${id}/details`;
const REMINDERS_PATH = 'reminders';

/**
 * The reminder emails (the module's manifest's `emails`): subject, text and HTML saying the same, with links
 * to the frontend (FRONTEND_BASE_URL). Their data is what the jobs store in the outbox: plain JSON.
 */
export const reminderEmails = {
  'reminder:project': defineEmail<{ type: string; project: ProjectRef }>({
    description: 'One reminder about one investment project (a land date coming, no recent interaction).',
    render: ({ project }, { link }) => ({
      subject: `${project.event}: ${project.name}`,
      text: `${project.event}.\n\n${project.name}\n${link(projectPath(project.id))}\n\nYour reminders: ${link(REMINDERS_PATH)}\n`,
      html: html`<p>${project.event}.</p><p><a href="${link(projectPath(project.id))}">${project.name}</a></p><p><a href="${link(REMINDERS_PATH)}">Your reminders</a></p>`,
    }),
  }),
  'reminder:land-date-summary': defineEmail<{ month: string; projects: ProjectRef[] }>({
    description: 'Every land date reminder of one adviser for one month, when there are more than five (Data Hub sends one summary then).',
    render: ({ month, projects }, { link }) => ({
      subject: `${projects.length} projects with estimated land dates coming (${month})`,
      text: `${projects.map((p) => `- ${p.name}: ${p.event}\n  ${link(projectPath(p.id))}`).join('\n')}\n\nYour reminders: ${link(REMINDERS_PATH)}\n`,
      html:
        `<ul>${projects.map((p) => html`<li><a href="${link(projectPath(p.id))}">${p.name}</a>: ${p.event}</li>`).join('')}</ul>` +
        html`<p><a href="${link(REMINDERS_PATH)}">Your reminders</a></p>`,
    }),
  }),
};
