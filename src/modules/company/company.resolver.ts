import { Arg, Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../graphql/context.js';
import { findOne, listConnection } from '../../graphql/list.js';
import { assertMaySetUnique } from '../../graphql/readable-arguments.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { CompanyCreateInput, CompanyUpdateInput } from './company.input.js';
import { companyModel } from './company.model.js';
import { CompanyConnection, CompanyListArgs, CompanyType } from './company.types.js';

@Resolver()
export class CompanyResolver {
  @Query(() => CompanyType, { nullable: true, description: 'One company; NOT_FOUND when there is none with this id.' })
  company(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, companyModel, id, info);
  }

  @Query(() => CompanyConnection, { description: 'Companies, filtered and ordered (archived ones included unless filtered out).' })
  companies(@Args(() => CompanyListArgs) args: InstanceType<typeof CompanyListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, companyModel, args, info);
  }

  @Mutation(() => CompanyType, { nullable: true, description: 'Creates a company; every rule is checked and nothing is written on error.' })
  async createCompany(@Arg('input', () => CompanyCreateInput) input: CompanyCreateInput, @Ctx() ctx: Context) {
    assertMaySetUnique(ctx, 'Company', 'dunsNumber', input);
    const id = await ctx.services.company.create(ctx.em, ctx.viewer, input);
    return findOne(ctx, companyModel, id);
  }

  @Mutation(() => CompanyType, { nullable: true, description: 'Changes the fields given; an archived company is read-only.' })
  async updateCompany(@Arg('id', () => UUIDScalar) id: string, @Arg('input', () => CompanyUpdateInput) input: CompanyUpdateInput, @Ctx() ctx: Context) {
    assertMaySetUnique(ctx, 'Company', 'dunsNumber', input);
    await ctx.services.company.update(ctx.em, ctx.viewer, id, input);
    return findOne(ctx, companyModel, id);
  }

  @Mutation(() => CompanyType, { nullable: true, description: 'Archives a company with a reason; it becomes read-only.' })
  async archiveCompany(@Arg('id', () => UUIDScalar) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    await ctx.services.company.archive(ctx.em, ctx.viewer, id, reason);
    return findOne(ctx, companyModel, id);
  }

  @Mutation(() => CompanyType, { nullable: true, description: 'Restores an archived company.' })
  async unarchiveCompany(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    await ctx.services.company.unarchive(ctx.em, ctx.viewer, id);
    return findOne(ctx, companyModel, id);
  }
}
