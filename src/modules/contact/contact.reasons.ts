import { defineReasons, type ReasonsOf } from '../../errors.js';

/** The contact module's reason codes (src/errors.ts ErrorReasons). */
export const contactReasons = defineReasons({
  INVALID_PHONE: 'The telephone number is not in the international format: write it like "+44 20 7946 0000".',
  ADDRESS_BOTH: 'Both addressSameAsCompany and an address were given: give one of them.',
  ADDRESS_REQUIRED: 'Neither an address nor addressSameAsCompany was given: give one of them.',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof contactReasons> {}
}
