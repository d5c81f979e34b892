import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller } from '../helpers/callers.js';
import { refId, REFS } from '../helpers/factories.js';

let app: TestApp;
let refs: Record<'seminar' | 'team' | 'otherTeam' | 'region' | 'service' | 'programme' | 'location', string>;
beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  const [team, otherTeam] = (await app.sql('select id from metadata_team where disabled_on is null order by id limit 2')).map((r) => r.id);
  refs = {
    seminar: await refId(app, 'metadata_event_type'),
    team,
    otherTeam,
    region: await refId(app, 'metadata_uk_region'),
    service: await refId(app, 'metadata_service', 'disabled_on is null and not exists (select 1 from metadata_service c where c.parent_id = metadata_service.id)'),
    programme: await refId(app, 'metadata_programme'),
    location: await refId(app, 'metadata_location_type'),
  };
});
afterAll(() => app?.close());

const FIELDS = `id name startDate endDate notes disabledOn eventType { id name } locationType { name } address { line1 town postcode country { id } }
  ukRegion { id } leadTeam { id } teams { id } relatedProgrammes { id } organiser { id } service { id } createdBy { id } modifiedBy { id }`;
const CREATE = `mutation($input: EventCreateInput!) { createEvent(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $input: EventUpdateInput!) { updateEvent(id: $id, input: $input) { ${FIELDS} } }`;
const LIST = `query($filter: EventFilter, $orderBy: [EventOrderBy!], $first: Int) { events(filter: $filter, orderBy: $orderBy, first: $first) {
  totalCount edges { node { id name startDate eventType { name } teams { id } relatedProgrammes { name } leadTeam { id } } } } }`;

let n = 0;
const input = (over: Record<string, unknown> = {}) => ({
  name: `Trade show ${++n}`,
  eventTypeId: refs.seminar,
  startDate: '2026-09-01',
  endDate: '2026-09-03',
  locationTypeId: refs.location,
  address: { line1: '1 Expo Way', town: 'Birmingham', postcode: 'b40 1nt', countryId: REFS.uk },
  ukRegionId: refs.region,
  organiserId: app.adminId,
  leadTeamId: refs.team,
  teamIds: [refs.team, refs.otherTeam],
  relatedProgrammeIds: [refs.programme],
  serviceId: refs.service,
  ...over,
});

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

const eventRows = async () => (await app.sql('select (select count(*)::int from event) + (select count(*)::int from event_team) + (select count(*)::int from event_related_programme) as n'))[0].n;

/** A write that must be refused: its first error, after checking no event row was written. */
async function refused(query: string, variables: Record<string, unknown>, token?: string) {
  const before = await eventRows();
  const res = await app.gql(query, variables, token);
  expect(res.body.errors, JSON.stringify(res.body)).toBeDefined();
  expect(await eventRows()).toBe(before);
  return res.body.errors[0];
}

const create = async (over: Record<string, unknown> = {}) => ok(await app.gql(CREATE, { input: input(over) })).createEvent;

