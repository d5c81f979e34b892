import type { EntityManager } from '@mikro-orm/core';
import { pgTextArray } from '../../db/bulk.js';
import { query, type Sql } from '../../db/read-model.js';
import { purgeFinishedEmails, type FinishedEmail } from '../../email/retention.js';
import type { Job } from '../../jobs/job.js';
import { addDays, instantOfLocal, JOB_TIME_ZONE, type JobSlot } from '../../jobs/slot.js';
import { STAGE } from '../investment/index.js';
import { ReminderType, SCHEDULED_DEFAULT_DAYS } from './reminder.kinds.js';
import { makeReminders, type ReminderSelect } from './reminder.make.js';

/**
 * The reminder jobs (Data Hub's reminder/tasks.py, written anew as one statement each, made into reminders by
 * makeReminders): every reminder has a `dedupe_key` naming its period, so a job run twice for a slot, or by
 * two workers at once, makes each reminder once. A job reads the day from its slot (Europe/London), never
 * from the clock.
 */

/** The projects an adviser is on, as Data Hub's `_get_active_projects`: Active, ongoing or delayed, live; by PM, PAA, CRM or referral adviser. */
const ACTIVE_PROJECT_ADVISERS = `
  select p.id as project_id, p.name, p.estimated_land_date, p.created_on, r.adviser_id
    from investment_project p
    cross join lateral unnest(array[p.project_manager_id, p.project_assurance_adviser_id, p.client_relationship_manager_id, p.referral_source_adviser_id]) r(adviser_id)
   where p.stage_id = ? and p.status in ('ongoing', 'delayed') and not p.archived and r.adviser_id is not null`;

/** Each active adviser's days for a type: their subscription's, or the default. */
const subscriptionDays = (type: ReminderType): Sql => ({
  text: `select a.id as adviser_id, coalesce(s.reminder_days::int[], ?::int[]) as days
           from adviser a left join reminder_subscription s on s.adviser_id = a.id and s.type = ?
          where a.is_active`,
  params: [pgTextArray((SCHEDULED_DEFAULT_DAYS[type] ?? []).map(String)), type],
});

/**
 * Land dates (Data Hub's upcoming estimated land date), on the 1st of the month: a project whose estimated land
 * date falls in the month that is 30 days (one month) or 60 days (two months) ahead, as the subscriber chose,
 * once per project, adviser and month. Data Hub keeps land dates on the 1st of a month and matches that day; a
 * land date anywhere in the month is matched here, so a project whose date was typed mid-month is not missed.
 */
export function landDateRemindersSql(slot: JobSlot): ReminderSelect {
  const type = ReminderType.ESTIMATED_LAND_DATE;
  const monthStart = `${slot.day.slice(0, 8)}01`;
  return {
    text: `select pa.adviser_id, '${type}' as type, d || ' days left to estimated land date' as event,
                  '${type}:' || pa.project_id || ':' || pa.adviser_id || ':' || ? as dedupe_key,
                  pa.project_id, null::uuid as task_id, null::uuid as company_id, null::uuid as interaction_id, true as email_allowed
             from (${ACTIVE_PROJECT_ADVISERS}) pa
             join (${subscriptionDays(type).text}) s on s.adviser_id = pa.adviser_id
             cross join lateral unnest(s.days) d
            where pa.estimated_land_date >= ?::date + make_interval(months => d / 30)
              and pa.estimated_land_date < ?::date + make_interval(months => d / 30 + 1)`,
    params: [slot.day.slice(0, 7), STAGE.active.id, ...subscriptionDays(type).params, monthStart, monthStart],
  };
}

/**
 * No recent investment interaction, daily: a project whose newest interaction (or, with none, its creation) was
 * exactly N days before the slot's day, for each N the subscriber chose; once per project, adviser, N and that
 * last activity. Days are London days: an interaction's date, a project's creation instant's date there.
 */
