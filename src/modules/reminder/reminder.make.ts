import type { EntityManager } from '@mikro-orm/core';
import { query, type Sql } from '../../db/read-model.js';
import { enqueueEmail } from '../../email/outbox.js';
import { advisersWithFeature } from '../feature-flag/index.js';
import { reminderTemplate, type ReminderSubject } from './reminder.emails.js';
import { pauseEmailFlag, type ReminderType } from './reminder.kinds.js';

/**
 * What a job's statement names, one row per reminder: `adviser_id`, `type`, `event`, `dedupe_key` (its period:
 * the same key is the same reminder), what it is about (`project_id`, `task_id`, or `company_id` with
 * `interaction_id`), and `email_allowed` (a task's own email switch; true otherwise).
 */
export type ReminderSelect = Sql;

/** A reminder a run made, with what its email needs. */
type Made = { id: string; adviserId: string; type: ReminderType; email: string; emailOn: boolean; subject: ReminderSubject };

/** Which `type:adviser` pairs have their emails paused by the type's flag (pauseEmailFlag): one statement per type. */
async function pausedEmails(em: EntityManager, wanted: readonly Made[]): Promise<Set<string>> {
  const paused = new Set<string>();
  for (const type of new Set(wanted.map((m) => m.type))) {
    const advisers = [...new Set(wanted.filter((m) => m.type === type).map((m) => m.adviserId))];
    for (const adviserId of await advisersWithFeature(em, pauseEmailFlag(type), advisers)) paused.add(`${type}:${adviserId}`);
  }
  return paused;
}

/** More than this many land date reminders for one adviser in a month come as one summary email (Data Hub's). */
export const SUMMARY_THRESHOLD = 5;

/**
 * Inserts the reminders `select` names that do not exist yet, and queues the emails of those whose adviser has
 * email on for the type (and the task allows it), in one transaction: a reminder and its email commit together
 * or not at all. An email's dedupe key is its reminder's (or, for a summary, the adviser's month's), so it is
 * queued once too, however often the slot runs and however many workers run it.
 */
export async function makeReminders(em: EntityManager, select: ReminderSelect, summary: { month: string } | null = null): Promise<{ created: number; emails: number }> {
  return em.transactional(async (tx) => {
    const made = await query<Made>(tx, {
      // One row per dedupe key: an adviser with two roles on a project is named twice, and is reminded once.
      text: `with x as (select distinct on (s.dedupe_key) s.* from (${select.text}) s order by s.dedupe_key),
             ins as (insert into reminder (id, adviser_id, type, event, status, created_on, modified_on, investment_project_id, task_id, company_id, interaction_id, dedupe_key)
                     select gen_random_uuid(), x.adviser_id, x.type, x.event, 'live', clock_timestamp(), clock_timestamp(), x.project_id, x.task_id, x.company_id, x.interaction_id, x.dedupe_key
                       from x
                     on conflict (dedupe_key) do nothing
                     returning id, adviser_id, type, dedupe_key, event)
             select ins.id, ins.adviser_id as "adviserId", ins.type, a.email,
                    coalesce(s.email_reminders_enabled, false) and x.email_allowed as "emailOn",
                    json_build_object('kind', case when x.task_id is not null then 'task' when x.project_id is not null then 'project' else 'company' end,
                                      'id', coalesce(x.project_id, x.task_id, x.company_id), 'name', coalesce(p.name, t.title, c.name), 'event', ins.event) as subject
               from ins join x on x.dedupe_key = ins.dedupe_key
               join adviser a on a.id = ins.adviser_id
               left join investment_project p on p.id = x.project_id
               left join task t on t.id = x.task_id
               left join company c on c.id = x.company_id
               left join reminder_subscription s on s.adviser_id = ins.adviser_id and s.type = ins.type
              order by ins.adviser_id, coalesce(p.name, t.title, c.name), ins.id`,
      params: select.params,
    });
    let emails = 0;
    const paused = await pausedEmails(tx, made.filter((r) => r.emailOn));
    const byAdviser = new Map<string, Made[]>();
    for (const m of made.filter((r) => r.emailOn && !paused.has(`${r.type}:${r.adviserId}`))) byAdviser.set(m.adviserId, [...(byAdviser.get(m.adviserId) ?? []), m]);
    for (const [adviserId, reminders] of byAdviser) {
      const batches =
        summary && reminders.length > SUMMARY_THRESHOLD
          ? [{ reminders, template: 'reminder:land-date-summary', data: { month: summary.month, projects: reminders.map((m) => m.subject) }, key: `reminder-summary:${adviserId}:${summary.month}` }]
          : reminders.map((m) => ({ reminders: [m], template: reminderTemplate(m.type), data: { subject: m.subject }, key: `reminder:${m.id}` }));
      for (const batch of batches) {
        const { id } = await enqueueEmail(tx, { to: { email: reminders[0].email, adviserId }, template: batch.template, data: batch.data, dedupeKey: batch.key });
        const ids = batch.reminders.map((m) => m.id);
        await query(tx, { text: `update reminder set notification_id = ? where id in (${ids.map(() => '?').join(', ')})`, params: [id, ...ids] });
        emails++;
      }
    }
    return { created: made.length, emails };
  });
}