describe('events', () => {
  it('creates an event with its teams and programmes, and reads it back', async () => {
    const made = await create({ name: '  Farnborough Airshow ', notes: 'Aerospace' });
    expect(made).toMatchObject({
      name: 'Farnborough Airshow',
      startDate: '2026-09-01',
      endDate: '2026-09-03',
      notes: 'Aerospace',
      disabledOn: null,
      eventType: { id: refs.seminar },
      address: { line1: '1 Expo Way', town: 'Birmingham', postcode: 'B40 1NT', country: { id: REFS.uk } },
      ukRegion: { id: refs.region },
      leadTeam: { id: refs.team },
      organiser: { id: app.adminId },
      relatedProgrammes: [{ id: refs.programme }],
      service: { id: refs.service },
      createdBy: { id: app.adminId },
    });
    expect(made.teams.map((t: { id: string }) => t.id).sort()).toEqual([refs.team, refs.otherTeam].sort());
    const read = ok(await app.gql(`query($id: UUID!) { event(id: $id) { ${FIELDS} } }`, { id: made.id })).event;
    expect(read).toEqual(made);
  });

  it('lists events filtered and sorted, a page and its related rows in one statement', async () => {
    const tag = `Listed ${Date.now()}`;
    for (const start of ['2027-03-01', '2027-01-01', '2027-02-01']) await create({ name: `${tag} ${start}`, startDate: start, endDate: start });
    await app.gql('{ viewer { isSuperuser } }');
    const res = await app.gql(LIST, { filter: { name: { like: `${tag}%` }, startDate: { gte: "2027-01-01" } }, orderBy: [{ field: 'START_DATE', direction: 'ASC' }], first: 2 });
    const { events } = ok(res);
    expect(events.totalCount).toBe(3);
    expect(events.edges.map((e: any) => e.node.startDate)).toEqual(['2027-01-01', '2027-02-01']);
    expect(events.edges[0].node).toMatchObject({ eventType: { name: expect.any(String) }, leadTeam: { id: refs.team }, relatedProgrammes: [{ name: expect.any(String) }] });
    expect(events.edges[0].node.teams).toHaveLength(2);
    expect(res.body.extensions.sqlStatements).toBe(1);
  });

  it('changes the fields given, keeps what it is not given, and writes nothing for no change', async () => {
    const made = await create();
    const updated = ok(await app.gql(UPDATE, { id: made.id, input: { name: 'Renamed', teamIds: [refs.team], relatedProgrammeIds: [] } })).updateEvent;
    expect(updated).toMatchObject({ name: 'Renamed', teams: [{ id: refs.team }], relatedProgrammes: [], startDate: '2026-09-01', leadTeam: { id: refs.team } });
    const audited = async () => (await app.sql('select count(*)::int as n from audit_event where record_id = ?', [made.id]))[0].n;
    const before = await audited();
    ok(await app.gql(UPDATE, { id: made.id, input: { name: 'Renamed' } }));
    expect(await audited()).toBe(before);
  });

  it('refuses bad input with coded issues at their fields, writing nothing', async () => {
    const e = await refused(CREATE, { input: input({ name: '', endDate: '2026-08-01', teamIds: [refs.otherTeam], address: { line1: '1 Expo Way', town: 'Leeds', countryId: REFS.uk } }) });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(e.extensions.issues.map((i: any) => `${i.field.join('.')}:${i.reason}`)).toEqual([
      'name:REQUIRED',
      'endDate:END_BEFORE_START',
      'address.postcode:REQUIRED',
      'leadTeamId:LEAD_TEAM_NOT_IN_TEAMS',
    ]);
    const made = await create();
    const u = await refused(UPDATE, { id: made.id, input: { ukRegionId: null, relatedProgrammeIds: [refs.programme, '00000000-0000-4000-8000-000000000001'] } });
    expect(u.extensions.issues.map((i: any) => `${i.field.join('.')}:${i.reason}`)).toEqual(['relatedProgrammeIds.1:NOT_FOUND', 'ukRegionId:REQUIRED']);
  });

  it('makes a disabled event read-only until it is enabled', async () => {
    const made = await create();
    const disabled = ok(await app.gql('mutation($id: UUID!) { disableEvent(id: $id) { id disabledOn } }', { id: made.id })).disableEvent;
    expect(disabled.disabledOn).toEqual(expect.any(String));
    const e = await refused(UPDATE, { id: made.id, input: { name: 'Too late' } });
    expect(e.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DISABLED_READ_ONLY' });
    const again = await refused('mutation($id: UUID!) { disableEvent(id: $id) { id } }', { id: made.id });
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DISABLED' });
    ok(await app.gql('mutation($id: UUID!) { enableEvent(id: $id) { id } }', { id: made.id }));
    expect(ok(await app.gql(UPDATE, { id: made.id, input: { name: 'In time' } })).updateEvent.name).toBe('In time');
  });

  it('records every change in the audit, with the adviser who made it', async () => {
    const made = await create();
    ok(await app.gql(UPDATE, { id: made.id, input: { name: 'Audited', relatedProgrammeIds: [] } }));
    ok(await app.gql('mutation($id: UUID!) { disableEvent(id: $id) { id } }', { id: made.id }));
    const rows = await app.sql('select action, actor_id, changes from audit_event where entity = ? and record_id = ? order by occurred_on, id', ['event', made.id]);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'update']);
    expect(rows.every((r) => r.actor_id === app.adminId)).toBe(true);
    expect(rows[1].changes).toMatchObject({ name: [made.name, 'Audited'], relatedProgrammes: [[refs.programme], []] });
  });

  it('is found by search as it changes: by name, type and dates, disabled or not', async () => {
    const tag = `Zanzibar${Date.now()}`;
    const summit = await create({ name: `${tag} Summit`, startDate: '2028-05-01', endDate: '2028-05-02' });
    const expo = await create({ name: `${tag} Expo`, startDate: '2028-07-01', endDate: '2028-07-01' });
    ok(await app.gql('mutation($id: UUID!) { disableEvent(id: $id) { id } }', { id: expo.id }));
    await app.settleSearch();
    const SEARCH = `query($term: String, $filter: EventSearchFilter) { searchEvents(term: $term, filter: $filter, orderBy: [{ field: START_DATE, direction: ASC }]) {
      totalCount edges { node { ... on Event { id name disabledOn } } } } }`;
    const found = async (filter: Record<string, unknown> = {}) => ok(await app.gql(SEARCH, { term: tag, filter })).searchEvents.edges.map((e: any) => e.node.id);
    expect(await found()).toEqual([summit.id, expo.id]);
    expect(await found({ disabled: false })).toEqual([summit.id]);
    expect(await found({ startDate: { from: '2028-06-01' }, eventTypeIds: [refs.seminar] })).toEqual([expo.id]);
    ok(await app.gql(UPDATE, { id: summit.id, input: { name: 'Renamed away' } }));
    await app.settleSearch();
    expect(await found()).toEqual([expo.id]);
  });

  it('offers its reference data to every adviser and to partners with the metadata scope', async () => {
    const noGroups = await createCaller(app, { name: 'No Groups' });
    const lists = ok(await noGroups.gql('{ eventTypes { id name } locationTypes { id } programmes(includeDisabled: true) { id disabledOn } }'));
    expect(lists.eventTypes.length).toBeGreaterThan(5);
    expect(lists.locationTypes.map((r: any) => r.id)).toContain(refs.location);
    expect(lists.programmes.some((p: any) => p.disabledOn)).toBe(true);
    const partner = await createClientCaller(app, { scopes: ['metadata'] });
    expect(ok(await partner.gql('{ eventTypes { id } }')).eventTypes.length).toBe(lists.eventTypes.length);
  });
});

