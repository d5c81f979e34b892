import type { EntityManager } from '@mikro-orm/core';
import { madeBy, type DemoStep } from '../../../seeds/demo/step.js';
import { isoDate, trackedFields, writeRows, type DemoContext, type Row, type TableSpec } from '../../../seeds/demo/context.js';
import { DAY_MS } from '../../../seeds/demo/random.js';
import { addressColumnNames, addressColumns, makeAddress, pickCountry } from '../company/index.js';
import { eventReferenceModels } from './event.model.js';

const EVENT: TableSpec = {
  table: 'event',
  columns: [
    'id', 'created_on', 'created_by_id', 'modified_on', 'modified_by_id', 'disabled_on',
    'name', 'event_type_id', 'start_date', 'end_date', 'location_type_id', ...addressColumnNames('address_'), 'uk_region_id',
    'notes', 'lead_team_id', 'organiser_id', 'service_id',
  ],
};
const EVENT_TEAM: TableSpec = { table: 'event_team', columns: ['event_id', 'team_id'] };
const EVENT_PROGRAMME: TableSpec = { table: 'event_related_programme', columns: ['event_id', 'programme_id'] };

const KINDS = ['Trade Show', 'Export Seminar', 'Trade Mission', 'Investment Summit', 'Sector Roundtable', 'Masterclass'];

/** The enabled ids an event draws from: its own reference tables, and services offered at events (leaves). */
async function eventReference(tx: EntityManager) {
  const ids = async (sql: string) => ((await tx.getConnection().execute(sql, [], 'all', tx.getTransactionContext())) as Array<{ id: string }>).map((r) => r.id);
  const enabled = (table: string) => ids(`select id from "${table}" where disabled_on is null order by id`);
  return {
    eventTypeIds: await enabled(eventReferenceModels.eventType.table),
    locationTypeIds: await enabled(eventReferenceModels.locationType.table),
    programmeIds: await enabled(eventReferenceModels.programme.table),
    serviceIds: await ids(`select s.id from metadata_service s where s.disabled_on is null and 'event' = any(s.contexts)
                             and not exists (select 1 from metadata_service c where c.parent_id = s.id) order by s.id`),
  };
}

type EventReference = Awaited<ReturnType<typeof eventReference>>;

/** One event with its teams (the lead team among them) and programmes, as rows of the three tables. */
function makeEvent(ctx: DemoContext, ref: EventReference, adviserIds: readonly string[]) {
  const { rng, ids, text } = ctx;
  const id = ids.uuid();
  const address = makeAddress(ctx, pickCountry(ctx));
  const createdMs = ctx.nowMs - rng.int(30, 720) * DAY_MS;
  const startMs = createdMs + rng.int(14, 365) * DAY_MS;
  const teamIds = [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(ctx.ref.teamIds)))];
  const event: Row = {
    id,
    ...trackedFields(ctx, createdMs, rng.pick(adviserIds), adviserIds),
    disabled_on: rng.chance(0.1) ? new Date(startMs).toISOString() : null,
    name: `${address.town} ${rng.pick(KINDS)} ${new Date(startMs).getUTCFullYear()}`,
    event_type_id: rng.pick(ref.eventTypeIds),
    start_date: isoDate(startMs),
    end_date: isoDate(startMs + rng.int(0, 4) * DAY_MS),
    location_type_id: rng.chance(0.8) ? rng.pick(ref.locationTypeIds) : null,
    ...addressColumns('address_', address),
    uk_region_id: address.ukRegionId,
    notes: rng.chance(0.3) ? text.lorem.sentence() : null,
    lead_team_id: teamIds[0],
    organiser_id: rng.pick(adviserIds),
    service_id: ref.serviceIds.length ? rng.pick(ref.serviceIds) : null,
  };
  const programmes = ref.programmeIds.length && rng.chance(0.6) ? [rng.pick(ref.programmeIds)] : [];
  return { event, teams: teamIds.map((team_id) => ({ event_id: id, team_id })), programmes: programmes.map((programme_id) => ({ event_id: id, programme_id })) };
}

/** The event module's demo data: a few events, after every module's records (so no earlier value moves). */
export const eventDemo: readonly DemoStep[] = [
  {
    name: 'events',
    phase: 'extras',
    counts: { small: 20, medium: 20, large: 20 },
    run: async (tx, ctx, made, { count, progress }) => {
      const adviserIds = madeBy(made, 'advisers').map((a) => a.id);
      const ref = await eventReference(tx);
      const events = Array.from({ length: count }, () => makeEvent(ctx, ref, adviserIds));
      await writeRows(tx, EVENT, events.map((m) => m.event));
      await writeRows(tx, EVENT_TEAM, events.flatMap((m) => m.teams));
      await writeRows(tx, EVENT_PROGRAMME, events.flatMap((m) => m.programmes));
      progress.advance(count, 'events');
      return count;
    },
  },
];
