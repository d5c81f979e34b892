import { defineModule, type ModuleManifest } from '../../module.js';
import { featureFlagCommands } from './feature-flag.commands.js';
import { AdviserFeatureFlag, AdviserFeatureFlagGroup, FeatureFlag, FeatureFlagGroup } from './feature-flag.entity.js';
import { featureFlagAccess as access, featureFlagPermissions as rules } from './feature-flag.permissions.js';
import { featureFlagReasons as reasons } from './feature-flag.reasons.js';
import { FeatureFlagResolver, ViewerFeatureFields } from './feature-flag.resolver.js';
import { mergeDeclared } from './feature-flag.rules.js';
import { createFeatureFlagService } from './feature-flag.service.js';

export { isFeatureEnabled, advisersWithFeature, featuresOf } from './feature-flag.reads.js';
export { isOn, type FlagState } from './feature-flag.rules.js';
export { createFeatureFlagService, type FeatureFlagService } from './feature-flag.service.js';
export { FeatureFlag, FeatureFlagGroup, AdviserFeatureFlag, AdviserFeatureFlagGroup } from './feature-flag.entity.js';

declare module '../../graphql/context.js' {
  interface Services {
    featureFlags: import('./feature-flag.service.js').FeatureFlagService;
  }
}

/**
 * Feature flags (src/module.ts), for the modules given: the flags they declare (their manifests'
 * `features`) are known to it, listed and settable before anyone has stored them, and off until switched on.
 * Made from the module list, as search is, so no module imports the list.
 */
export function featureFlagModuleFor(modules: readonly ModuleManifest[]) {
  const service = createFeatureFlagService(mergeDeclared(modules));
  return defineModule({
    name: 'feature-flag',
    entities: [FeatureFlag, FeatureFlagGroup, AdviserFeatureFlag, AdviserFeatureFlagGroup],
    resolvers: [FeatureFlagResolver, ViewerFeatureFields],
    rules,
    access,
    reasons,
    audited: [{ entity: FeatureFlag }, { entity: FeatureFlagGroup, linkKeys: { flags: (flag: FeatureFlag) => flag.code } }, { entity: AdviserFeatureFlag }, { entity: AdviserFeatureFlagGroup }],
    commands: featureFlagCommands(service),
    services: () => ({ featureFlags: service }),
  });
}
