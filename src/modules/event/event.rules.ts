import type { Row } from '../../db/read-model.js';
import type { Issues } from '../../errors.js';
import { teamModel } from '../adviser/index.js';
import { addressReferenceIds, checkAddress, type AddressState } from '../company/index.js';
import { checkReference, checkReferenceRow, checkReferenceRows, REF, type ReferenceIds, type References } from '../metadata/index.js';
import { eventReferenceModels } from './event.model.js';

/**
 * The event rules (Data Hub's event serializer's, written anew): pure functions of the state an event would
 * have after a write, the state before it, and the facts the service loads first (event.facts.ts), so they
 * are tested on plain objects.
 */

/** An event as the rules see it: the values it would have after the write, references by id. */
export type EventState = {
  id?: string;
  name: string | null;
  eventTypeId: string | null;
  startDate: string | null;
  endDate: string | null;
  locationTypeId: string | null;
  address: AddressState | null;
  ukRegionId: string | null;
  notes: string | null;
  leadTeamId: string | null;
  organiserId: string | null;
  teamIds: string[];
  relatedProgrammeIds: string[];
  serviceId: string | null;
};

/** The rows an event's links name that are not the metadata module's: its own reference tables and its teams. */
export type EventRows = { eventType: ReadonlyMap<string, Row>; locationType: ReadonlyMap<string, Row>; programme: ReadonlyMap<string, Row>; team: ReadonlyMap<string, Row> };

/** What the event rules read besides the event itself; the service loads it first (loadEventFacts). */
export type EventFacts = {
  /** The metadata rows it names (eventMetadataIds): address country and area, UK region, service. */
  references: References;
  rows: EventRows;
  /** Whether the organiser is an adviser. */
  organiserFound: boolean;
  /** Whether the service it changes to has sub-services (only a leaf may be chosen). */
  serviceHasChildren: boolean;
};

/** The metadata references the event rules read. */
export function eventMetadataIds(next: EventState): ReferenceIds {
  return { ...addressReferenceIds([next.address]), ukRegion: [next.ukRegionId], service: [next.serviceId] };
}

const blank = (s: string | null | undefined) => !s || !s.trim();

/** The fields every event has: a name, a type, a start and an end that is not before it. */
function checkBasics(next: EventState, issues: Issues): void {
  if (blank(next.name)) issues.add('name', 'REQUIRED', 'The name is required.');
  else if (next.name!.length > 255) issues.add('name', 'TOO_LONG', 'The name is at most 255 characters.');
  if (!next.eventTypeId) issues.add('eventTypeId', 'REQUIRED', 'The event type is required.');
  if (!next.startDate) issues.add('startDate', 'REQUIRED', 'The start date is required.');
  if (!next.endDate) issues.add('endDate', 'REQUIRED', 'The end date is required.');
  // ISO dates (YYYY-MM-DD) order as strings.
  else if (next.startDate && next.endDate < next.startDate) issues.add('endDate', 'END_BEFORE_START', 'The end date cannot be before the start date.');
  if (next.notes && next.notes.length > 10_000) issues.add('notes', 'TOO_LONG', 'Notes are at most 10,000 characters.');
}

/** Where it takes place: an address, and in the UK a postcode and a UK region; elsewhere no UK region. */
function checkPlace(next: EventState, before: EventState | undefined, references: References, issues: Issues): void {
  if (!next.address) issues.add('address', 'REQUIRED', 'The address is required.');
  else checkAddress(references, next.address, 'address', issues, before?.address);
  const inUk = next.address?.countryId === REF.country.unitedKingdom;
  if (inUk && blank(next.address?.postcode)) issues.add(['address', 'postcode'], 'REQUIRED', 'The postcode is required for an event in the UK.');
  if (inUk && !next.ukRegionId) issues.add('ukRegionId', 'REQUIRED', 'The UK region is required for an event in the UK.');
  if (next.ukRegionId && next.address?.countryId && !inUk) issues.add('ukRegionId', 'UK_ONLY', 'Only an event in the UK has a UK region.');
  checkReference(references, 'ukRegion', next.ukRegionId, ['ukRegionId'], issues, before?.ukRegionId);
}

/** Who runs it: an organiser who is an adviser, a lead team, and teams with the lead team among them. */
function checkPeople(next: EventState, before: EventState | undefined, facts: EventFacts, issues: Issues): void {
  if (!next.organiserId) issues.add('organiserId', 'REQUIRED', 'The organiser is required.');
  else if (!facts.organiserFound) issues.add('organiserId', 'NOT_FOUND', `No adviser with id ${next.organiserId}.`);
  if (!next.leadTeamId) issues.add('leadTeamId', 'REQUIRED', 'The lead team is required.');
  else if (!next.teamIds.includes(next.leadTeamId)) issues.add('leadTeamId', 'LEAD_TEAM_NOT_IN_TEAMS', 'The lead team must be one of the teams.');
  checkReferenceRow(facts.rows.team, teamModel, next.leadTeamId, ['leadTeamId'], issues, before?.leadTeamId);
  if (!next.teamIds.length) issues.add('teamIds', 'REQUIRED', 'At least one team is required.');
  checkReferenceRows(facts.rows.team, teamModel, next.teamIds, ['teamIds'], issues, before?.teamIds);
}

/**
 * Every rule of an event, on the state it would have after the write. `before` is the stored state on
 * update (undefined on create): a disabled reference it already had stays allowed.
 */
export function checkEvent(next: EventState, before: EventState | undefined, facts: EventFacts, issues: Issues): void {
  const { rows, references } = facts;
  checkBasics(next, issues);
  checkReferenceRow(rows.eventType, eventReferenceModels.eventType, next.eventTypeId, ['eventTypeId'], issues, before?.eventTypeId);
  checkReferenceRow(rows.locationType, eventReferenceModels.locationType, next.locationTypeId, ['locationTypeId'], issues, before?.locationTypeId);
  checkReferenceRows(rows.programme, eventReferenceModels.programme, next.relatedProgrammeIds, ['relatedProgrammeIds'], issues, before?.relatedProgrammeIds);
  checkPlace(next, before, references, issues);
  checkPeople(next, before, facts, issues);

  if (!next.serviceId) issues.add('serviceId', 'REQUIRED', 'The service is required.');
  const service = checkReference(references, 'service', next.serviceId, ['serviceId'], issues, before?.serviceId);
  if (service && next.serviceId !== before?.serviceId && facts.serviceHasChildren) {
    issues.add('serviceId', 'SERVICE_NOT_LEAF', `"${service.name}" has sub-services; choose one of them.`);
  }
}
