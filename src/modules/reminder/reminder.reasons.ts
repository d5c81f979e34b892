import { defineReasons, type ReasonsOf } from '../../errors.js';

/** The reminder module's reason codes (src/errors.ts ErrorReasons). */
export const reminderReasons = defineReasons({
  NOT_SCHEDULED: 'This reminder type is sent when something happens, not on a schedule, so it takes no reminderDays: leave them out.',
  DUPLICATE_DAY: 'A number of days is given twice: give each once.',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof reminderReasons> {}
}
