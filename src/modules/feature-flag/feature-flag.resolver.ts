import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { UUIDScalar } from '../../graphql/scalars.js';
// The adviser module's index does not export the Viewer type, which `features` extends.
import { ViewerType } from '../adviser/index.js';
import { featuresOf } from './feature-flag.reads.js';
import { AdviserFeatureFlagsType, FeatureFlagGroupType, FeatureFlagType } from './feature-flag.types.js';

const by = (ctx: Context): string | null => (ctx.viewer.kind === 'adviser' ? ctx.viewer.adviserId : null);

/** The flags' administration (the service does the work); every field needs `manage_feature_flag`. */
@Resolver()
export class FeatureFlagResolver {
  @Query(() => [FeatureFlagType], { description: 'Every feature flag, by code: the stored ones and those modules declare, with their state and groups.' })
  featureFlags(@Ctx() ctx: Context): Promise<FeatureFlagType[]> {
    return ctx.services.featureFlags.list(ctx.em);
  }

  @Query(() => [FeatureFlagGroupType], { description: 'Every flag group, by code, with its flags.' })
  featureFlagGroups(@Ctx() ctx: Context): Promise<FeatureFlagGroupType[]> {
    return ctx.services.featureFlags.groups(ctx.em);
  }

  @Query(() => AdviserFeatureFlagsType, { nullable: true, description: "An adviser's own flags and groups, and the flags on for them; NOT_FOUND for no adviser." })
  adviserFeatureFlags(@Arg('adviserId', () => UUIDScalar) adviserId: string, @Ctx() ctx: Context): Promise<AdviserFeatureFlagsType> {
    return ctx.services.featureFlags.adviser(ctx.em, adviserId);
  }

  @Mutation(() => FeatureFlagType, {
    nullable: true,
    description:
      'Switches a flag on or off for the whole environment. A code no flag has and no module declares is created only when a description is given ' +
      '(UNKNOWN_FEATURE_FLAG otherwise); a declared flag keeps its module\'s description. Advisers given the flag keep it when it is switched off.',
  })
  setFeatureFlag(
    @Arg('code') code: string,
    @Arg('enabled') enabled: boolean,
    @Arg('description', () => String, { nullable: true, description: 'At most 1,000 characters; needed to create a flag.' }) description: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<FeatureFlagType> {
    return ctx.services.featureFlags.setFlag(ctx.em, { code, enabled, description }, by(ctx));
  }

  @Mutation(() => FeatureFlagGroupType, { nullable: true, description: 'Creates a flag group, or sets its flags (every one: the list replaces them) and description.' })
  setFeatureFlagGroup(
    @Arg('code') code: string,
    @Arg('flags', () => [String]) flags: string[],
    @Arg('description', () => String, { nullable: true }) description: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<FeatureFlagGroupType> {
    return ctx.services.featureFlags.setGroup(ctx.em, { code, flags, description }, by(ctx));
  }

  @Mutation(() => AdviserFeatureFlagsType, {
    nullable: true,
    description: "Sets an adviser's own flags and flag groups (every one: empty lists take them all away). Unknown codes are reported together, nothing written.",
  })
  setAdviserFeatureFlags(
    @Arg('adviserId', () => UUIDScalar) adviserId: string,
    @Arg('flags', () => [String]) flags: string[],
    @Arg('groups', () => [String]) groups: string[],
    @Ctx() ctx: Context,
  ): Promise<AdviserFeatureFlagsType> {
    return ctx.services.featureFlags.setAdviser(ctx.em, adviserId, { flags, groups }, by(ctx));
  }
}

@Resolver(() => ViewerType)
export class ViewerFeatureFields {
  @FieldResolver(() => [String], {
    description: 'The codes of the feature flags on for you, sorted: on for the environment, given to you, or to a flag group you are in.',
  })
  features(@Ctx() ctx: Context): Promise<string[]> {
    // Only advisers have a viewer (its rule), so this is theirs.
    return ctx.viewer.kind === 'adviser' ? featuresOf(ctx.em, ctx.viewer.adviserId) : Promise.resolve([]);
  }
}
