import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';
import type { Job } from './job.js';
import { JOB_TIME_ZONE, slotOf, type JobSlot } from './slot.js';

/**
 * The worker's clock: when each job's schedule fires, and for which slot. Schedules are node-cron
 * expressions read in JOB_TIME_ZONE (Europe/London), so "daily at 08:00" is 08:00 GMT in winter and 08:00
 * BST (07:00 UTC) in summer whatever the server's own zone.
 *
 * A firing's slot is the minute the schedule named, not the moment the callback ran: a worker whose event
 * loop was busy at 08:00 and fires at 08:00:40 still runs the 08:00 slot, so what it does (which day's
 * reminders) does not depend on how late it was.
 */

/**
 * How late a firing may be and still run. node-cron's own default is one second, after which it drops the
 * slot as "missed": a worker busy for two seconds at 08:00 (a long drain, a pause for garbage collection)
 * would skip that day's reminders. A job never runs twice for one firing, and an every-minute job never
 * lets one minute's firing run into the next (node-cron runs a late slot only while it is still the
 * latest), so five minutes costs nothing.
 */
export const LATE_FIRING_TOLERANCE_MS = 5 * 60_000;

/** How far back a starting worker looks for a slot it missed (was stopped for) and runs it: see latestSlot. */
export const CATCH_UP_WINDOW_MS = 12 * 3_600_000;

/**
 * The zone node-cron reads a schedule in. One that names no hour, day or month ("every minute", "every five
 * minutes") means the same instants in any zone, and is read in UTC: node-cron 4 reads the hour the autumn
 * change repeats (01:00–01:59 in London) only once, so in Europe/London an every-minute job would not run
 * for that hour (tested). A schedule that names an hour is read in London, and none may name one in
 * 01:00–01:59, which the spring change skips (node-cron then skips the run: tested on every job).
 */
export function scheduleZone(schedule: string): string {
  const fields = schedule.trim().split(/\s+/);
  const [hour, dayOfMonth, month, dayOfWeek] = fields.slice(fields.length === 6 ? 2 : 1);
  return [hour, dayOfMonth, month, dayOfWeek].every((f) => f === '*') ? 'UTC' : JOB_TIME_ZONE;
}

/** Runs one job for one slot; its promise settles when the run is over (so a slow run is not started twice). */
export type FireJob = (name: string, slot: JobSlot) => Promise<unknown>;

/**
 * Starts every job's schedule. A firing whose previous run of the same job is still going is skipped (the
 * advisory lock would skip it anyway, across workers). `stop` stops them all; a run in progress finishes.
 */
export function scheduleJobs(jobs: Readonly<Record<string, Pick<Job, 'schedule'>>>, fire: FireJob, { lateToleranceMs = LATE_FIRING_TOLERANCE_MS } = {}): { stop: () => Promise<void> } {
  const tasks: ScheduledTask[] = Object.entries(jobs).map(([name, job]) =>
    cron.schedule(job.schedule, (context) => fire(name, slotOf(context.date)).catch(() => undefined), {
      name,
      noOverlap: true,
      timezone: scheduleZone(job.schedule),
      missedExecutionTolerance: lateToleranceMs,
    }),
  );
  return {
    stop: async () => {
      for (const task of tasks) await task.destroy();
    },
  };
}

/**
 * The latest slot of a schedule at or before `now`, looking back at most `withinMs` (null when none), found
 * by asking node-cron whether each minute matches, newest first: at most 720 checks for 12 hours, once per
 * job when a worker starts. Only whole minutes are slots; a schedule with seconds other than 0 has none.
 */
export function latestSlot(schedule: string, now: Date, withinMs = CATCH_UP_WINDOW_MS): JobSlot | null {
  // The zone the schedule fires in (scheduleZone), so a slot found here is one scheduleJobs would fire.
  const matcher = cron.createTask(schedule, () => undefined, { timezone: scheduleZone(schedule) });
  try {
    const newest = Math.floor(now.getTime() / 60_000) * 60_000;
    for (let at = newest; at >= now.getTime() - withinMs; at -= 60_000) {
      if (matcher.match(new Date(at))) return slotOf(new Date(at));
    }
    return null;
  } finally {
    void matcher.destroy();
  }
}

/**
 * The slots a starting worker missed: for each job, its latest slot within the catch-up window when no run
 * for it has succeeded (`succeeded`, read from `job_run`). A worker stopped over 08:00 (a deploy, a database
 * restart) thus sends that morning's reminders when it comes back instead of never; every job is idempotent
 * per slot, so a slot another worker did run is not run again, and one run twice changes nothing more.
 */
export async function missedSlots(
  jobs: Readonly<Record<string, Pick<Job, 'schedule'>>>,
  now: Date,
  succeeded: (name: string, slot: JobSlot) => Promise<boolean>,
  withinMs = CATCH_UP_WINDOW_MS,
): Promise<Array<{ name: string; slot: JobSlot }>> {
  const missed: Array<{ name: string; slot: JobSlot }> = [];
  for (const [name, job] of Object.entries(jobs)) {
    const slot = latestSlot(job.schedule, now, withinMs);
    if (slot && !(await succeeded(name, slot))) missed.push({ name, slot });
  }
  return missed;
}

/** Runs each missed slot (missedSlots) in turn, saying so in the log; how many it ran. */
export async function runMissedSlots(
  jobs: Readonly<Record<string, Pick<Job, 'schedule'>>>,
  now: Date,
  withinMs: number,
  succeeded: (name: string, slot: JobSlot) => Promise<boolean>,
  fire: FireJob,
  logger: Pick<Logger, 'info'>,
): Promise<number> {
  const missed = await missedSlots(jobs, now, succeeded, withinMs);
  for (const { name, slot } of missed) {
    logger.info('running a slot missed while no worker ran', { job: name, slot: `${slot.day}T${slot.time}` });
    await fire(name, slot).catch(() => undefined);
  }
  return missed.length;
}
