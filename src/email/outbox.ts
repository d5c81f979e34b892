import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config/config.js';
import { pgTextArray } from '../db/bulk.js';
import type { Orm } from '../db/orm-type.js';
import type { Mailer } from './mailer.js';
import { classifySmtpError, EmailSendError } from './send-error.js';
import { linksOn, type EmailTemplates } from './template.js';

/**
 * The notifications outbox (table `notification_outbox`, migration 0022). A job enqueues an email in its own
 * transaction; the worker's drain (src/email/drainer.ts) sends it.
 *
 * Claiming and sending. A row is claimed one at a time, just before it is sent, in one statement (`for update
 * skip locked`, so two drains never take the same row, and no transaction stays open during the SMTP
 * conversation): its status becomes `sending`, its attempts grow by one, and `next_attempt_on` becomes a
 * lease of LEASE_SECONDS. The email carries a Message-ID made of the row id. Then the outcome is recorded:
 * `sent` (or `logged` without SMTP), back to `queued` with a back-off after a temporary failure (4xx, no
 * connection), or `failed` after a permanent one (5xx) or MAX_ATTEMPTS attempts.
 *
 * Never sent twice. If the drain dies (or loses the database) between claiming and recording, the row stays
 * `sending`; once its lease has passed, it is NOT sent again: it is recorded `failed` with OUTCOME_UNKNOWN,
 * since the server may have accepted it. So an email goes at most once, and what may be lost is bounded by
 * what was in flight: one email per drain (the one between its claim and its record). A drain that comes back
 * late with the outcome still records it over OUTCOME_UNKNOWN (its claim is known by the attempt number).
 *
 * Retention. A final row (sent, logged, failed) has a `finished_on`, kept by the database (migration 0026);
 * once that is EMAIL_RETENTION_DAYS old, the daily `email:retention` job removes the row (src/email/retention.ts),
 * after the reminders that point at it have recorded its status. Queued and sending rows are never removed.
 */

/** How long a claimed row is leased: longer than one send can take (the mailer's timeouts add up to 50 s). */
export const LEASE_SECONDS = 300;
/** Tries before a temporary failure is given up as `failed` (TOO_MANY_ATTEMPTS): about 2 hours of back-off. */
export const MAX_ATTEMPTS = 8;
/** Wait after the n-th failed attempt: 30 s, 1 min, 2 min, ... up to an hour. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'logged' | 'failed';
export type EmailFailureCode = 'SMTP_REJECTED' | 'SMTP_UNAVAILABLE' | 'TOO_MANY_ATTEMPTS' | 'OUTCOME_UNKNOWN' | 'TEMPLATE_UNKNOWN' | 'TEMPLATE_FAILED';

export type EmailRequest = {
  /** The address it goes to, and the adviser it is for when it is one (kept if their address changes later). */
  to: { email: string; adviserId?: string };
  /** A template's name, as a module's manifest declares it in `emails`. */
  template: string;
  /** The template's data: plain JSON, rendered when it is sent. */
  data: Record<string, unknown>;
  /**
   * Names the logical email (e.g. `reminder:<reminder id>`): a second request with the same key enqueues nothing, as
   * long as the first one's row is kept (src/email/retention.ts says how long a key must stay unused).
   */
  dedupeKey: string;
};

/**
 * Puts an email in the outbox, in `em`'s transaction (so it exists exactly when the caller's change commits).
 * Returns the row's id, which the caller keeps to learn the outcome (`emailOutcomes`), and whether this call
 * enqueued it (false: its dedupe key was already there, and `id` is that email's).
 */
export async function enqueueEmail(em: EntityManager, request: EmailRequest): Promise<{ id: string; enqueued: boolean }> {
  const connection = em.getConnection();
  const tx = em.getTransactionContext();
  const [inserted] = (await connection.execute(
    `insert into notification_outbox (recipient_adviser_id, recipient_email, template, data, dedupe_key) values (?, ?, ?, ?::jsonb, ?)
      on conflict (dedupe_key) do nothing returning id`,
    [request.to.adviserId ?? null, request.to.email, request.template, JSON.stringify(request.data), request.dedupeKey],
    'all',
    tx,
  )) as Array<{ id: string }>;
  if (inserted) return { id: String(inserted.id), enqueued: true };
  const [existing] = (await connection.execute('select id from notification_outbox where dedupe_key = ?', [request.dedupeKey], 'all', tx)) as Array<{ id: string }>;
  return { id: String(existing.id), enqueued: false };
}

export type EmailOutcome = { id: string; status: EmailStatus; attempts: number; errorCode: EmailFailureCode | null; lastError: string | null; sentOn: Date | null };

/** Where the emails of these outbox ids stand (the reminders module records this on its reminders). */
export async function emailOutcomes(em: EntityManager, ids: readonly string[]): Promise<Map<string, EmailOutcome>> {
  if (!ids.length) return new Map();
  const rows = (await em.getConnection().execute(
    `select id, status, attempts, error_code as "errorCode", last_error as "lastError", sent_on as "sentOn" from notification_outbox where id = any(?::bigint[])`,
    [pgTextArray(ids.map((id) => String(BigInt(id))))],
    'all',
    em.getTransactionContext(),
  )) as EmailOutcome[];
  return new Map(rows.map((r) => [String(r.id), { ...r, id: String(r.id), sentOn: r.sentOn ? new Date(r.sentOn) : null }]));
}

