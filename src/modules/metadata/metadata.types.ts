import type { GraphQLResolveInfo } from 'graphql';
import { Field, FieldResolver, Float, ObjectType, Resolver, Root, Ctx, Info, type ClassType } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { embeddedList, manyToOne, registerEmbed } from '../../graphql/lookahead.js';
import { DateTimeScalar, UUIDScalar } from '../../graphql/scalars.js';
import { embedColumn, type Embed } from '../../db/read-model.js';
import { childLists } from './metadata.lists.js';
import { metadataModels, type MetadataRow } from './metadata.models.js';
import { childrenOf, servicesWithChildren } from './metadata.service.js';

/** The fields every reference row has. */
// Never referenced directly, so not emitted: it only lends its fields (to other modules' reference types too).
@ObjectType('ReferenceBase', { simpleResolvers: true })
export abstract class ReferenceBase {
  @Field(() => UUIDScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Set: kept on old records, refused for new ones.' })
  disabledOn!: Date | null;
}

// Never referenced directly, so not emitted: it only lends its fields.
@ObjectType('OrderedReferenceBase', { simpleResolvers: true })
export abstract class OrderedReferenceBase extends ReferenceBase {
  @Field(() => Float, { description: 'Display order.' })
  order!: number;
}

/** A reference table's GraphQL type (other modules' own reference tables too). */
export function referenceType(name: string, description: string, ordered = false): ClassType {
  const Base = ordered ? OrderedReferenceBase : ReferenceBase;
  @ObjectType(name, { simpleResolvers: true, description })
  class Reference extends Base {}
  return Reference;
}

export const OverseasRegionType = referenceType('OverseasRegion', 'A DIT overseas region.');
export const UkRegionType = referenceType('UkRegion', 'A region of the UK.');
export const BusinessTypeType = referenceType('BusinessType', 'The legal form of a company.');
export const EmployeeRangeType = referenceType('EmployeeRange', 'A band of employee numbers.', true);
export const TurnoverRangeType = referenceType('TurnoverRange', 'A band of turnover.', true);
export const HeadquarterTypeType = referenceType('HeadquarterType', 'ukhq, ehq or ghq.');
export const OneListTierType = referenceType('OneListTier', 'A One List tier (Tier A to D).', true);
export const TeamRoleType = referenceType('TeamRole', 'The role of a team; it carries permission groups.');
export const TitleType = referenceType('Title', 'A form of address (Mr, Dr, ...).');
export const CommunicationChannelType = referenceType('CommunicationChannel', 'How an interaction took place.');
export const PolicyAreaType = referenceType('PolicyArea', 'An area of policy feedback.', true);
export const PolicyIssueTypeType = referenceType('PolicyIssueType', 'A kind of policy issue.', true);
export const ServiceDeliveryStatusType = referenceType('ServiceDeliveryStatus', 'The status of a service delivery.', true);
export const ServiceAnswerOptionType = referenceType('ServiceAnswerOption', 'A possible answer to a service question.', true);

@ObjectType('Country', { simpleResolvers: true, description: 'A country.' })
export class CountryType extends ReferenceBase {
  @Field(() => String, { nullable: true })
  isoAlpha2Code!: string | null;
}

@ObjectType('AdministrativeArea', { simpleResolvers: true, description: 'A US state, Canadian province or similar.' })
export class AdministrativeAreaType extends ReferenceBase {
  @Field(() => String, { nullable: true })
  areaCode!: string | null;
}

@ObjectType('Sector', { simpleResolvers: true, description: 'A node of the sector tree; `name` is the path from the root.' })
export class SectorType extends ReferenceBase {
  @Field()
  segment!: string;
}

@ObjectType('ServiceQuestion', { simpleResolvers: true, description: 'A question asked when the service is recorded.' })
export class ServiceQuestionType extends OrderedReferenceBase {}

@ObjectType('Service', { simpleResolvers: true, description: 'A node of the service tree; only leaves may be chosen on an interaction.' })
export class ServiceType extends OrderedReferenceBase {
  @Field()
  segment!: string;

