import type { EntityManager } from '@mikro-orm/core';
import { pgTextArray } from '../db/bulk.js';

/**
 * Email retention: the notifications outbox keeps an email until it has been final (sent, logged or failed)
 * for EMAIL_RETENTION_DAYS, then it goes. An email still to go (queued, or sending under a drain's lease) is
 * never removed, however old.
 *
 * Who keeps an outbox id (a reminder's `notification_id`) learns its email's outcome from the row, so the
 * purge hands every batch to the caller's `keep` in the same transaction, before the rows go: the reminders
 * module writes each status onto its reminders there. This module knows no module's table.
 *
 * Batches. Each batch is its own short transaction of at most `batchSize` rows, the oldest first (a partial
 * index on `finished_on`): a backlog of millions is many small transactions, never one that holds its locks
 * for minutes. Rows are taken `for update skip locked`, so a drain recording a late outcome onto one of them
 * (src/email/outbox.ts, OUTCOME_UNKNOWN) is neither blocked nor lost: that row waits for the next run. A
 * committed batch stays done if a later one fails, and a run again for the same cutoff finds nothing more.
 */

/** The outbox's final statuses (src/email/outbox.ts `EmailStatus`): an email in one is never sent (again). */
export type FinalEmailStatus = 'sent' | 'logged' | 'failed';
export const FINAL_EMAIL_STATUSES: readonly FinalEmailStatus[] = ['sent', 'logged', 'failed'];

/** An email the purge is about to remove: its outbox id and its final status. */
export type FinishedEmail = { id: string; status: FinalEmailStatus };

export const DEFAULT_EMAIL_RETENTION_DAYS = 90;

/**
 * The shortest retention EMAIL_RETENTION_DAYS accepts. Removing a row frees its `dedupe_key`, so a key must
 * never be asked for again once its row may be gone. The keys the jobs use (src/modules/reminder/reminder.make.ts):
 *
 * - `reminder:<reminder id>`: a reminder's own email, enqueued only in the transaction that inserts that
 *   reminder (`insert … on conflict (dedupe_key) do nothing returning`). The reminder is never removed by
 *   retention and keeps its own unique `dedupe_key` (its period: a project, adviser and month, a task and day,
 *   a task event), so no run makes it, or its email, again: this key never recurs, whatever the retention.
 * - `reminder-summary:<adviser>:<YYYY-MM>`: the land date summary, asked for by any run whose slot's day is in
 *   that month. Scheduled, that is the month's 1st at 08:30 (run a few hours late at most, when a worker
 *   catches up a slot it missed), so the email finished after its month began. The purge for a slot's day D
 *   removes only rows that finished before D − retention days (midnight, Europe/London): with 31 days or
 *   more, D is after the end of that month, so every scheduled run that can ask for the key again ran before
 *   its row can go.
 *
 * Only `job:run --at` naming a month other than the current one, by hand, can ask for a summary key after
 * its row went. Even then no email goes twice: a run emails only the reminders it inserted itself, and the
 * reminder's own `dedupe_key` lets it be inserted once. A module that adds a key must add its window here.
 */
export const MIN_EMAIL_RETENTION_DAYS = 31;
export const MAX_EMAIL_RETENTION_DAYS = 3650;

/** Rows per batch (per transaction). */
export const PURGE_BATCH_SIZE = 1000;

export type PurgeFinishedEmailsOptions = {
  /** Emails whose `finished_on` is before this instant go. */
  before: Date;
  /** Called in each batch's transaction, before its rows go: whoever keeps outbox ids records what it needs. */
  keep: (tx: EntityManager, emails: readonly FinishedEmail[]) => Promise<void>;
  batchSize?: number;
  /** Checked between batches: an aborted run stops after the batch under way (a job whose lock was lost). */
  signal?: AbortSignal;
};

export type PurgeResult = { removed: number; batches: number };

/** Removes the sent, logged and failed emails finished before `before`, in batches (see above). */
export async function purgeFinishedEmails(em: EntityManager, options: PurgeFinishedEmailsOptions): Promise<PurgeResult> {
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, not ${batchSize}`);
  const result: PurgeResult = { removed: 0, batches: 0 };
  for (;;) {
    options.signal?.throwIfAborted();
    const removed = await em.fork().transactional(async (tx) => {
      const connection = tx.getConnection();
      const context = tx.getTransactionContext();
      const rows = (await connection.execute(
        // The statuses written out, as the partial index's predicate is (migration 0026), so any plan may use it.
        `select id, status from notification_outbox
          where status in (${FINAL_EMAIL_STATUSES.map((s) => `'${s}'`).join(', ')}) and finished_on < ?::timestamptz
          order by finished_on, id limit ? for update skip locked`,
        [options.before.toISOString(), batchSize],
        'all',
        context,
      )) as Array<{ id: string | number; status: FinalEmailStatus }>;
      if (!rows.length) return 0;
      const emails = rows.map((r) => ({ id: String(r.id), status: r.status }));
      await options.keep(tx, emails);
      await connection.execute('delete from notification_outbox where id = any(?::bigint[])', [pgTextArray(emails.map((e) => e.id))], 'run', context);
      return emails.length;
    });
    if (!removed) break;
    result.removed += removed;
    result.batches++;
    if (removed < batchSize) break;
  }
  return result;
}
