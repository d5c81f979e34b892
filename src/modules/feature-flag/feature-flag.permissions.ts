import { defineAccess, type CodenamesOf } from '../../auth/access.js';
import { can, type RuleTree } from '../../graphql/rules.js';

/** Administering feature flags: no group but Administrator has it (Administrator has every permission), and no scope grants it. */
export const featureFlagAccess = defineAccess({
  permissions: { manage_feature_flag: 'Switch feature flags on and off, make flag groups, and give advisers flags and groups.' },
});

declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof featureFlagAccess> {}
}

/** The flags' administration needs `manage_feature_flag`; `viewer.features` is every adviser's (the viewer's rule). */
export const featureFlagPermissions: RuleTree = {
  Query: {
    featureFlags: can('manage_feature_flag'),
    featureFlagGroups: can('manage_feature_flag'),
    adviserFeatureFlags: can('manage_feature_flag'),
  },
  Mutation: {
    setFeatureFlag: can('manage_feature_flag'),
    setFeatureFlagGroup: can('manage_feature_flag'),
    setAdviserFeatureFlags: can('manage_feature_flag'),
  },
};
