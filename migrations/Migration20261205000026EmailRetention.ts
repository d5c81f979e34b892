import { Migration } from '@mikro-orm/migrations';

const FINAL = `('sent', 'logged', 'failed')`;

/**
 * Email retention (src/email/retention.ts): sent, logged and failed emails leave the notifications outbox once
 * they finished more than EMAIL_RETENTION_DAYS ago.
 *
 * `notification_outbox.finished_on` is when a row reached its final state. The database keeps it, whoever
 * writes the row (a worker of the previous version during a deploy too): a row that turns sent, logged or
 * failed gets its `sent_on`, or the time of that change when it has none (a failure); a row that is not final
 * has none. Rows already final are given theirs here: `sent_on`, or for a failure `next_attempt_on`, which is
 * then the end of its last claim's lease (within minutes of the failure). The purge reads them oldest first by
 * a partial index of the final rows.
 *
 * `reminder.email_status` is the final status of a reminder's email, written onto the reminder in the purge's
 * transaction just before the outbox row goes (and with it, `on delete set null`, the reminder's
 * `notification_id`): a reminder reads its delivery status from the outbox row while there is one, else from
 * here, so it says the same before and after. The index on `notification_id` serves that write and the
 * foreign key's `set null`, which otherwise reads the whole reminder table once per deleted email.
 */
export class Migration20261205000026EmailRetention extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "notification_outbox" add column "finished_on" timestamptz null');
    this.addSql(`update "notification_outbox" set "finished_on" = coalesce("sent_on", "next_attempt_on") where "status" in ${FINAL}`);
    this.addSql(
      `create or replace function "notification_outbox_finished_on"() returns trigger language plpgsql as $fn$
begin
  if new.status not in ${FINAL} then
    new.finished_on := null;
  elsif new.finished_on is null or (tg_op = 'UPDATE' and new.status is distinct from old.status) then
    new.finished_on := coalesce(new.sent_on, clock_timestamp());
  end if;
  return new;
end
$fn$`,
    );
    this.addSql(
      `create trigger "notification_outbox_finished_on" before insert or update on "notification_outbox" for each row execute function "notification_outbox_finished_on"()`,
    );
    this.addSql(`create index "notification_outbox_finished_index" on "notification_outbox" ("finished_on", "id") where "status" in ${FINAL}`);
    this.addSql(`alter table "reminder" add column "email_status" text null constraint "reminder_email_status_check" check ("email_status" in ${FINAL})`);
    this.addSql('create index "reminder_notification_index" on "reminder" ("notification_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "reminder_notification_index"');
    this.addSql('alter table "reminder" drop column if exists "email_status"');
    this.addSql('drop function if exists "notification_outbox_finished_on"() cascade');
    this.addSql('alter table "notification_outbox" drop column if exists "finished_on"');
  }
}
