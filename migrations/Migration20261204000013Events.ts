import { Migration } from '@mikro-orm/migrations';

/**
 * The search triggers of event documents (src/modules/event/event.search.ts `sources`): a change to an event
 * or to its teams enqueues the event's document. The bodies are those src/search/source-triggers.ts writes
 * (test/search/search-sources.test.ts compares them).
 */
const SOURCES = [
  { table: 'event', documentIds: 'select changed.id' },
  { table: 'event_team', documentIds: 'select changed.event_id' },
];

const triggerBody = (table: string, documentIds: string) => `
declare
  changed "${table}"%rowtype;
  document_ids uuid[] := '{}';
begin
  if tg_op <> 'DELETE' then changed := new; document_ids := document_ids || array(${documentIds}); end if;
  if tg_op <> 'INSERT' then changed := old; document_ids := document_ids || array(${documentIds}); end if;
  insert into search_outbox (entity, record_id) select distinct 'event', d.id from unnest(document_ids) d(id) where d.id is not null;
  return null;
end
`;

const reference = (table: string) =>
  `create table "${table}" ("id" uuid not null primary key, "name" text not null, "disabled_on" timestamptz null)`;

/**
 * Events (Data Hub's `event.Event`: trade shows, missions, seminars) and their reference tables: event
 * types, location types and programmes, shaped like the other reference tables (Data Hub's UUIDs, a name,
 * `disabled_on`) and loaded by the reference loader from the event module's manifest. An event links to
 * many teams (the lead team among them) and many programmes through link tables, as Data Hub's does.
 */
export class Migration20261204000013Events extends Migration {
  override async up(): Promise<void> {
    this.addSql(reference('metadata_event_type'));
    this.addSql(reference('metadata_location_type'));
    this.addSql(reference('metadata_programme'));
    this.addSql(
      `create table "event" (
         "id" uuid not null primary key,
         "created_on" timestamptz not null,
         "created_by_id" uuid null references "adviser" ("id") on delete set null,
         "modified_on" timestamptz not null,
         "modified_by_id" uuid null references "adviser" ("id") on delete set null,
         "disabled_on" timestamptz null,
         "name" text not null,
         "event_type_id" uuid not null references "metadata_event_type" ("id"),
         "start_date" date not null,
         "end_date" date not null,
         "location_type_id" uuid null references "metadata_location_type" ("id") on delete set null,
         "address_line1" text null,
         "address_line2" text null,
         "address_town" text null,
         "address_county" text null,
         "address_postcode" text null,
         "address_area_id" uuid null references "metadata_administrative_area" ("id") on delete set null,
         "address_country_id" uuid null references "metadata_country" ("id"),
         "uk_region_id" uuid null references "metadata_uk_region" ("id") on delete set null,
         "notes" text null,
         "lead_team_id" uuid null references "metadata_team" ("id"),
         "organiser_id" uuid null references "adviser" ("id"),
         "service_id" uuid null references "metadata_service" ("id"),
         constraint "event_dates_order" check ("end_date" >= "start_date"))`,
    );
    this.addSql('create index "event_start_date_index" on "event" ("start_date")');
    this.addSql('create index "event_lead_team_id_index" on "event" ("lead_team_id")');
    this.addSql('create index "event_organiser_id_index" on "event" ("organiser_id")');
    this.addSql(
      `create table "event_team" (
         "event_id" uuid not null references "event" ("id") on update cascade on delete cascade,
         "team_id" uuid not null references "metadata_team" ("id") on update cascade on delete cascade,
         primary key ("event_id", "team_id"))`,
    );
    this.addSql('create index "event_team_team_id_index" on "event_team" ("team_id")');
    this.addSql(
      `create table "event_related_programme" (
         "event_id" uuid not null references "event" ("id") on update cascade on delete cascade,
         "programme_id" uuid not null references "metadata_programme" ("id") on update cascade on delete cascade,
         primary key ("event_id", "programme_id"))`,
    );
    for (const { table, documentIds } of SOURCES) {
      const name = `search_event_from_${table}`;
      this.addSql(`create or replace function "${name}"() returns trigger language plpgsql as $fn$${triggerBody(table, documentIds)}$fn$`);
      this.addSql(`create trigger "${name}" after insert or update or delete on "${table}" for each row execute function "${name}"()`);
    }
  }

  override async down(): Promise<void> {
    for (const { table } of SOURCES) this.addSql(`drop function if exists "search_event_from_${table}"() cascade`);
    for (const table of ['event_related_programme', 'event_team', 'event', 'metadata_programme', 'metadata_location_type', 'metadata_event_type']) {
      this.addSql(`drop table if exists "${table}"`);
    }
  }
}
