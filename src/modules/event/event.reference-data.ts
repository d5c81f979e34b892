import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { readReferenceData, type RuleTree } from '../../graphql/rules.js';
import type { ReferenceTable } from '../../module.js';
import { listReferenceRows, referenceType } from '../metadata/index.js';
import { eventReferenceModels } from './event.model.js';

export const EventTypeType = referenceType('EventType', 'A kind of event (seminar, exhibition, trade mission...).');
export const LocationTypeType = referenceType('LocationType', 'Where an event is run from (HQ, post, regional network...).');
export const ProgrammeType = referenceType('Programme', 'A programme an event belongs to.');

/** The rows of Data Hub's event reference tables, for the reference loader (seeds/reference-data/<file>.json). */
export const eventReferenceData: readonly ReferenceTable[] = [
  { file: 'event__eventtype', table: eventReferenceModels.eventType.table },
  { file: 'event__locationtype', table: eventReferenceModels.locationType.table },
  { file: 'event__programme', table: eventReferenceModels.programme.table },
];

const INCLUDE_DISABLED = { defaultValue: false, description: 'Include disabled rows (kept on old records).' };

/** The event reference lists, beside the metadata module's (same arguments, same order, same rule). */
@Resolver()
export class EventReferenceResolver {
  @Query(() => [EventTypeType], { description: 'Event types.' })
  eventTypes(@Arg('includeDisabled', () => Boolean, INCLUDE_DISABLED) includeDisabled: boolean, @Ctx() ctx: Context) {
    return listReferenceRows(ctx.em, eventReferenceModels.eventType, includeDisabled);
  }

  @Query(() => [LocationTypeType], { description: 'Event location types.' })
  locationTypes(@Arg('includeDisabled', () => Boolean, INCLUDE_DISABLED) includeDisabled: boolean, @Ctx() ctx: Context) {
    return listReferenceRows(ctx.em, eventReferenceModels.locationType, includeDisabled);
  }

  @Query(() => [ProgrammeType], { description: 'Programmes events belong to.' })
  programmes(@Arg('includeDisabled', () => Boolean, INCLUDE_DISABLED) includeDisabled: boolean, @Ctx() ctx: Context) {
    return listReferenceRows(ctx.em, eventReferenceModels.programme, includeDisabled);
  }
}

/** Reference data is read by every adviser, and by partner clients with the `metadata` scope. */
export const eventReferencePermissions: RuleTree = {
  Query: { eventTypes: readReferenceData, locationTypes: readReferenceData, programmes: readReferenceData },
};
