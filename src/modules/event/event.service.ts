import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../auth/viewer.js';
import { idOf, trimOrNull, uniqueIds } from '../../db/values.js';
import { referenceOrNull, stampCreated, stampModified, writeTransaction } from '../../db/write.js';
import { conflict, Issues, notFound } from '../../errors.js';
import { Adviser, Team } from '../adviser/index.js';
import { addressEntityData, addressOfEntity, normaliseAddress } from '../company/index.js';
import { Service, UkRegion } from '../metadata/index.js';
import { Event, EventTypeEntity, LocationType, Programme } from './event.entity.js';
import type { EventCreateInput, EventUpdateInput } from './event.input.js';
import { loadEventFacts } from './event.facts.js';
import { checkEvent, type EventState } from './event.rules.js';

const EMPTY: EventState = {
  name: null,
  eventTypeId: null,
  startDate: null,
  endDate: null,
  locationTypeId: null,
  address: null,
  ukRegionId: null,
  notes: null,
  leadTeamId: null,
  organiserId: null,
  teamIds: [],
  relatedProgrammeIds: [],
  serviceId: null,
};

function stateOf(e: Event): EventState {
  return {
    id: e.id,
    name: e.name,
    eventTypeId: e.eventType.id,
    startDate: e.startDate,
    endDate: e.endDate,
    locationTypeId: idOf(e.locationType),
    address: addressOfEntity(e, 'address'),
    ukRegionId: idOf(e.ukRegion),
    notes: e.notes ?? null,
    leadTeamId: idOf(e.leadTeam),
    organiserId: idOf(e.organiser),
    teamIds: e.teams.getItems().map((t) => t.id),
    relatedProgrammeIds: e.relatedProgrammes.getItems().map((p) => p.id),
    serviceId: idOf(e.service),
  };
}

const REFERENCE_KEYS = ['eventTypeId', 'startDate', 'endDate', 'locationTypeId', 'ukRegionId', 'leadTeamId', 'organiserId', 'serviceId'] as const;

/** The state after applying the input's given fields (undefined leaves a field, null clears it), normalised. */
function merge(before: EventState, input: EventCreateInput | EventUpdateInput): EventState {
  const next: EventState = { ...before };
  for (const key of REFERENCE_KEYS) if (input[key] !== undefined) next[key] = input[key] ?? null;
  // The name keeps its blank value so the REQUIRED rule sees it; notes are optional, blank is none.
  if (input.name !== undefined) next.name = input.name?.trim() ?? null;
  if (input.notes !== undefined) next.notes = trimOrNull(input.notes);
  if (input.address !== undefined) next.address = input.address ? normaliseAddress(input.address) : null;
  if (input.teamIds !== undefined) next.teamIds = uniqueIds(input.teamIds);
  if (input.relatedProgrammeIds !== undefined) next.relatedProgrammeIds = uniqueIds(input.relatedProgrammeIds);
  return next;
}

async function validate(tx: EntityManager, next: EventState, before: EventState | undefined): Promise<void> {
  const facts = await loadEventFacts(tx, next, before);
  const issues = new Issues();
  checkEvent(next, before, facts, issues);
  issues.throwIfAny();
}

/** Writes the state onto the entity; the link tables only where they changed. */
function apply(tx: EntityManager, e: Event, next: EventState, before: EventState | undefined): void {
  tx.assign(e, {
    name: next.name!,
    startDate: next.startDate!,
    endDate: next.endDate!,
    notes: next.notes,
    ...addressEntityData('address', next.address),
  } as never);
  e.eventType = tx.getReference(EventTypeEntity, next.eventTypeId!);
  e.locationType = referenceOrNull(tx, LocationType, next.locationTypeId);
  e.ukRegion = referenceOrNull(tx, UkRegion, next.ukRegionId);
  e.leadTeam = referenceOrNull(tx, Team, next.leadTeamId);
  e.organiser = referenceOrNull(tx, Adviser, next.organiserId);
  e.service = referenceOrNull(tx, Service, next.serviceId);
  if (next.teamIds.join() !== before?.teamIds.join()) e.teams.set(next.teamIds.map((id) => tx.getReference(Team, id)));
  if (next.relatedProgrammeIds.join() !== before?.relatedProgrammeIds.join()) {
    e.relatedProgrammes.set(next.relatedProgrammeIds.map((id) => tx.getReference(Programme, id)));
  }
}

async function load(tx: EntityManager, id: string): Promise<Event> {
  const event = await tx.findOne(Event, { id }, { populate: ['teams', 'relatedProgrammes'] });
  if (!event) throw notFound('Event', id);
  return event;
}

/** A disabled event is kept on old records and read-only until it is enabled again. */
function assertEnabled(event: Event): void {
  if (event.disabledOn) throw conflict('DISABLED_READ_ONLY', 'This event is disabled and cannot be changed; enable it first.');
}

/** Disables (a date) or enables (null) an event, in one transaction. */
function setDisabled(em: EntityManager, viewer: Viewer, id: string, disable: boolean): Promise<string> {
  return writeTransaction(em, async (tx) => {
    const event = await load(tx, id);
    if (disable && event.disabledOn) throw conflict('ALREADY_DISABLED', 'This event is already disabled.');
    if (!disable && !event.disabledOn) throw conflict('NOT_DISABLED', 'This event is not disabled.');
    event.disabledOn = disable ? new Date() : null;
    stampModified(tx, event, viewer);
    await tx.flush();
    return event.id;
  });
}

/** Event writes: each runs in one transaction and returns the event's id. */
export function createEventService() {
  return {
    async create(em: EntityManager, viewer: Viewer, input: EventCreateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const next = merge(EMPTY, input);
        await validate(tx, next, undefined);
        const event = tx.create(Event, { name: next.name!, eventType: next.eventTypeId!, startDate: next.startDate!, endDate: next.endDate! } as never);
        apply(tx, event, next, undefined);
        stampCreated(tx, event, viewer);
        await tx.flush();
        return event.id;
      });
    },

    async update(em: EntityManager, viewer: Viewer, id: string, input: EventUpdateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const event = await load(tx, id);
        assertEnabled(event);
        const before = stateOf(event);
        const next = merge(before, input);
        // The values it has already: no change, so nothing is written (no modified_on bump, no audit row).
        if (isDeepStrictEqual(next, before)) return event.id;
        await validate(tx, next, before);
        apply(tx, event, next, before);
        stampModified(tx, event, viewer);
        await tx.flush();
        return event.id;
      });
    },

    disable: (em: EntityManager, viewer: Viewer, id: string) => setDisabled(em, viewer, id, true),
    enable: (em: EntityManager, viewer: Viewer, id: string) => setDisabled(em, viewer, id, false),
  };
}

export type EventService = ReturnType<typeof createEventService>;
