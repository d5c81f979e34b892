import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Field, FieldResolver, Info, ObjectType, Resolver, Root } from 'type-graphql';
import { connectionType, listArgsFor } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { linkedRows, registerLinkedList, type LinkTable } from '../../graphql/links.js';
import { embeddedList, inlineObject, manyToOne } from '../../graphql/lookahead.js';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars.js';
import { adviserModel, AdviserType, teamModel, TeamType, TrackedType } from '../adviser/index.js';
import { AddressType, addressFromRow } from '../company/index.js';
import { metadataModels, ServiceType, UkRegionType } from '../metadata/index.js';
import { eventModel, eventReferenceModels, type EventRow } from './event.model.js';
import { EventTypeType, LocationTypeType, ProgrammeType } from './event.reference-data.js';

@ObjectType('Event', { simpleResolvers: true, description: 'A trade show, mission, seminar or other event DBT runs or takes part in.' })
export class EventObjectType extends TrackedType {
  @Field()
  name!: string;

  @Field(() => LocalDateScalar)
  startDate!: string;

  @Field(() => LocalDateScalar)
  endDate!: string;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Set: disabled, kept on old records and read-only until enabled.' })
  disabledOn!: Date | null;
}

export const EventConnection = connectionType('Event', EventObjectType);
export const EventListArgs = listArgsFor(eventModel).ListArgs;

const LINKS = {
  teams: { table: 'event_team', owner: 'event_id', target: 'team_id', model: teamModel },
  relatedProgrammes: { table: 'event_related_programme', owner: 'event_id', target: 'programme_id', model: eventReferenceModels.programme },
} satisfies Record<string, LinkTable>;

// Look-ahead: a page of events comes with its teams and programmes in its own statement when asked for.
for (const [field, link] of Object.entries(LINKS)) registerLinkedList('Event', field, link);

const refs = {
  eventType: manyToOne('Event', 'eventType', eventReferenceModels.eventType, 'eventTypeId'),
  locationType: manyToOne('Event', 'locationType', eventReferenceModels.locationType, 'locationTypeId'),
  ukRegion: manyToOne('Event', 'ukRegion', metadataModels.ukRegion, 'ukRegionId'),
  leadTeam: manyToOne('Event', 'leadTeam', teamModel, 'leadTeamId'),
  organiser: manyToOne('Event', 'organiser', adviserModel, 'organiserId'),
  service: manyToOne('Event', 'service', metadataModels.service, 'serviceId'),
  address: inlineObject('Event', 'address', { typeName: 'Address', prefix: 'address' }, addressFromRow),
};

const linked = (ctx: Context, row: EventRow, info: GraphQLResolveInfo, link: LinkTable) => embeddedList(row, info) ?? linkedRows(ctx, link, row.id);

@Resolver(() => EventObjectType)
export class EventFields {
  @FieldResolver(() => EventTypeType)
  eventType(@Root() row: EventRow, @Ctx() ctx: Context) {
    return refs.eventType(ctx, row);
  }

  @FieldResolver(() => LocationTypeType, { nullable: true })
  locationType(@Root() row: EventRow, @Ctx() ctx: Context) {
    return refs.locationType(ctx, row);
  }

  @FieldResolver(() => AddressType, { nullable: true })
  address(@Root() row: EventRow, @Ctx() ctx: Context) {
    return refs.address(ctx, row);
  }

  @FieldResolver(() => UkRegionType, { nullable: true })
  ukRegion(@Root() row: EventRow, @Ctx() ctx: Context) {
    return refs.ukRegion(ctx, row);
  }

  @FieldResolver(() => TeamType, { nullable: true, description: 'One of `teams`.' })
  leadTeam(@Root() row: EventRow, @Ctx() ctx: Context) {
    return refs.leadTeam(ctx, row);
  }

  @FieldResolver(() => AdviserType, { nullable: true })
  organiser(@Root() row: EventRow, @Ctx() ctx: Context) {
    return refs.organiser(ctx, row);
  }

  @FieldResolver(() => [TeamType], { description: 'The teams running it, the lead team among them.' })
  teams(@Root() row: EventRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return linked(ctx, row, info, LINKS.teams);
  }

  @FieldResolver(() => [ProgrammeType])
  relatedProgrammes(@Root() row: EventRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return linked(ctx, row, info, LINKS.relatedProgrammes);
  }

  @FieldResolver(() => ServiceType, { nullable: true })
  service(@Root() row: EventRow, @Ctx() ctx: Context) {
    return refs.service(ctx, row);
  }
}
