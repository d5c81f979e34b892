import type { EntityManager } from '@mikro-orm/core';
import { query, type Sql } from '../../db/read-model.js';
import { enqueueEmail } from '../../email/outbox.js';
import type { Job } from '../../jobs/job.js';
import { JOB_TIME_ZONE, type JobSlot } from '../../jobs/slot.js';
import { STAGE } from '../investment/index.js';
import { ReminderType, SCHEDULED_DEFAULT_DAYS } from './reminder.kinds.js';

/**
 * The scheduled reminder jobs (Data Hub's reminder/tasks.py, written anew as one statement each): every
 * reminder is inserted with a `dedupe_key` naming its period, `on conflict do nothing`, so a job run twice for
 * a slot, or by two workers at once, makes each reminder once. A job reads the day from its slot (Europe/London),
 * never from the clock.
 */

/** The projects an adviser is on, as Data Hub's `_get_active_projects`: Active, ongoing or delayed, live; by PM, PAA, CRM or referral adviser. */
const ACTIVE_PROJECT_ADVISERS = `
  select p.id as project_id, p.name, p.estimated_land_date, p.created_on, r.adviser_id
    from investment_project p
    cross join lateral unnest(array[p.project_manager_id, p.project_assurance_adviser_id, p.client_relationship_manager_id, p.referral_source_adviser_id]) r(adviser_id)
   where p.stage_id = ? and p.status in ('ongoing', 'delayed') and not p.archived and r.adviser_id is not null`;

/** Each adviser's days for a type: their subscription's, or the default; active advisers only. */
const subscriptionDays = (type: ReminderType): Sql => ({
  text: `select a.id as adviser_id, coalesce(s.reminder_days::int[], ?::int[]) as days
           from adviser a left join reminder_subscription s on s.adviser_id = a.id and s.type = ?
          where a.is_active`,
  params: [`{${(SCHEDULED_DEFAULT_DAYS[type] ?? []).join(',')}}`, type],
});

/** A reminder a run made, with what its email needs. */
type Made = { id: string; adviserId: string; email: string; emailOn: boolean; projectId: string; projectName: string; event: string };

/** More than this many land date reminders for one adviser in a month come as one summary email (Data Hub's). */
export const SUMMARY_THRESHOLD = 5;

/**
 * Inserts the reminders `select` names that do not exist yet, and queues the emails of those whose adviser has
 * email on for the type, in one transaction: a reminder and its email commit together or not at all. Each
 * email's dedupe key is its reminder's (or the adviser's month's, for a summary), so it is queued once too.
 */
