import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/db/read-model.js';
import { checkEvent, type EventFacts, type EventState } from '../../src/modules/event/event.rules.js';
import { issuesOf, referencesOf } from '../helpers/rules.js';

const UK = '80756b9a-5d95-e211-a939-e4115bead28a';
const FRANCE = '82756b9a-5d95-e211-a939-e4115bead28a';
const ids = { seminar: 'type-seminar', old: 'type-old', hq: 'loc-hq', great: 'prog-great', london: 'region-london', leadTeam: 'team-lead', other: 'team-other', adviser: 'adviser-1', service: 'service-leaf' };

const row = (id: string, name: string, disabledOn: string | null = null): Row => ({ id, name, disabledOn });
const map = (...rows: Row[]) => new Map(rows.map((r) => [r.id, r]));

const facts = (over: Partial<EventFacts> = {}): EventFacts => ({
  references: referencesOf({
    country: [row(UK, 'United Kingdom'), row(FRANCE, 'France')],
    administrativeArea: [],
    ukRegion: [row(ids.london, 'London')],
    service: [row(ids.service, 'Events : Trade show')],
  }),
  rows: {
    eventType: map(row(ids.seminar, 'Seminar'), row(ids.old, 'Old type', '2020-01-01')),
    locationType: map(row(ids.hq, 'HQ')),
    programme: map(row(ids.great, 'GREAT')),
    team: map(row(ids.leadTeam, 'Lead team'), row(ids.other, 'Other team')),
  },
  organiserFound: true,
  serviceHasChildren: false,
  ...over,
});

const event = (over: Partial<EventState> = {}): EventState => ({
  name: 'Tech Week',
  eventTypeId: ids.seminar,
  startDate: '2026-06-01',
  endDate: '2026-06-03',
  locationTypeId: ids.hq,
  address: { line1: '1 Expo Way', town: 'London', postcode: 'E16 1XL', countryId: UK },
  ukRegionId: ids.london,
  notes: null,
  leadTeamId: ids.leadTeam,
  organiserId: ids.adviser,
  teamIds: [ids.leadTeam, ids.other],
  relatedProgrammeIds: [ids.great],
  serviceId: ids.service,
  ...over,
});

const check = (next: EventState, before?: EventState, f = facts()) => issuesOf((issues) => checkEvent(next, before, f, issues));

describe('event rules', () => {
  it('accept a complete event', () => {
    expect(check(event())).toEqual([]);
  });

  it('require a name, a type, a start and an end', () => {
    expect(check(event({ name: ' ', eventTypeId: null, startDate: null, endDate: null }))).toEqual([
      'name:REQUIRED',
      'eventTypeId:REQUIRED',
      'startDate:REQUIRED',
      'endDate:REQUIRED',
    ]);
  });

  it('refuse an end before the start, and take a one-day event', () => {
    expect(check(event({ startDate: '2026-06-03', endDate: '2026-06-01' }))).toEqual(['endDate:END_BEFORE_START']);
    expect(check(event({ startDate: '2026-06-03', endDate: '2026-06-03' }))).toEqual([]);
  });

  it('need a postcode and a UK region in the UK, and no UK region elsewhere', () => {
    expect(check(event({ address: { line1: '1 Expo Way', town: 'London', countryId: UK }, ukRegionId: null }))).toEqual(['address.postcode:REQUIRED', 'ukRegionId:REQUIRED']);
    expect(check(event({ address: { line1: '1 Rue', town: 'Paris', countryId: FRANCE } }))).toEqual(['ukRegionId:UK_ONLY']);
    expect(check(event({ address: { line1: '1 Rue', town: 'Paris', countryId: FRANCE }, ukRegionId: null }))).toEqual([]);
    expect(check(event({ address: null }))).toEqual(['address:REQUIRED']);
  });

  it('keep the lead team among the teams', () => {
    expect(check(event({ teamIds: [ids.other] }))).toEqual(['leadTeamId:LEAD_TEAM_NOT_IN_TEAMS']);
    expect(check(event({ leadTeamId: null, teamIds: [] }))).toEqual(['leadTeamId:REQUIRED', 'teamIds:REQUIRED']);
    expect(check(event({ teamIds: [ids.leadTeam, 'team-missing'] }))).toEqual(['teamIds.1:NOT_FOUND']);
  });

  it('refuse unknown references and a disabled type, unless the event had it already', () => {
    expect(check(event({ eventTypeId: ids.old, relatedProgrammeIds: ['prog-missing'] }))).toEqual(['eventTypeId:DISABLED', 'relatedProgrammeIds.0:NOT_FOUND']);
    const before = event({ eventTypeId: ids.old });
    expect(check(event({ eventTypeId: ids.old, name: 'Renamed' }), before)).toEqual([]);
  });

  it('need an organiser who is an adviser, and a service without sub-services', () => {
    expect(check(event(), undefined, facts({ organiserFound: false }))).toEqual(['organiserId:NOT_FOUND']);
    expect(check(event({ organiserId: null, serviceId: null }))).toEqual(['organiserId:REQUIRED', 'serviceId:REQUIRED']);
    expect(check(event(), undefined, facts({ serviceHasChildren: true }))).toEqual(['serviceId:SERVICE_NOT_LEAF']);
  });
});
