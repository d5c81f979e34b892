import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { findOne, listConnection } from '../../graphql/list.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { TaskCreateInput, TaskUpdateInput } from './task.input.js';
import { taskModel } from './task.model.js';
import { TaskConnection, TaskListArgs, TaskType } from './task.types.js';

@Resolver()
export class TaskResolver {
  @Query(() => TaskType, { nullable: true, description: 'One task; NOT_FOUND when there is none with this id, or none the caller may see.' })
  task(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, taskModel, id, info);
  }

  @Query(() => TaskConnection, { description: "Tasks, filtered and ordered (soonest due first by default): the caller's own (created or assigned) unless it has view_all_task." })
  tasks(@Args(() => TaskListArgs) args: InstanceType<typeof TaskListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, taskModel, args, info);
  }

  @Mutation(() => TaskType, { nullable: true, description: 'Creates an active task; the advisers assigned other than the caller are told (a task event).' })
  async createTask(@Arg('input', () => TaskCreateInput) input: TaskCreateInput, @Ctx() ctx: Context) {
    return findOne(ctx, taskModel, await ctx.services.task.create(ctx.em, ctx.viewer, input));
  }

  @Mutation(() => TaskType, { nullable: true, description: 'Changes the fields given; an archived task is read-only.' })
  async updateTask(@Arg('id', () => UUIDScalar) id: string, @Arg('input', () => TaskUpdateInput) input: TaskUpdateInput, @Ctx() ctx: Context) {
    return findOne(ctx, taskModel, await ctx.services.task.update(ctx.em, ctx.viewer, id, input));
  }

  @Mutation(() => TaskType, { nullable: true, description: "Marks a task complete (Data Hub's status-complete)." })
  async completeTask(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    return findOne(ctx, taskModel, await ctx.services.task.complete(ctx.em, ctx.viewer, id));
  }

  @Mutation(() => TaskType, { nullable: true, description: "Makes a complete task active again (Data Hub's status-active)." })
  async reopenTask(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    return findOne(ctx, taskModel, await ctx.services.task.reopen(ctx.em, ctx.viewer, id));
  }

  @Mutation(() => TaskType, { nullable: true, description: 'Archives a task with a reason: read-only until unarchived.' })
  async archiveTask(@Arg('id', () => UUIDScalar) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return findOne(ctx, taskModel, await ctx.services.task.archive(ctx.em, ctx.viewer, id, reason));
  }

  @Mutation(() => TaskType, { nullable: true, description: 'Unarchives a task.' })
  async unarchiveTask(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    return findOne(ctx, taskModel, await ctx.services.task.unarchive(ctx.em, ctx.viewer, id));
  }
}
