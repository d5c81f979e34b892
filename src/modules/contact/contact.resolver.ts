import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { findOne, listConnection } from '../../graphql/list.js';
import { assertMaySetUnique } from '../../graphql/readable-arguments.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { ContactCreateInput, ContactUpdateInput } from './contact.input.js';
import { contactModel } from './contact.model.js';
import { ContactConnection, ContactListArgs, ContactType } from './contact.types.js';

@Resolver()
export class ContactResolver {
  @Query(() => ContactType, { nullable: true, description: 'One contact; NOT_FOUND when there is none with this id.' })
  contact(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, contactModel, id, info);
  }

  @Query(() => ContactConnection, { description: 'Contacts, filtered and ordered.' })
  contacts(@Args(() => ContactListArgs) args: InstanceType<typeof ContactListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, contactModel, args, info);
  }

  @Mutation(() => ContactType, { nullable: true, description: 'Creates a contact at a company that is not archived.' })
  async createContact(@Arg('input', () => ContactCreateInput) input: ContactCreateInput, @Ctx() ctx: Context) {
    assertMaySetUnique(ctx, 'Contact', 'email', input);
    return findOne(ctx, contactModel, await ctx.services.contact.create(ctx.em, ctx.viewer, input));
  }

  @Mutation(() => ContactType, { nullable: true, description: 'Changes the fields given; an archived contact is read-only.' })
  async updateContact(@Arg('id', () => UUIDScalar) id: string, @Arg('input', () => ContactUpdateInput) input: ContactUpdateInput, @Ctx() ctx: Context) {
    assertMaySetUnique(ctx, 'Contact', 'email', input);
    return findOne(ctx, contactModel, await ctx.services.contact.update(ctx.em, ctx.viewer, id, input));
  }

  @Mutation(() => ContactType, { nullable: true, description: 'Archives a contact with a reason; it becomes read-only.' })
  async archiveContact(@Arg('id', () => UUIDScalar) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return findOne(ctx, contactModel, await ctx.services.contact.archive(ctx.em, ctx.viewer, id, reason));
  }

  @Mutation(() => ContactType, { nullable: true, description: 'Restores an archived contact.' })
  async unarchiveContact(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: Context) {
    return findOne(ctx, contactModel, await ctx.services.contact.unarchive(ctx.em, ctx.viewer, id));
  }
}
