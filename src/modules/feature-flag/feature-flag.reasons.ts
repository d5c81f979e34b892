import { defineReasons, type ReasonsOf } from '../../errors.js';

/** The feature-flag module's reason codes (src/errors.ts ErrorReasons). */
export const featureFlagReasons = defineReasons({
  INVALID_FEATURE_CODE: 'A flag or group code must be lower-case letters and digits, words joined by hyphens (auto-archive-companies): correct it.',
  UNKNOWN_FEATURE_FLAG: 'No flag has this code, and no module declares it: take the code from `featureFlags`, or give a description to create the flag.',
  UNKNOWN_FEATURE_FLAG_GROUP: 'No flag group has this code: take the code from `featureFlagGroups`, or create the group with `setFeatureFlagGroup`.',
});

declare module '../../errors.js' {
  interface ErrorReasons extends ReasonsOf<typeof featureFlagReasons> {}
}