async function makeReminders(em: EntityManager, select: Sql, summary: { month: string } | null): Promise<{ created: number; emails: number }> {
  return em.transactional(async (tx) => {
    const made = await query<Made>(tx, {
      text: `with x as (${select.text}),
             ins as (insert into reminder (id, adviser_id, type, event, status, created_on, modified_on, investment_project_id, dedupe_key)
                     select gen_random_uuid(), x.adviser_id, x.type, x.event, 'live', clock_timestamp(), clock_timestamp(), x.project_id, x.dedupe_key from x
                     on conflict (dedupe_key) do nothing
                     returning id, adviser_id, type, investment_project_id, event)
             select ins.id, ins.adviser_id as "adviserId", a.email, coalesce(s.email_reminders_enabled, false) as "emailOn",
                    ins.investment_project_id as "projectId", p.name as "projectName", ins.event
               from ins join adviser a on a.id = ins.adviser_id
               join investment_project p on p.id = ins.investment_project_id
               left join reminder_subscription s on s.adviser_id = ins.adviser_id and s.type = ins.type
              order by ins.adviser_id, p.name, ins.id`,
      params: select.params,
    });
    let emails = 0;
    const byAdviser = new Map<string, Made[]>();
    for (const m of made.filter((r) => r.emailOn)) byAdviser.set(m.adviserId, [...(byAdviser.get(m.adviserId) ?? []), m]);
    for (const [adviserId, reminders] of byAdviser) {
      const ref = (m: Made) => ({ id: m.projectId, name: m.projectName, event: m.event });
      const batches =
        summary && reminders.length > SUMMARY_THRESHOLD
          ? [{ reminders, template: 'reminder:land-date-summary', data: { month: summary.month, projects: reminders.map(ref) }, key: `reminder-summary:${adviserId}:${summary.month}` }]
          : reminders.map((m) => ({ reminders: [m], template: 'reminder:project', data: { type: 'project', project: ref(m) }, key: `reminder:${m.id}` }));
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

/**
 * Land dates (Data Hub's upcoming estimated land date), on the 1st of the month: a project whose estimated land
 * date falls in the month that is 30 days (one month) or 60 days (two months) ahead, as the subscriber chose,
 * once per project, adviser and month. Data Hub keeps land dates on the 1st of a month and matches that day; a
 * land date anywhere in the month is matched here, so a project whose date was typed mid-month is not missed.
 */
export function landDateRemindersSql(slot: JobSlot): Sql {
  const monthStart = `${slot.day.slice(0, 8)}01`;
  return {
    text: `select pa.adviser_id, '${ReminderType.ESTIMATED_LAND_DATE}' as type, pa.project_id, d || ' days left to estimated land date' as event,
                  '${ReminderType.ESTIMATED_LAND_DATE}:' || pa.project_id || ':' || pa.adviser_id || ':' || ? as dedupe_key
             from (${ACTIVE_PROJECT_ADVISERS}) pa
             join (${subscriptionDays(ReminderType.ESTIMATED_LAND_DATE).text}) s on s.adviser_id = pa.adviser_id
             cross join lateral unnest(s.days) d
            where pa.estimated_land_date >= ?::date + make_interval(months => d / 30)
              and pa.estimated_land_date < ?::date + make_interval(months => d / 30 + 1)`,
    params: [slot.day.slice(0, 7), STAGE.active.id, ...subscriptionDays(ReminderType.ESTIMATED_LAND_DATE).params, monthStart, monthStart],
  };
}

/**
 * No recent investment interaction, daily: a project whose newest interaction (or, with none, its creation) was
 * exactly N days before the slot's day, for each N the subscriber chose; once per project, adviser, N and that
 * last activity. Days are London days: an interaction's date, a project's creation instant's date there.
 */
export function noRecentInvestmentInteractionSql(slot: JobSlot): Sql {
  const type = ReminderType.NO_RECENT_INVESTMENT_INTERACTION;
  return {
    text: `select pa.adviser_id, '${type}' as type, pa.project_id, 'No recent interaction with ' || pa.name || ' in ' || d || ' days' as event,
                  '${type}:' || pa.project_id || ':' || pa.adviser_id || ':' || d || ':' || last.day as dedupe_key
             from (${ACTIVE_PROJECT_ADVISERS}) pa
             join (${subscriptionDays(type).text}) s on s.adviser_id = pa.adviser_id
             cross join lateral (select coalesce(
                 (select max(i.date) from interaction i where i.investment_project_id = pa.project_id and not i.archived),
                 (pa.created_on at time zone '${JOB_TIME_ZONE}')::date) as day) last
             cross join lateral unnest(s.days) d
            where last.day = ?::date - d`,
    params: [STAGE.active.id, ...subscriptionDays(type).params, slot.day],
  };
}

export const reminderJobs: Record<string, Job> = {
  'reminders:estimated-land-date': {
    schedule: '0 30 8 1 * *',
    description: "Land date reminders, on the 1st of each month at 08:30: the Active projects landing in a month or two, for their PM, PAA, client relationship manager and referral adviser.",
    run: async ({ orm }, { slot }) => makeReminders(orm.em.fork(), landDateRemindersSql(slot), { month: slot.day.slice(0, 7) }),
  },
  'reminders:no-recent-investment-interaction': {
    schedule: '0 0 8 * * *',
    description: 'No recent investment interaction reminders, daily at 08:00: Active projects whose last interaction (or creation) was exactly the chosen days ago.',
    run: async ({ orm }, { slot }) => makeReminders(orm.em.fork(), noRecentInvestmentInteractionSql(slot), null),
  },
};