export type DrainEmailOptions = {
  orm: Orm;
  mailer: Mailer;
  templates: EmailTemplates;
  email: Config['email'];
  /** The drain's clock; unset, the database's (one clock for every worker). Tests move theirs instead of waiting. */
  now?: () => Date;
  /** The most emails one call sends. */
  limit?: number;
};

export type EmailDrainResult = { sent: number; logged: number; retried: number; failed: number; expired: number };

type Claimed = { id: string; to: string; template: string; data: Record<string, unknown>; attempts: number };

/** The drain's clock in SQL: the injected one when there is one, else the database's. */
const NOW = 'coalesce(?::timestamptz, clock_timestamp())';

/** Sends what is due, one row at a time, until nothing is due or `limit` emails were tried. */
export async function drainEmails(options: DrainEmailOptions): Promise<EmailDrainResult> {
  const connection = options.orm.em.fork().getConnection();
  const run = (sql: string, params: unknown[]) => connection.execute(sql, params, 'all') as Promise<any[]>;
  const at = () => options.now?.().toISOString() ?? null;
  const result: EmailDrainResult = { sent: 0, logged: 0, retried: 0, failed: 0, expired: 0 };

  const expired = await run(
    `update notification_outbox set status = 'failed', error_code = 'OUTCOME_UNKNOWN',
            last_error = 'the drain stopped between sending and recording: it may have been delivered, so it is not sent again'
      where id in (select id from notification_outbox where status = 'sending' and next_attempt_on <= ${NOW} for update skip locked) returning id`,
    [at()],
  );
  result.expired = expired.length;

  const domain = /@([^>\s]+)>?\s*$/.exec(options.email.from)?.[1] ?? 'localhost';
  const links = linksOn(options.email.frontendBaseUrl);
  const record = (row: Claimed, set: string, params: unknown[]) =>
    run(
      `update notification_outbox set ${set} where id = ? and attempts = ? and (status = 'sending' or error_code = 'OUTCOME_UNKNOWN')`,
      [...params, row.id, row.attempts],
    );
  const fail = (row: Claimed, code: EmailFailureCode, message: string) => {
    result.failed++;
    return record(row, `status = 'failed', error_code = ?, last_error = ?`, [code, message.slice(0, 1000)]);
  };
  const retry = (row: Claimed, code: EmailFailureCode, message: string) => {
    if (row.attempts >= MAX_ATTEMPTS) return fail(row, 'TOO_MANY_ATTEMPTS', `${code} after ${row.attempts} attempts: ${message}`);
    result.retried++;
    return record(row, `status = 'queued', error_code = ?, last_error = ?, next_attempt_on = ${NOW} + (?::int * interval '1 second')`, [
      code,
      message.slice(0, 1000),
      at(),
      backoffSeconds(row.attempts),
    ]);
  };

  for (let tried = 0; tried < (options.limit ?? 100); tried++) {
    const [row] = (await run(
      `update notification_outbox set status = 'sending', attempts = attempts + 1, next_attempt_on = ${NOW} + interval '${LEASE_SECONDS} seconds'
        where id in (select id from notification_outbox where status = 'queued' and next_attempt_on <= ${NOW} order by next_attempt_on, id limit 1 for update skip locked)
        returning id, recipient_email as "to", template, data, attempts`,
      [at(), at()],
    )) as Claimed[];
    if (!row) break;
    const template = options.templates[row.template];
    // Not known here may mean a newer worker knows it (a deploy under way): a temporary failure.
    if (!template) {
      await retry(row, 'TEMPLATE_UNKNOWN', `no email template is named ${row.template}`);
      continue;
    }
    let rendered;
    try {
      rendered = template.render(row.data, links);
    } catch (error) {
      await fail(row, 'TEMPLATE_FAILED', error instanceof Error ? error.message : String(error));
      continue;
    }
    try {
      await options.mailer.send({ to: row.to, ...rendered, messageId: `<notification-${row.id}@${domain}>` });
    } catch (error) {
      const failure = error instanceof EmailSendError ? error : classifySmtpError(error);
      await (failure.permanent ? fail(row, failure.code, failure.message) : retry(row, failure.code, failure.message));
      continue;
    }
    const status = options.mailer.mode === 'smtp' ? 'sent' : 'logged';
    result[status]++;
    await record(row, `status = ?, sent_on = ${NOW}, error_code = null, last_error = null`, [status, at()]);
  }
  return result;
}

export type EmailOutboxStatus = Record<EmailStatus, number> & { oldestQueuedSeconds: number | null; lastError: string | null };

/** The outbox's figures for /metrics and admins: emails by status, how long the oldest waiting one has waited, the last error. */
export async function emailOutboxStatus(em: EntityManager): Promise<EmailOutboxStatus> {
  const [row] = (await em.getConnection().execute(
    `select count(*) filter (where status = 'queued')::int as queued,
            count(*) filter (where status = 'sending')::int as sending,
            count(*) filter (where status = 'sent')::int as sent,
            count(*) filter (where status = 'logged')::int as logged,
            count(*) filter (where status = 'failed')::int as failed,
            extract(epoch from clock_timestamp() - min(enqueued_on) filter (where status in ('queued', 'sending')))::float8 as "oldestQueuedSeconds",
            (select last_error from notification_outbox where last_error is not null order by id desc limit 1) as "lastError"
       from notification_outbox`,
    [],
    'all',
  )) as EmailOutboxStatus[];
  return row;
}
