import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { findOne, listConnection } from '../../graphql/list.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { InvestmentProjectCreateInput, InvestmentProjectTeamMemberInput, InvestmentProjectUpdateInput } from './investment-project.input.js';
import { investmentProjectModel } from './investment-project.model.js';
import { InvestmentProjectConnection, InvestmentProjectListArgs, InvestmentProjectType } from './investment-project.types.js';

@Resolver()
export class InvestmentProjectResolver {
  @Query(() => InvestmentProjectType, { nullable: true, description: 'One investment project; NOT_FOUND when there is none with this id, or none the caller may see.' })
  investmentProject(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, investmentProjectModel, id, info);
  }

  @Query(() => InvestmentProjectConnection, { description: "Investment projects, filtered and ordered (newest first by default); a caller with associated access sees their team's only." })
  investmentProjects(@Args(() => InvestmentProjectListArgs) args: InstanceType<typeof InvestmentProjectListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, investmentProjectModel, args, info);
  }

  @Mutation(() => InvestmentProjectType, { nullable: true, description: 'Creates a project at Prospect, ongoing, with the next DHP- code; every field Prospect needs is checked at once.' })
  async createInvestmentProject(@Arg('input', () => InvestmentProjectCreateInput) input: InvestmentProjectCreateInput, @Ctx() ctx: Context) {
    return findOne(ctx, investmentProjectModel, await ctx.services.investmentProject.create(ctx.em, ctx.viewer, input));
  }

  @Mutation(() => InvestmentProjectType, {
    nullable: true,
    description: 'Changes the fields given. With stageId it moves the project and checks every field up to that stage (all missing ones at once); otherwise only the fields given. An archived project is read-only.',
  })
  async updateInvestmentProject(@Arg('id', () => UUIDScalar) id: string, @Arg('input', () => InvestmentProjectUpdateInput) input: InvestmentProjectUpdateInput, @Ctx() ctx: Context) {
    return findOne(ctx, investmentProjectModel, await ctx.services.investmentProject.update(ctx.em, ctx.viewer, id, input));
  }

  @Mutation(() => InvestmentProjectType, { nullable: true, description: 'Sets any stage without checking its fields (the Investment Verification Team); logged like any stage change.' })
  async setInvestmentProjectStage(@Arg('id', () => UUIDScalar) id: string, @Arg('stageId', () => UUIDScalar) stageId: string, @Ctx() ctx: Context) {
    return findOne(ctx, investmentProjectModel, await ctx.services.investmentProject.setStage(ctx.em, ctx.viewer, id, stageId));
  }

  @Mutation(() => InvestmentProjectType, { nullable: true, description: 'The team becomes this list: each adviser once, with a role.' })
  async setInvestmentProjectTeamMembers(
    @Arg('id', () => UUIDScalar) id: string,
    @Arg('teamMembers', () => [InvestmentProjectTeamMemberInput]) teamMembers: InvestmentProjectTeamMemberInput[],
    @Ctx() ctx: Context,
  ) {
    return findOne(ctx, investmentProjectModel, await ctx.services.investmentProject.setTeamMembers(ctx.em, ctx.viewer, id, teamMembers));
  }

  @Mutation(() => InvestmentProjectType, { nullable: true, description: 'Archives a project with a reason: read-only until unarchived.' })
  async archiveInvestmentProject(@Arg('id', () => UUIDScalar) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return findOne(ctx, investmentProjectModel, await ctx.services.investmentProject.archive(ctx.em, ctx.viewer, id, reason));
  }

  @Mutation(() => InvestmentProjectType, { nullable: true, description: 'Unarchives a project.' })
  async unarchiveInvestmentProject(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    return findOne(ctx, investmentProjectModel, await ctx.services.investmentProject.unarchive(ctx.em, ctx.viewer, id));
  }
}
