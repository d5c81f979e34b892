import { Ctx, Field, FieldResolver, getMetadataStorage, ObjectType, Resolver, Root, type ClassType } from 'type-graphql';
import type { ArchivableRow, ReadModel, Row } from '../../db/read-model.js';
import { connectionType } from '../../graphql/connection.js';
import { manyToOne } from '../../graphql/lookahead.js';
import { registerReads } from '../../graphql/selected-columns.js';
import type { Context } from '../../graphql/context.js';
import { DateTimeScalar, UUIDScalar } from '../../graphql/scalars.js';
import { CountryType, metadataModels, TeamRoleType, UkRegionType } from '../metadata/index.js';
import { adviserModel, teamModel, type AdviserRow, type TeamRow } from './adviser.model.js';

@ObjectType('Team', { simpleResolvers: true, description: 'A DBT team; its role grants permission groups to every member.' })
export class TeamType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  disabledOn!: Date | null;

  @Field(() => [String])
  tags!: string[];
}

@ObjectType('Adviser', { simpleResolvers: true, description: 'A member of staff using the CRM.' })
export class AdviserType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The username; unique without regard to case. Null, with a FORBIDDEN error, for a caller who may not see contact details.',
  })
  email!: string | null;

  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Preferred address for mail, when it differs from `email`.' })
  contactEmail!: string | null;

  @Field(() => String, { nullable: true })
  telephoneNumber!: string | null;

  @Field()
  isActive!: boolean;

  @Field(() => DateTimeScalar)
  createdOn!: Date;
}

@ObjectType('Viewer', { simpleResolvers: true, description: 'Who is calling.' })
export class ViewerType {
  @Field(() => AdviserType)
  adviser!: AdviserRow;

  @Field({ description: 'Superusers have every permission.' })
  isSuperuser!: boolean;

  @Field(() => [String], { description: "Effective permission groups, sorted: the adviser's own and their team role's." })
  groups!: readonly string[];

  @Field(() => [String], { description: 'Effective permissions, sorted: those of the groups, or every one for a superuser.' })
  permissions!: string[];
}

export const AdviserConnection = connectionType('Adviser', AdviserType);
export const TeamConnection = connectionType('Team', TeamType);

const load = <R extends Row>(ctx: Context, model: ReadModel<R>, id: string | null | undefined) =>
  id ? ctx.loaders.byId(model).load(id) : null;

const adviserTeam = manyToOne('Adviser', 'team', teamModel, 'ditTeamId');

registerReads('Adviser', 'name', ['firstName', 'lastName']);

@Resolver(() => AdviserType)
export class AdviserFields {
  @FieldResolver(() => String, { description: 'First and last name.' })
  name(@Root() row: AdviserRow) {
    return `${row.firstName} ${row.lastName}`;
  }

  @FieldResolver(() => TeamType, { nullable: true })
  team(@Root() row: AdviserRow, @Ctx() ctx: Context) {
    return adviserTeam(ctx, row);
  }
}

@Resolver(() => TeamType)
export class TeamFields {
  @FieldResolver(() => TeamRoleType, { nullable: true })
  role(@Root() row: TeamRow, @Ctx() ctx: Context) {
    return load(ctx, metadataModels.teamRole, row.roleId);
  }

  @FieldResolver(() => UkRegionType, { nullable: true })
  ukRegion(@Root() row: TeamRow, @Ctx() ctx: Context) {
    return load(ctx, metadataModels.ukRegion, row.ukRegionId);
  }

  @FieldResolver(() => CountryType, { nullable: true })
  country(@Root() row: TeamRow, @Ctx() ctx: Context) {
    return load(ctx, metadataModels.country, row.countryId);
  }
}

/** Abstract GraphQL bases for records that carry created/modified (and archived) on and by. */
// Never referenced directly, so not emitted: it only lends its fields.
@ObjectType('TrackedType', { simpleResolvers: true })
export abstract class TrackedType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => DateTimeScalar)
  createdOn!: Date;

  @Field(() => DateTimeScalar)
  modifiedOn!: Date;
}

// Never referenced directly, so not emitted: it only lends its fields.
@ObjectType('ArchivableType', { simpleResolvers: true })
export abstract class ArchivableType extends TrackedType {
  @Field()
  archived!: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  archivedOn!: Date | null;

  @Field(() => String, { nullable: true })
  archivedReason!: string | null;
}

/**
 * The createdBy / modifiedBy / archivedBy field resolvers for one concrete type, and what each reads of its
 * row (so a list asking for them still selects only the columns it reads).
 */
export function trackedFieldResolvers(type: ClassType, archivable: boolean): ClassType {
  const typeName = getMetadataStorage().objectTypes.find((t) => t.target === type)?.name;
  if (!typeName) throw new Error(`${type.name} is not a type-graphql object type`);
  registerReads(typeName, 'createdBy', ['createdById']);
  registerReads(typeName, 'modifiedBy', ['modifiedById']);
  if (archivable) registerReads(typeName, 'archivedBy', ['archivedById']);
  @Resolver(() => type)
  class TrackedFields {
    @FieldResolver(() => AdviserType, { nullable: true })
    createdBy(@Root() row: Pick<ArchivableRow, 'createdById'>, @Ctx() ctx: Context) {
      return load(ctx, adviserModel, row.createdById);
    }

    @FieldResolver(() => AdviserType, { nullable: true })
    modifiedBy(@Root() row: Pick<ArchivableRow, 'modifiedById'>, @Ctx() ctx: Context) {
      return load(ctx, adviserModel, row.modifiedById);
    }
  }
  if (!archivable) return TrackedFields;
  @Resolver(() => type)
  class ArchivableFields extends TrackedFields {
    @FieldResolver(() => AdviserType, { nullable: true })
    archivedBy(@Root() row: Pick<ArchivableRow, 'archivedById'>, @Ctx() ctx: Context) {
      return load(ctx, adviserModel, row.archivedById);
    }
  }
  return ArchivableFields;
}
