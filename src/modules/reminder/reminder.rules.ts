import type { Issues } from '../../errors.js';
import { LAND_DATE_DAYS, MAX_REMINDER_DAYS, ReminderType, SCHEDULED_DEFAULT_DAYS } from './reminder.kinds.js';

/** An adviser's subscription to one type, as stored or as it is by default. */
export type Subscription = { type: ReminderType; emailRemindersEnabled: boolean; reminderDays: number[] };

/**
 * A subscription as it applies: the stored one, or the default (Data Hub's days, email off until the adviser
 * turns it on, so no adviser gets mail they did not ask for).
 */
export function effectiveSubscription(type: ReminderType, stored?: { emailRemindersEnabled: boolean; reminderDays: number[] } | null): Subscription {
  if (stored) return { type, emailRemindersEnabled: stored.emailRemindersEnabled, reminderDays: [...stored.reminderDays] };
  return { type, emailRemindersEnabled: false, reminderDays: [...(SCHEDULED_DEFAULT_DAYS[type] ?? [])] };
}

/** Whether a type is made on a schedule, and so has days. */
export const isScheduled = (type: ReminderType) => SCHEDULED_DEFAULT_DAYS[type] !== undefined;

/** The days a subscriber chooses: at most five, each once, whole days up to a year; land dates a month or two ahead only. */
export function checkReminderDays(type: ReminderType, days: readonly number[], issues: Issues): void {
  if (!isScheduled(type)) {
    if (days.length) issues.add('reminderDays', 'NOT_SCHEDULED', 'This reminder type is sent on an event, not on a schedule: it has no days.');
    return;
  }
  if (days.length > MAX_REMINDER_DAYS) issues.add('reminderDays', 'TOO_MANY_VALUES', `At most ${MAX_REMINDER_DAYS} days.`);
  const seen = new Set<number>();
  for (const [i, day] of days.entries()) {
    if (seen.has(day)) issues.add(['reminderDays', String(i)], 'DUPLICATE_DAY', `${day} is given twice.`);
    seen.add(day);
    if (!Number.isInteger(day) || day < 1 || day > 365) issues.add(['reminderDays', String(i)], 'OUT_OF_RANGE', 'A whole number of days from 1 to 365.');
    else if (type === ReminderType.ESTIMATED_LAND_DATE && !(LAND_DATE_DAYS as readonly number[]).includes(day)) {
      issues.add(['reminderDays', String(i)], 'OUT_OF_RANGE', 'Land date reminders are 30 or 60 days (a month or two) ahead.');
    }
  }
}
