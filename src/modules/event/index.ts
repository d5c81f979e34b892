import { defineModule } from '../../module.js';
import { eventReasons as reasons } from './event.reasons.js';
import { trackedFieldResolvers } from '../adviser/index.js';
import { Event as EventEntity, EventTypeEntity, LocationType, Programme } from './event.entity.js';
import { eventAccess as access, eventPermissions as rules, eventReaders as readers } from './event.permissions.js';
import { eventReferenceData, eventReferenceLists } from './event.reference-data.js';
import { EventResolver } from './event.resolver.js';
import { eventDemo as demo } from './event.demo.js';
import { eventSearch as search } from './event.search.js';
import { createEventService as createService } from './event.service.js';
import { EventFields, EventObjectType } from './event.types.js';

export { Event, EventTypeEntity, LocationType, Programme } from './event.entity.js';
export { eventModel, eventReferenceModels } from './event.model.js';
export { EventConnection, EventListArgs, EventObjectType } from './event.types.js';
export { EventTypeType, LocationTypeType, ProgrammeType } from './event.reference-data.js';
export { createEventService, type EventService } from './event.service.js';
export { eventAccess, eventPermissions, eventReaders } from './event.permissions.js';

export const eventResolvers = [EventResolver, EventFields, eventReferenceLists.resolver, trackedFieldResolvers(EventObjectType, false)];

// The module's service, as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../../graphql/context.js' {
  interface Services {
    event: import('./event.service.js').EventService;
  }
}

/** Events (trade shows, missions, seminars) and their reference tables (src/module.ts). */
export const eventModule = defineModule({
  name: 'event',
  entities: [EventTypeEntity, LocationType, Programme, EventEntity],
  resolvers: eventResolvers,
  access,
  reasons,
  rules,
  readers,
  // Its teams and programmes are named by their ids in `changes`, as any to-many link is.
  audited: [{ entity: EventEntity }],
  referenceData: eventReferenceData,
  search,
  demo,
  services: () => ({ event: createService() }),
});
