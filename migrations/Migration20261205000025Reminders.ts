import { Migration } from '@mikro-orm/migrations';

const TYPES = [
  'estimated_land_date',
  'no_recent_investment_interaction',
  'no_recent_export_interaction',
  'new_export_interaction',
  'upcoming_task',
  'task_overdue',
  'task_assigned_to_me_from_others',
  'task_amended_by_others',
  'task_completed',
  'task_deleted_by_others',
];
const TYPE_CHECK = `check ("type" in (${TYPES.map((t) => `'${t}'`).join(', ')}))`;

/**
 * Reminders (Data Hub's `reminder` app): an adviser's subscription to each reminder type (email on or off,
 * and for the scheduled types the days), and the reminders the jobs make. `dedupe_key` is unique: a job
 * makes each reminder once per its period (a project's land date once a month), however often it runs for
 * that slot and however many workers run it at once. `notification_id` is its email in the notifications
 * outbox, whose status is its delivery status.
 */
export class Migration20261205000025Reminders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "reminder_subscription" (
         "id" uuid not null primary key,
         "adviser_id" uuid not null references "adviser" ("id") on delete cascade,
         "type" text not null ${TYPE_CHECK},
         "email_reminders_enabled" boolean not null default false,
         "reminder_days" smallint[] not null default '{}',
         "modified_on" timestamptz not null,
         constraint "reminder_subscription_adviser_type_unique" unique ("adviser_id", "type"))`,
    );
    this.addSql(
      `create table "reminder" (
         "id" uuid not null primary key,
         "adviser_id" uuid not null references "adviser" ("id") on delete cascade,
         "type" text not null ${TYPE_CHECK},
         "event" text not null,
         "status" text not null default 'live' check ("status" in ('live', 'dismissed')),
         "created_on" timestamptz not null,
         "modified_on" timestamptz not null,
         "investment_project_id" uuid null references "investment_project" ("id") on delete cascade,
         "company_id" uuid null references "company" ("id") on delete cascade,
         "interaction_id" uuid null references "interaction" ("id") on delete cascade,
         "task_id" uuid null references "task" ("id") on delete cascade,
         "notification_id" bigint null references "notification_outbox" ("id") on delete set null,
         "dedupe_key" text not null,
         constraint "reminder_dedupe_key_unique" unique ("dedupe_key"))`,
    );
    this.addSql('create index "reminder_adviser_status_type_index" on "reminder" ("adviser_id", "status", "type", "created_on")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "reminder"');
    this.addSql('drop table if exists "reminder_subscription"');
  }
}
