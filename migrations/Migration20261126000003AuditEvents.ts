import { Migration } from '@mikro-orm/migrations';

/**
 * The audit of actors: one row per change to an audited record (company, contact, interaction), written in
 * the change's own transaction by src/audit/audit.subscriber.ts. The actor is an adviser or a partner client
 * (by id, with its name at the time) or a job (by name); `changes` holds `{ field: [old, new] }`, the base
 * of a record's change history. No foreign keys: a row outlives its actor and its record.
 */
export class Migration20261126000003AuditEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_event" (
         "id" uuid not null primary key,
         "occurred_on" timestamptz not null,
         "actor_kind" text not null,
         "actor_id" uuid null,
         "actor_name" text not null,
         "operation" text not null,
         "request_id" text null,
         "entity" text not null,
         "record_id" uuid not null,
         "action" text not null,
         "changes" jsonb not null default '{}',
         constraint "audit_event_actor_kind_check" check ("actor_kind" in ('adviser', 'client', 'job')),
         constraint "audit_event_actor_id_check" check (("actor_kind" = 'job') = ("actor_id" is null)),
         constraint "audit_event_action_check" check ("action" in ('create', 'update', 'delete')))`,
    );
    this.addSql('create index "audit_event_record_index" on "audit_event" ("entity", "record_id", "occurred_on")');
    this.addSql('create index "audit_event_actor_index" on "audit_event" ("actor_kind", "actor_id", "occurred_on")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table "audit_event"');
  }
}
