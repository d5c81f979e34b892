import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { findOne, listConnection } from '../../graphql/list.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { ServiceType, servicesInContextsList } from '../metadata/index.js';
import { InteractionKind, InteractionTheme } from './interaction.enums.js';
import { serviceContextsFor } from './interaction.form-rules.js';
import { InteractionCreateInput, InteractionUpdateInput } from './interaction.input.js';
import { interactionModel } from './interaction.model.js';
import { InteractionConnection, InteractionListArgs, InteractionType } from './interaction.types.js';

@Resolver()
export class InteractionResolver {
  @Query(() => InteractionType, { nullable: true, description: 'One interaction; NOT_FOUND when there is none with this id.' })
  interaction(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, interactionModel, id, info);
  }

  @Query(() => InteractionConnection, { description: 'Interactions and service deliveries, filtered and ordered (latest first by default).' })
  interactions(@Args(() => InteractionListArgs) args: InstanceType<typeof InteractionListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, interactionModel, args, info);
  }

  @Query(() => [ServiceType], {
    description:
      "The services the form offers for an interaction of this kind and theme: enabled leaves of the service tree whose `contexts` allow them, as createInteraction checks (SERVICE_NOT_FOR_CONTEXT otherwise). Without a theme, any service of the kind's contexts.",
  })
  interactionServices(
    @Arg('kind', () => InteractionKind) kind: InteractionKind,
    @Arg('theme', () => InteractionTheme, { nullable: true }) theme: InteractionTheme | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    // Through the request's reference lists, so a form's lists and its services come in one statement.
    return servicesInContextsList(ctx, serviceContextsFor(kind, theme ?? null), info);
  }

  @Mutation(() => InteractionType, { nullable: true, description: 'Records an interaction; every rule is checked and nothing is written on error.' })
  async createInteraction(@Arg('input', () => InteractionCreateInput) input: InteractionCreateInput, @Ctx() ctx: Context) {
    const id = await ctx.services.interaction.create(ctx.em, ctx.viewer, input);
    return findOne(ctx, interactionModel, id);
  }

  @Mutation(() => InteractionType, { nullable: true, description: 'Changes the fields given; an archived interaction is read-only.' })
  async updateInteraction(@Arg('id', () => UUIDScalar) id: string, @Arg('input', () => InteractionUpdateInput) input: InteractionUpdateInput, @Ctx() ctx: Context) {
    await ctx.services.interaction.update(ctx.em, ctx.viewer, id, input);
    return findOne(ctx, interactionModel, id);
  }

  @Mutation(() => InteractionType, {
    nullable: true,
    description:
      'Archives an interaction (entered in error, a duplicate) with a reason of at most 1,000 characters; it becomes read-only and leaves ' +
      "its company's latest interaction date. ALREADY_ARCHIVED (CONFLICT) when it is archived already.",
  })
  async archiveInteraction(@Arg('id', () => UUIDScalar) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    await ctx.services.interaction.archive(ctx.em, ctx.viewer, id, reason);
    return findOne(ctx, interactionModel, id);
  }

  @Mutation(() => InteractionType, { nullable: true, description: 'Restores an archived interaction; NOT_ARCHIVED (CONFLICT) when it is not archived.' })
  async unarchiveInteraction(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    await ctx.services.interaction.unarchive(ctx.em, ctx.viewer, id);
    return findOne(ctx, interactionModel, id);
  }
}
