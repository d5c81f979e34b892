import type { EntityManager } from '@mikro-orm/core';
import { byId, byIdPart, type Sql } from '../../db/read-model.js';
import { adviserModel, teamModel } from '../adviser/index.js';
import { loadWithReferences } from '../metadata/index.js';
import { eventReferenceModels } from './event.model.js';
import { eventMetadataIds, type EventFacts, type EventState } from './event.rules.js';

const subServiceSql = (serviceId: string): Sql => ({ text: 'select id from metadata_service where parent_id = ? limit 1', params: [serviceId] });

/**
 * What the event rules read (EventFacts), in one statement: the metadata it names, its own reference rows
 * (type, location type, programmes), its teams, its organiser, and whether a newly chosen service has
 * sub-services. Nothing named, no statement.
 */
export async function loadEventFacts(em: EntityManager, next: EventState, before: EventState | undefined): Promise<EventFacts> {
  const newService = next.serviceId && next.serviceId !== before?.serviceId ? next.serviceId : null;
  const { references, rows } = await loadWithReferences(em, eventMetadataIds(next), {
    eventType: byIdPart(eventReferenceModels.eventType, [next.eventTypeId]),
    locationType: byIdPart(eventReferenceModels.locationType, [next.locationTypeId]),
    programme: byIdPart(eventReferenceModels.programme, next.relatedProgrammeIds),
    team: byIdPart(teamModel, [next.leadTeamId, ...next.teamIds]),
    organiser: byIdPart(adviserModel, [next.organiserId]),
    subService: newService ? subServiceSql(newService) : null,
  });
  return {
    references,
    rows: { eventType: byId(rows.eventType), locationType: byId(rows.locationType), programme: byId(rows.programme), team: byId(rows.team) },
    organiserFound: rows.organiser.length > 0,
    serviceHasChildren: rows.subService.length > 0,
  };
}
