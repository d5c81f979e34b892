import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { findOne, listConnection } from '../../graphql/list.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { EventCreateInput, EventUpdateInput } from './event.input.js';
import { eventModel } from './event.model.js';
import { EventConnection, EventListArgs, EventObjectType } from './event.types.js';

@Resolver()
export class EventResolver {
  @Query(() => EventObjectType, { nullable: true, description: 'One event; NOT_FOUND when there is none with this id.' })
  event(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, eventModel, id, info);
  }

  @Query(() => EventConnection, { description: 'Events, filtered and ordered (latest start first by default).' })
  events(@Args(() => EventListArgs) args: InstanceType<typeof EventListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, eventModel, args, info);
  }

  @Mutation(() => EventObjectType, { nullable: true, description: 'Creates an event.' })
  async createEvent(@Arg('input', () => EventCreateInput) input: EventCreateInput, @Ctx() ctx: Context) {
    return findOne(ctx, eventModel, await ctx.services.event.create(ctx.em, ctx.viewer, input));
  }

  @Mutation(() => EventObjectType, { nullable: true, description: 'Changes the fields given; a disabled event is read-only.' })
  async updateEvent(@Arg('id', () => UUIDScalar) id: string, @Arg('input', () => EventUpdateInput) input: EventUpdateInput, @Ctx() ctx: Context) {
    return findOne(ctx, eventModel, await ctx.services.event.update(ctx.em, ctx.viewer, id, input));
  }

  @Mutation(() => EventObjectType, { nullable: true, description: 'Disables an event: kept on old records, read-only until enabled.' })
  async disableEvent(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    return findOne(ctx, eventModel, await ctx.services.event.disable(ctx.em, ctx.viewer, id));
  }

  @Mutation(() => EventObjectType, { nullable: true, description: 'Enables a disabled event again.' })
  async enableEvent(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    return findOne(ctx, eventModel, await ctx.services.event.enable(ctx.em, ctx.viewer, id));
  }
}