describe('event permissions', () => {
  it('refuses an adviser without view_event, and lets DBT staff read and write', async () => {
    const lep = await createCaller(app, { groups: ['LEP'] });
    const read = await lep.gql('{ events(first: 1) { totalCount } }');
    expect(read.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'view_event' });
    const write = await refused(CREATE, { input: input() }, lep.token);
    expect(write.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'add_event' });

    const staff = await createCaller(app, { groups: ['DIT_staff'] });
    expect(ok(await staff.gql(CREATE, { input: input() })).createEvent.createdBy).toEqual({ id: staff.id });
    const analyst = await createCaller(app, { groups: ['Read-only analyst'] });
    expect(ok(await analyst.gql('{ events(first: 1) { totalCount } }')).events.totalCount).toBeGreaterThan(0);
    const change = await refused('mutation($id: UUID!) { disableEvent(id: $id) { id } }', { id: (await create()).id }, analyst.token);
    expect(change.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'change_event' });
  });

  it('refuses a partner client, whose scopes grant no event permission', async () => {
    const partner = await createClientCaller(app, { scopes: ['company:read', 'contact:read', 'interaction:read'] });
    const res = await partner.gql('{ events(first: 1) { totalCount } }');
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'view_event' });
    const made = await create();
    const one = await partner.gql('query($id: UUID!) { event(id: $id) { id } }', { id: made.id });
    expect(one.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });

    const reader = await createClientCaller(app, { scopes: ['event:read'] });
    expect(ok(await reader.gql('query($id: UUID!) { event(id: $id) { id name } }', { id: made.id })).event).toEqual({ id: made.id, name: made.name });
    const write = await refused(CREATE, { input: input() }, reader.token);
    expect(write.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'add_event' });
  });
});