  @Field(() => [String], { description: 'Where the service may be offered (interaction, service_delivery, event, ...).' })
  contexts!: string[];
}

// Look-ahead: a reference list's statement (metadata.lists.ts) embeds what its selection asks for of these: the
// many-to-one rows (manyToOne), whether a service is a leaf, and a service's questions with their answer options
// (always both: a few rows). Rows reached another way (an interaction's service) load them as before. The SQL of
// list embeds cannot see the request's row rules; reference tables have none, and these loaders apply none.
const countryRegion = manyToOne('Country', 'overseasRegion', metadataModels.overseasRegion, 'overseasRegionId');
const areaCountry = manyToOne('AdministrativeArea', 'country', metadataModels.country, 'countryId');
const sectorParent = manyToOne('Sector', 'parent', metadataModels.sector, 'parentId');
const serviceParent = manyToOne('Service', 'parent', metadataModels.service, 'parentId');

const answerOptions: Embed = { column: embedColumn('answerOptions', {}), sql: childLists(metadataModels.serviceAnswerOption, 'questionId') };
registerEmbed('Service', 'questions', { kind: 'list', sql: childLists(metadataModels.serviceQuestion, 'serviceId', [answerOptions]) });
// Whether no service names this one as its parent: one hashed set of the parents per statement.
registerEmbed('Service', 'isLeaf', {
  kind: 'list',
  sql: (service) => ({ text: `(${service}."id" not in (select c."parent_id" from "metadata_service" c where c."parent_id" is not null))`, params: [] }),
});

@Resolver(() => CountryType)
export class CountryFields {
  @FieldResolver(() => OverseasRegionType, { nullable: true })
  overseasRegion(@Root() row: MetadataRow<'country'>, @Ctx() ctx: Context) {
    return countryRegion(ctx, row);
  }
}

@Resolver(() => AdministrativeAreaType)
export class AdministrativeAreaFields {
  @FieldResolver(() => CountryType)
  country(@Root() row: MetadataRow<'administrativeArea'>, @Ctx() ctx: Context) {
    return areaCountry(ctx, row);
  }
}

@Resolver(() => SectorType)
export class SectorFields {
  @FieldResolver(() => SectorType, { nullable: true })
  parent(@Root() row: MetadataRow<'sector'>, @Ctx() ctx: Context) {
    return sectorParent(ctx, row);
  }
}

@Resolver(() => ServiceType)
export class ServiceFields {
  @FieldResolver(() => ServiceType, { nullable: true })
  parent(@Root() row: MetadataRow<'service'>, @Ctx() ctx: Context) {
    return serviceParent(ctx, row);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the service has no children (only leaves may be chosen).' })
  async isLeaf(@Root() row: MetadataRow<'service'>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    const embedded = embeddedList(row, info) as unknown as boolean | undefined;
    if (embedded !== undefined) return embedded;
    const loader = ctx.loaders.custom<string, boolean>('service:hasChildren', async (ids) => {
      const parents = await servicesWithChildren(ctx.em, ids);
      return ids.map((id) => parents.has(id));
    });
    return !(await loader.load(row.id));
  }

  @FieldResolver(() => [ServiceQuestionType])
  questions(@Root() row: MetadataRow<'service'>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    const embedded = embeddedList(row, info) as MetadataRow<'serviceQuestion'>[] | undefined;
    return embedded ?? ctx.loaders.custom<string, MetadataRow<'serviceQuestion'>[]>('service:questions', (ids) => childrenOf(ctx.em, 'serviceQuestion', 'service_id', ids)).load(row.id);
  }
}

@Resolver(() => ServiceQuestionType)
export class ServiceQuestionFields {
  @FieldResolver(() => [ServiceAnswerOptionType])
  answerOptions(@Root() row: MetadataRow<'serviceQuestion'>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    const embedded = embeddedList(row, info) as MetadataRow<'serviceAnswerOption'>[] | undefined;
    return embedded ?? ctx.loaders.custom<string, MetadataRow<'serviceAnswerOption'>[]>('question:options', (ids) => childrenOf(ctx.em, 'serviceAnswerOption', 'question_id', ids)).load(row.id);
  }
}
