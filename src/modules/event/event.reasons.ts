import { defineReasons, type ReasonsOf } from '../../errors.js';

/** The event module's reason codes (src/errors.ts ErrorReasons). */
export const eventReasons = defineReasons({
  END_BEFORE_START: 'The end date is before the start date: correct one of them.',
  LEAD_TEAM_NOT_IN_TEAMS: 'The lead team is not one of the teams: add it to teamIds, or choose another lead team.',
  DISABLED_READ_ONLY: 'The event is disabled, so it cannot be changed: enable it first.',
  ALREADY_DISABLED: 'The event is disabled already: nothing to do.',
  NOT_DISABLED: 'The event is not disabled, so it cannot be enabled: nothing to do.',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof eventReasons> {}
}
