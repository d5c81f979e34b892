import { Field, Int, ObjectType } from 'type-graphql';
import { UUIDScalar } from '../../graphql/scalars.js';

@ObjectType('FeatureFlag', {
  simpleResolvers: true,
  description: 'A feature flag: on for the whole environment, or for the advisers given it (themselves or through a flag group).',
})
export class FeatureFlagType {
  @Field({ description: 'Its code, what code and frontends ask for (`viewer.features`).' })
  code!: string;

  @Field({ description: 'What it switches.' })
  description!: string;

  @Field({ description: 'On for everyone (and for jobs, which act for no adviser).' })
  enabled!: boolean;

  @Field({ description: 'A module declares it in code (its description is the module\'s); it is off until switched on.' })
  declared!: boolean;

  @Field(() => [String], { description: 'The codes of the flag groups it is in.' })
  groups!: string[];

  @Field(() => Int, { description: 'How many advisers have it themselves (not counting its groups).' })
  advisers!: number;
}

@ObjectType('FeatureFlagGroup', { simpleResolvers: true, description: 'A named set of flags an adviser can be given together (a pilot, a beta).' })
export class FeatureFlagGroupType {
  @Field()
  code!: string;

  @Field()
  description!: string;

  @Field(() => [String], { description: 'The codes of its flags.' })
  flags!: string[];

  @Field(() => Int, { description: 'How many advisers are in it.' })
  advisers!: number;
}

@ObjectType('AdviserFeatureFlags', { simpleResolvers: true, description: "An adviser's own flags and flag groups, and the flags on for them." })
export class AdviserFeatureFlagsType {
  @Field(() => UUIDScalar)
  adviserId!: string;

  @Field(() => [String], { description: 'The flags given to them themselves.' })
  flags!: string[];

  @Field(() => [String], { description: 'The flag groups they are in.' })
  groups!: string[];

  @Field(() => [String], { description: 'Every flag on for them: on for the environment, theirs, or their groups\'.' })
  features!: string[];
}
