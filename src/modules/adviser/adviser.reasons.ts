import { defineReasons, type ReasonsOf } from '../../errors.js';

/** The adviser module's reason codes (src/errors.ts ErrorReasons); a contact's email is checked with INVALID_EMAIL too. */
export const adviserReasons = defineReasons({
  INVALID_EMAIL: 'The value is not an email address: correct it.',
  UNKNOWN_GROUP: 'A group named is not one of the groups (the message lists them): correct the name.',
  UNKNOWN_PERMISSION: 'A permission codename named is not one this gateway has: correct it (docs/permissions.md lists them).',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof adviserReasons> {}
}
