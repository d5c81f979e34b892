import { Migration } from '@mikro-orm/migrations';

/**
 * The notifications outbox (src/email/outbox.ts): a job writes an email here in its own transaction, so an
 * email exists exactly when the change that caused it committed; the worker's drain sends it. `dedupe_key`
 * names the logical email (a reminder for one task and day), so a job run twice for the same slot enqueues it
 * once. While `status` is `sending`, `next_attempt_on` is the drainer's lease; otherwise it is when a queued
 * email may next be tried.
 */
export class Migration20261205000022Notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "notification_outbox" (
         "id" bigserial primary key,
         "recipient_adviser_id" uuid null references "adviser" ("id") on delete set null,
         "recipient_email" text not null,
         "template" text not null,
         "data" jsonb not null default '{}',
         "dedupe_key" text not null,
         "status" text not null default 'queued',
         "attempts" int not null default 0,
         "next_attempt_on" timestamptz not null default clock_timestamp(),
         "error_code" text null,
         "last_error" text null,
         "message_id" text null,
         "enqueued_on" timestamptz not null default clock_timestamp(),
         "sent_on" timestamptz null,
         constraint "notification_outbox_dedupe_key_unique" unique ("dedupe_key"),
         constraint "notification_outbox_status_check" check ("status" in ('queued', 'sending', 'sent', 'logged', 'failed')))`,
    );
    // The drain looks only at rows still to do: queued ones due, and leases that ran out.
    this.addSql(`create index "notification_outbox_due_index" on "notification_outbox" ("next_attempt_on", "id") where "status" in ('queued', 'sending')`);
    this.addSql('create index "notification_outbox_recipient_adviser_index" on "notification_outbox" ("recipient_adviser_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table "notification_outbox"');
  }
}
