import { Arg, Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { forbidden, notFound } from '../../errors.js';
import { fetchOne } from '../../db/read-model.js';
import { planEmbeds } from '../../graphql/lookahead.js';
import { listArgsFor } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { findOne, listConnection } from '../../graphql/list.js';
import { UUIDScalar } from '../../graphql/scalars.js';
import { adviserModel, teamModel } from './adviser.model.js';
import { AdviserConnection, AdviserType, TeamConnection, TeamType, ViewerType } from './adviser.types.js';

const AdviserArgs = listArgsFor(adviserModel).ListArgs;

/** The fields selected under `field` of the current field's selection (through fragments). */
function selectedUnder(info: GraphQLResolveInfo, field: string): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined, into: (node: FieldNode) => void) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'Field') into(s);
      else if (s.kind === 'InlineFragment') visit(s.selectionSet, into);
      else visit(info.fragments[s.name.value]?.selectionSet, into);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, (f) => f.name.value === field && !f.directives?.length && visit(f.selectionSet, (child) => out.push(child)));
  return out;
}
const TeamArgs = listArgsFor(teamModel).ListArgs;

@Resolver()
export class AdviserResolver {
  @Query(() => ViewerType, {
    nullable: true,
    description:
      'The adviser the token belongs to (`adviser`, an Adviser: their interactions and the rest of a dashboard hang from it), with their permissions. ' +
      'A partner API client is no adviser: null, with a FORBIDDEN error, so the other root fields of the request still answer.',
  })
  async viewer(@Info() info: GraphQLResolveInfo, @Ctx() ctx: Context): Promise<ViewerType> {
    // Its rule (isAdviser) lets only advisers through.
    if (ctx.viewer.kind !== 'adviser') throw forbidden('Only advisers have a viewer.');
    const { adviserId, isSuperuser, groups, permissions } = ctx.viewer;
    // A dashboard's lists under `adviser` (their interactions, the companies they manage) come in its statement.
    const embeds = planEmbeds(ctx, info, 'Adviser', selectedUnder(info, 'adviser'));
    const adviser = embeds.length ? await fetchOne(ctx.em, adviserModel, adviserId, embeds, ctx.rows(adviserModel)) : await findOne(ctx, adviserModel, adviserId);
    if (!adviser) throw notFound('Adviser', adviserId);
    return { adviser, isSuperuser, groups, permissions: [...permissions].sort() };
  }

  @Query(() => AdviserType, { nullable: true, description: 'One adviser; NOT_FOUND when there is none with this id.' })
  adviser(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, adviserModel, id, info);
  }

  @Query(() => AdviserConnection, { description: 'Advisers, filtered and ordered.' })
  advisers(@Args(() => AdviserArgs) args: InstanceType<typeof AdviserArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, adviserModel, args, info);
  }

  @Query(() => TeamType, { nullable: true, description: 'One team; NOT_FOUND when there is none with this id.' })
  team(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, teamModel, id, info);
  }

  @Query(() => TeamConnection, { description: 'Teams, filtered and ordered.' })
  teams(@Args(() => TeamArgs) args: InstanceType<typeof TeamArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, teamModel, args, info);
  }
}
