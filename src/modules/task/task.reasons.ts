import { defineReasons, type ReasonsOf } from '../../errors.js';

/** The task module's reason codes (src/errors.ts ErrorReasons). */
export const taskReasons = defineReasons({
  ONE_RELATED_RECORD: 'A task names more than one of a company, an investment project and an interaction: keep only one.',
  REMINDER_WITHOUT_DUE_DATE: 'Reminder days were given without a due date to count back from: give a due date, or clear the reminder days.',
  ALREADY_COMPLETE: 'The task is complete already: nothing to do.',
  NOT_COMPLETE: 'The task is not complete, so it cannot be reopened: nothing to do.',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof taskReasons> {}
}
