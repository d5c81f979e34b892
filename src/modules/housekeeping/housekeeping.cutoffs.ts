import { instantOfLocal, JOB_TIME_ZONE } from '../../jobs/slot.js';

/**
 * The cut-offs of the housekeeping jobs, from the slot's day (Europe/London), pure. Data Hub counts back in
 * calendar months and years (dateutil's relativedelta): a day the earlier month lacks is that month's last
 * day, so five years before 29 February 2024 is 28 February 2019, and three months before 31 May is the
 * last day of February.
 */

/** A calendar day some months before another (negative: after), clamped to the end of a shorter month. */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** A calendar day some years before another: 29 February goes to the 28th in a common year. */
export const yearsBefore = (day: string, years: number): string => monthsBefore(day, years * 12);

/** The instant a local day starts in the jobs' zone: what a timestamp (created on, modified on) is compared with. */
export function startOfDay(day: string): Date {
  const instant = instantOfLocal(day, JOB_TIME_ZONE);
  if (!instant) throw new Error(`not a day: ${day}`);
  return instant;
}

/** Automatic company archive: no interaction on or after `interactionsSince`, and neither created nor changed since `untouchedSince`. */
export type CompanyCutoffs = { interactionsSince: string; untouchedSince: Date };

export const companyCutoffs = (day: string): CompanyCutoffs => ({
  interactionsSince: yearsBefore(day, 5),
  untouchedSince: startOfDay(monthsBefore(day, 3)),
});

/** Automatic adviser deactivation: nothing done since `day` (activity dates) / `instant` (records' timestamps), two years back. */
export type AdviserCutoff = { day: string; instant: Date };

export function adviserCutoff(day: string): AdviserCutoff {
  const since = yearsBefore(day, 2);
  return { day: since, instant: startOfDay(since) };
}
