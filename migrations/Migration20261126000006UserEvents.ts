import { Migration } from '@mikro-orm/migrations';

/**
 * The user-event log (Data Hub's `user_event_log`): things people do that change no record but must be
 * on record, such as exporting search results. Who (adviser, client or job, by id and name), when, what
 * kind of event, and its details.
 */
export class Migration20261126000006UserEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "user_event" (
         "id" uuid not null primary key,
         "occurred_on" timestamptz not null default clock_timestamp(),
         "actor_kind" text not null,
         "actor_id" uuid null,
         "actor_name" text not null,
         "type" text not null,
         "data" jsonb not null default '{}',
         constraint "user_event_actor_kind_check" check ("actor_kind" in ('adviser', 'client', 'job')))`,
    );
    this.addSql('create index "user_event_actor_index" on "user_event" ("actor_kind", "actor_id", "occurred_on")');
    this.addSql('create index "user_event_type_index" on "user_event" ("type", "occurred_on")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table "user_event"');
  }
}
