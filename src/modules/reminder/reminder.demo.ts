import type { EntityManager } from '@mikro-orm/core';
import { demoRows, isoDate } from '../../../seeds/demo/context.js';
import type { DemoStep } from '../../../seeds/demo/step.js';
import { DAY_MS } from '../../../seeds/demo/random.js';
import { pgTextArray } from '../../db/bulk.js';
import { STAGE } from '../investment/index.js';
import { ReminderType } from './reminder.kinds.js';
import { effectiveSubscription } from './reminder.rules.js';

/** The demo adviser whose reminders the README shows, with email on for every type. */
export const DEMO_REMINDER_ADVISER = 'demo.trade.adviser@example.gov.uk';

/** The first day of the month `months` after the month of `ms` (UTC), as `YYYY-MM-DD`. */
const monthStart = (ms: number, months: number) => {
  const d = new Date(ms);
  return isoDate(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
};

/**
 * Reminders to try on the demo data: the trade adviser subscribes to every type with email on, and manages ten
 * Active projects, five landing next month and five the month after, so that
 * `job:run --job reminders:estimated-land-date --at <this month>-01T08:30` makes their land date reminders (one
 * summary email: more than five). Their tasks come from the task module's demo. No randomness is drawn, so no
 * other demo value moves; the projects chosen are the first Active, ongoing ones by id.
 */
async function seedReminderDemo(tx: EntityManager, nowMs: number): Promise<number> {
  const [adviser] = await demoRows<{ id: string }>(tx, 'select id from adviser where lower(email) = ?', [DEMO_REMINDER_ADVISER]);
  if (!adviser) return 0;
  for (const type of Object.values(ReminderType)) {
    const days = effectiveSubscription(type).reminderDays;
    await demoRows(
      tx,
      `insert into reminder_subscription (id, adviser_id, type, email_reminders_enabled, reminder_days, modified_on)
       values (gen_random_uuid(), ?, ?, true, ?::smallint[], ?::timestamptz) on conflict (adviser_id, type) do nothing`,
      [adviser.id, type, pgTextArray(days.map(String)), new Date(nowMs).toISOString()],
    );
  }
  const projects = await demoRows<{ id: string }>(
    tx,
    `select id from investment_project where stage_id = ? and status = 'ongoing' and not archived order by id limit 10`,
    [STAGE.active.id],
  );
  for (const [i, p] of projects.entries()) {
    const landDate = isoDate(new Date(`${monthStart(nowMs, i < 5 ? 1 : 2)}T00:00:00Z`).getTime() + (i % 5) * 3 * DAY_MS);
    await demoRows(tx, 'update investment_project set project_manager_id = ?, estimated_land_date = ? where id = ?', [adviser.id, landDate, p.id]);
  }
  return projects.length;
}

export const reminderDemo: DemoStep[] = [{ name: 'reminderDemoProjects', phase: 'extras', run: (tx, ctx) => seedReminderDemo(tx, ctx.nowMs) }];
