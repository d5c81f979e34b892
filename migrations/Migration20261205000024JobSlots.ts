import { Migration } from '@mikro-orm/migrations';

/**
 * Each job run records the slot it ran for (src/jobs/slot.ts): the scheduled minute, or the one `job:run --at`
 * named, so a run for a past or future day can be told from one that ran late. Null for runs made before.
 */
export class Migration20261205000024JobSlots extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "job_run" add column "slot_at" timestamptz null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "job_run" drop column "slot_at"');
  }
}
