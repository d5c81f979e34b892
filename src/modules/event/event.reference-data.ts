import type { ReferenceTable } from '../../module.js';
import { referenceListFields, referenceType } from '../metadata/index.js';
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

const em = eventReferenceModels;

/** The event reference lists, beside the metadata module's: same arguments, order and rule, and one statement with them. */
export const eventReferenceLists = referenceListFields([
  ['eventTypes', em.eventType, EventTypeType, 'Event types.'],
  ['locationTypes', em.locationType, LocationTypeType, 'Event location types.'],
  ['programmes', em.programme, ProgrammeType, 'Programmes events belong to.'],
]);