export function noRecentInvestmentInteractionSql(slot: JobSlot): ReminderSelect {
  const type = ReminderType.NO_RECENT_INVESTMENT_INTERACTION;
  return {
    text: `select pa.adviser_id, '${type}' as type, 'No recent interaction with ' || pa.name || ' in ' || d || ' days' as event,
                  '${type}:' || pa.project_id || ':' || pa.adviser_id || ':' || d || ':' || last.day as dedupe_key,
                  pa.project_id, null::uuid as task_id, null::uuid as company_id, null::uuid as interaction_id, true as email_allowed
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

/** A live, active task's assigned (active) advisers, with the task's own email switch. */
const TASK_ADVISERS = `
  select t.id as task_id, t.title, t.due_date, t.reminder_days, t.reminder_date, t.email_reminders_enabled, ta.adviser_id
    from task t join task_adviser ta on ta.task_id = t.id join adviser a on a.id = ta.adviser_id
   where t.status = 'active' and not t.archived and a.is_active`;

/** Upcoming task, daily: a task whose reminder date (due date − reminder days) is the slot's day, to each adviser on it. */
export function upcomingTaskSql(slot: JobSlot): ReminderSelect {
  const type = ReminderType.UPCOMING_TASK;
  return {
    text: `select ta.adviser_id, '${type}' as type, 'Due in ' || ta.reminder_days || ' days' as event,
                  '${type}:' || ta.task_id || ':' || ta.adviser_id || ':' || ta.reminder_date as dedupe_key,
                  null::uuid as project_id, ta.task_id, null::uuid as company_id, null::uuid as interaction_id, ta.email_reminders_enabled as email_allowed
             from (${TASK_ADVISERS}) ta where ta.reminder_date = ?::date`,
    params: [slot.day],
  };
}

/** Task overdue, daily: a task due the day before the slot's, still active, to each adviser on it. */
export function overdueTaskSql(slot: JobSlot): ReminderSelect {
  const type = ReminderType.TASK_OVERDUE;
  return {
    text: `select ta.adviser_id, '${type}' as type, 'Overdue since ' || to_char(ta.due_date, 'DD Mon YYYY') as event,
                  '${type}:' || ta.task_id || ':' || ta.adviser_id || ':' || ta.due_date as dedupe_key,
                  null::uuid as project_id, ta.task_id, null::uuid as company_id, null::uuid as interaction_id, ta.email_reminders_enabled as email_allowed
             from (${TASK_ADVISERS}) ta where ta.due_date = ?::date - 1`,
    params: [slot.day],
  };
}

/** The reminder each kind of task event gives its adviser (the task module writes the events: task_event). */
const EVENT_TYPES: Record<string, { type: ReminderType; event: string }> = {
  assigned: { type: ReminderType.TASK_ASSIGNED_TO_ME_FROM_OTHERS, event: 'Assigned to you by ' },
  amended: { type: ReminderType.TASK_AMENDED_BY_OTHERS, event: 'Changed by ' },
  completed: { type: ReminderType.TASK_COMPLETED, event: 'Completed by ' },
  archived: { type: ReminderType.TASK_DELETED_BY_OTHERS, event: 'Archived by ' },
};

/**
 * Task events (assigned, amended, completed or archived by someone else): the events the task module wrote in
 * each write's transaction become reminders here, after the write, never inside it; once per event. Only the
 * events without their reminder yet are read (the dedupe key's unique index answers that).
 */
export function taskEventsSql(): ReminderSelect {
  const cases = (pick: (e: { type: ReminderType; event: string }) => string) =>
    `case e.kind ${Object.entries(EVENT_TYPES).map(([kind, e]) => `when '${kind}' then '${pick(e)}'`).join(' ')} end`;
  return {
    text: `select e.adviser_id, ${cases((x) => x.type)} as type,
                  ${cases((x) => x.event)} || coalesce(nullif(trim(actor.first_name || ' ' || actor.last_name), ''), 'someone') as event,
                  'task_event:' || e.id as dedupe_key, null::uuid as project_id, e.task_id, null::uuid as company_id, null::uuid as interaction_id, t.email_reminders_enabled as email_allowed
             from task_event e join task t on t.id = e.task_id join adviser a on a.id = e.adviser_id
             left join adviser actor on actor.id = e.actor_id
            where a.is_active and not exists (select 1 from reminder r where r.dedupe_key = 'task_event:' || e.id)`,
    params: [],
  };
}

/** Data Hub's One List tiers whose companies get export reminders: Tier D International Trade Advisers and Overseas Posts. */
const EXPORT_TIERS = ['1929c808-99b4-4abf-a891-45f2e187b410', '572dfefe-cd1d-e611-9bdc-e4115bead28a'];

/** The companies an adviser manages (account owner) or is on the core team of, on an export tier (Data Hub's `_get_managed_companies`). */
const MANAGED_COMPANIES = `
  select c.id as company_id, c.name, c.created_on, m.adviser_id
    from company c
    cross join lateral (select c.one_list_account_owner_id as adviser_id
                        union select ct.adviser_id from company_one_list_core_team_member ct where ct.company_id = c.id) m
   where c.one_list_tier_id in (?, ?) and not c.archived and m.adviser_id is not null`;

/**
 * No recent export interaction, daily: a managed company whose newest interaction (any, as Data Hub's) or, with
 * none, its creation was exactly N days before the slot's day; once per company, adviser, N and last activity.
 */
export function noRecentExportInteractionSql(slot: JobSlot): ReminderSelect {
  const type = ReminderType.NO_RECENT_EXPORT_INTERACTION;
  return {
    text: `select mc.adviser_id, '${type}' as type, 'No recent interaction with ' || mc.name || ' in ' || d || ' days' as event,
                  '${type}:' || mc.company_id || ':' || mc.adviser_id || ':' || d || ':' || last.day as dedupe_key,
                  null::uuid as project_id, null::uuid as task_id, mc.company_id, last.interaction_id, true as email_allowed
             from (${MANAGED_COMPANIES}) mc
             join (${subscriptionDays(type).text}) s on s.adviser_id = mc.adviser_id
             cross join lateral (
               select coalesce(newest.date, (mc.created_on at time zone '${JOB_TIME_ZONE}')::date) as day, newest.id as interaction_id
                 from (select 1) one
                 left join lateral (select i.id, i.date from interaction_company ic join interaction i on i.id = ic.interaction_id
                                     where ic.company_id = mc.company_id and not i.archived order by i.date desc, i.id desc limit 1) newest on true) last
             cross join lateral unnest(s.days) d
            where last.day = ?::date - d`,
    params: [...EXPORT_TIERS, ...subscriptionDays(type).params, slot.day],
  };
}

/**
 * New export interaction, daily: an interaction with a managed company dated exactly N days before the slot's
 * day, recorded by someone other than the adviser; once per interaction, adviser and N.
 */
export function newExportInteractionSql(slot: JobSlot): ReminderSelect {
  const type = ReminderType.NEW_EXPORT_INTERACTION;
  return {
    text: `select mc.adviser_id, '${type}' as type, 'New interaction with ' || mc.name || ': ' || i.subject as event,
                  '${type}:' || i.id || ':' || mc.adviser_id || ':' || d as dedupe_key,
                  null::uuid as project_id, null::uuid as task_id, mc.company_id, i.id as interaction_id, true as email_allowed
             from (${MANAGED_COMPANIES}) mc
             join (${subscriptionDays(type).text}) s on s.adviser_id = mc.adviser_id
             cross join lateral unnest(s.days) d
             join interaction_company ic on ic.company_id = mc.company_id
             join interaction i on i.id = ic.interaction_id
            where i.date = ?::date - d and not i.archived
              and i.created_by_id is distinct from mc.adviser_id and i.modified_by_id is distinct from mc.adviser_id`,
    params: [...EXPORT_TIERS, ...subscriptionDays(type).params, slot.day],
  };
}

/**
 * The first instant the email retention run for a slot keeps: midnight (Europe/London) at the start of the day
 * `days` before the slot's. So every run for one day removes the same emails, whichever minute it runs for, and
 * an email that finished on day X goes with the run for day X + days + 1.
 */
export const emailRetentionCutoff = (slot: JobSlot, days: number): Date => instantOfLocal(addDays(slot.day, -days))!;

/**
 * Before their outbox rows go, the final status of each email onto the reminders that point at it (a summary is
 * several reminders' email), in the purge's transaction: a reminder's `emailDeliveryStatus` reads the row while
 * there is one and this after (reminder.types.ts), so it says the same before and after. The foreign key then
 * clears `notification_id` as the row goes.
 */
export async function keepReminderEmailStatus(tx: EntityManager, emails: readonly FinishedEmail[]): Promise<void> {
  await query(tx, {
    text: `update reminder r set email_status = e.status from unnest(?::bigint[], ?::text[]) e(id, status) where r.notification_id = e.id`,
    params: [pgTextArray(emails.map((e) => e.id)), pgTextArray(emails.map((e) => e.status))],
  });
}

/**
 * The notifications outbox's retention (src/email/retention.ts), a reminder module job because the reminders
 * are what keeps outbox ids (src/email imports no module): the emails finished before the cutoff of the slot's
 * day (EMAIL_RETENTION_DAYS before it) go, their statuses kept on their reminders. The day is the slot's, never
 * the clock's, so a run for a slot removes the same whenever it runs, and a second run for it removes nothing.
 */
const emailRetention: Job = {
  schedule: '0 0 4 * * *',
  description: 'Email retention, daily at 04:00: removes the sent, logged and failed emails finished more than EMAIL_RETENTION_DAYS (default 90) days before the day, keeping each reminder its delivery status; never an email still to go.',
  run: async ({ orm, config }, { slot, signal }) => {
    const { removed } = await purgeFinishedEmails(orm.em.fork(), { before: emailRetentionCutoff(slot, config.email.retentionDays), keep: keepReminderEmailStatus, signal });
    return { removed };
  },
};

export const reminderJobs: Record<string, Job> = {
  'reminders:estimated-land-date': {
    schedule: '0 30 8 1 * *',
    description: 'Land date reminders, on the 1st of each month at 08:30: the Active projects landing in a month or two, for their PM, PAA, client relationship manager and referral adviser.',
    run: async ({ orm }, { slot }) => makeReminders(orm.em.fork(), landDateRemindersSql(slot), { month: slot.day.slice(0, 7) }),
  },
  'reminders:no-recent-investment-interaction': {
    schedule: '0 0 8 * * *',
    description: 'No recent investment interaction reminders, daily at 08:00: Active projects whose last interaction (or creation) was exactly the chosen days ago.',
    run: async ({ orm }, { slot }) => makeReminders(orm.em.fork(), noRecentInvestmentInteractionSql(slot)),
  },
  'reminders:no-recent-export-interaction': {
    schedule: '0 0 8 * * *',
    description: 'No recent export interaction reminders, daily at 08:00: Tier D (ITA, Post) companies the adviser manages or is core team for, with no interaction for exactly the chosen days.',
    run: async ({ orm }, { slot }) => makeReminders(orm.em.fork(), noRecentExportInteractionSql(slot)),
  },
  'reminders:new-export-interaction': {
    schedule: '0 0 8 * * *',
    description: "New export interaction reminders, daily at 08:00: someone else's interaction with a Tier D (ITA, Post) company the adviser manages or is core team for, the chosen days ago.",
    run: async ({ orm }, { slot }) => makeReminders(orm.em.fork(), newExportInteractionSql(slot)),
  },
  'reminders:upcoming-task': {
    schedule: '0 0 8 * * *',
    description: "Upcoming task reminders, daily at 08:00: the tasks whose reminder date is today, to their advisers.",
    run: async ({ orm }, { slot }) => makeReminders(orm.em.fork(), upcomingTaskSql(slot)),
  },
  'reminders:task-overdue': {
    schedule: '0 0 8 * * *',
    description: 'Overdue task reminders, daily at 08:00: the active tasks due yesterday, to their advisers.',
    run: async ({ orm }, { slot }) => makeReminders(orm.em.fork(), overdueTaskSql(slot)),
  },
  'reminders:task-events': {
    schedule: '0 * * * * *',
    description: 'Task event reminders, every minute: a task assigned, changed, completed or archived by someone else, to the advisers it concerns.',
    run: async ({ orm }) => makeReminders(orm.em.fork(), taskEventsSql()),
  },
  'email:retention': emailRetention,
};
