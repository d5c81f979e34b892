import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from '../../src/cli.js';
import { loadConfig } from '../../src/config/config.js';
import { createMailer } from '../../src/email/mailer.js';
import { drainEmails } from '../../src/email/outbox.js';
import { purgeFinishedEmails, type FinishedEmail } from '../../src/email/retention.js';
import { addDays, slotFromText, slotOf } from '../../src/jobs/slot.js';
import { createLogger } from '../../src/logger.js';
import { emailRetentionCutoff, keepReminderEmailStatus } from '../../src/modules/reminder/reminder.jobs.js';
import { emailTemplates } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, type Caller } from '../helpers/callers.js';
import { cliOf } from '../helpers/cli.js';

/**
 * Email retention (src/email/retention.ts, the `email:retention` job): rows of every status at dates around the
 * cutoff, the job run for a chosen slot (never waiting for a date to come), and each reminder's delivery status
 * read through GraphQL before and after.
 */

const JOB = 'email:retention';
let app: TestApp;
let adviser: Caller;
let keys = 0;

beforeAll(async () => {
  app = await createTestApp();
  adviser = await createCaller(app, { teamRole: 'International Trade Team', name: 'Rita Retained' });
});
afterAll(() => app?.close());
// Each test starts from an empty outbox and no reminders (a failed one leaves none behind for the next).
afterEach(async () => {
  await app.sql('delete from reminder');
  await app.sql('delete from notification_outbox');
});

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

/** Runs a job for a slot as `npm run cli -- job:run --job … --at …` does; its output line. */
async function runJobAt(job: string, at: string): Promise<string> {
  const out: string[] = [];
  await COMMANDS['job:run'].run({ values: { job, at }, orm: app.orm, config: app.config, out: (line) => out.push(line) });
  return out[0];
}

/** An outbox row as the drain leaves it: `finished` for a final status; queued and sending ones waiting since `enqueued`. */
async function email(status: 'queued' | 'sending' | 'sent' | 'logged' | 'failed', finished: string | null, enqueued = '2026-01-01T09:00:00Z'): Promise<string> {
  const [row] = await app.sql<{ id: string }>(
    `insert into notification_outbox (recipient_email, template, data, dedupe_key, status, attempts, enqueued_on, next_attempt_on, sent_on, finished_on, error_code)
     values ('rita@example.gov.uk', 'reminder:task_completed', '{}', ?, ?, 1, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?) returning id`,
    [`retention-test:${++keys}`, status, enqueued, enqueued, status === 'sent' || status === 'logged' ? finished : null, finished, status === 'failed' ? 'SMTP_REJECTED' : null],
  );
  return String(row.id);
}

/** A reminder of the adviser's whose email is `notificationId` (none: email off). */
async function reminder(notificationId: string | null): Promise<string> {
  const [row] = await app.sql<{ id: string }>(
    `insert into reminder (id, adviser_id, type, event, status, created_on, modified_on, notification_id, dedupe_key)
     values (gen_random_uuid(), ?, 'task_completed', 'Completed by someone', 'live', clock_timestamp(), clock_timestamp(), ?, ?) returning id`,
    [adviser.id, notificationId, `retention-test:${++keys}`],
  );
  return row.id;
}

/** Each of the adviser's reminders' email status, read in the list's statement and, under a directive, by its loader. */
async function deliveryStatuses(): Promise<{ embedded: Record<string, string>; loaded: Record<string, string> }> {
  const read = async (field: string) =>
    Object.fromEntries(ok(await adviser.gql(`{ reminders(first: 100) { edges { node { id ${field} } } } }`)).reminders.edges.map((e: any) => [e.node.id, e.node.emailDeliveryStatus]));
  return { embedded: await read('emailDeliveryStatus'), loaded: await read('emailDeliveryStatus @include(if: true)') };
}

const outboxIds = async () => (await app.sql<{ id: string }>('select id from notification_outbox order by id')).map((r) => String(r.id));

describe('the email:retention job', () => {
  it("removes the final emails finished before the cutoff, keeps the recent ones and every one still to go, and each reminder's status reads the same after", async () => {
    // 1 June 2027, 04:00 BST, with the default 90 days: the cutoff is midnight starting 3 March (GMT then).
    const slot = slotFromText('2027-06-01T04:00')!;
    expect(app.config.email.retentionDays).toBe(90);
    expect(emailRetentionCutoff(slot, 90)).toEqual(new Date('2027-03-03T00:00:00Z'));

    const gone = {
      sent: await email('sent', '2027-03-02T23:59:59.999Z'),
      logged: await email('logged', '2026-06-10T12:00:00Z'),
      failed: await email('failed', '2027-02-01T08:00:00Z'),
      summary: await email('sent', '2027-01-01T08:31:00Z'),
    };
    const kept = {
      atTheCutoff: await email('sent', '2027-03-03T00:00:00Z'),
      recentFailure: await email('failed', '2027-05-31T23:00:00Z'),
      queuedForAYear: await email('queued', null, '2026-05-01T09:00:00Z'),
      sendingLeaseLongPast: await email('sending', null, '2026-05-01T09:00:00Z'),
    };
    const reminders = {
      sent: await reminder(gone.sent),
      logged: await reminder(gone.logged),
      failed: await reminder(gone.failed),
      // A summary is the email of several reminders.
      summaryA: await reminder(gone.summary),
      summaryB: await reminder(gone.summary),
      atTheCutoff: await reminder(kept.atTheCutoff),
      recentFailure: await reminder(kept.recentFailure),
      queued: await reminder(kept.queuedForAYear),
      sending: await reminder(kept.sendingLeaseLongPast),
      emailOff: await reminder(null),
    };
    const before = await deliveryStatuses();
    expect(before.embedded).toEqual({
      [reminders.sent]: 'sent',
      [reminders.logged]: 'logged',
      [reminders.failed]: 'failed',
      [reminders.summaryA]: 'sent',
      [reminders.summaryB]: 'sent',
      [reminders.atTheCutoff]: 'sent',
      [reminders.recentFailure]: 'failed',
      [reminders.queued]: 'queued',
      [reminders.sending]: 'sending',
      [reminders.emailOff]: 'not_requested',
    });
    expect(before.loaded).toEqual(before.embedded);

    expect(await runJobAt(JOB, '2027-06-01T04:00')).toBe(`${JOB} (2027-06-01 04:00 Europe/London): succeeded (removed 4)`);
    expect(await outboxIds()).toEqual(Object.values(kept).sort((a, b) => Number(a) - Number(b)));
    expect(await deliveryStatuses()).toEqual(before);
    // The removed rows' reminders keep their status themselves; the others still read the outbox.
    const rows = await app.sql<{ id: string; notification_id: string | null; email_status: string | null }>('select id, notification_id, email_status from reminder where adviser_id = ?', [adviser.id]);
    const byId = Object.fromEntries(rows.map((r) => [r.id, { notificationId: r.notification_id === null ? null : String(r.notification_id), emailStatus: r.email_status }]));
    expect(byId[reminders.summaryB]).toEqual({ notificationId: null, emailStatus: 'sent' });
    expect(byId[reminders.failed]).toEqual({ notificationId: null, emailStatus: 'failed' });
    expect(byId[reminders.queued]).toEqual({ notificationId: kept.queuedForAYear, emailStatus: null });

    // The same slot again, or another minute of the same day: nothing more.
    expect(await runJobAt(JOB, '2027-06-01T04:00')).toMatch(/succeeded \(removed 0\)$/);
    expect(await runJobAt(JOB, '2027-06-01T23:59')).toMatch(/succeeded \(removed 0\)$/);
    const runs = await app.sql<{ counts: unknown; slot_at: Date | string }>(`select counts, slot_at from job_run where job = ? order by started_on`, [JOB]);
    expect(runs.map((r) => r.counts)).toEqual([{ removed: 4 }, { removed: 0 }, { removed: 0 }]);
    expect(new Date(runs[0].slot_at)).toEqual(slot.at);

    // The next day's run takes the email that finished at the old cutoff; queued and sending ones never go.
    expect(await runJobAt(JOB, '2027-06-02T04:00')).toMatch(/succeeded \(removed 1\)$/);
    expect(await runJobAt(JOB, '2035-01-01T04:00')).toMatch(/succeeded \(removed 1\)$/);
    expect(await outboxIds()).toEqual([kept.queuedForAYear, kept.sendingLeaseLongPast]);
    expect(await deliveryStatuses()).toEqual(before);
  });

  it('reads its cutoff in London days: across the spring DST change, and a leap year', () => {
    // 90 days before 28 June 2027 is 30 March (BST): midnight there is 23:00 UTC the day before.
    expect(emailRetentionCutoff(slotFromText('2027-06-28T04:00')!, 90)).toEqual(new Date('2027-03-29T23:00:00Z'));
    // 31 days before 1 April 2028 is 1 March, past 29 February.
    expect(emailRetentionCutoff(slotFromText('2028-04-01T04:00')!, 31)).toEqual(new Date('2028-03-01T00:00:00Z'));
    // A slot just after midnight London, the evening before in UTC, is its London day.
    expect(emailRetentionCutoff(slotFromText('2027-07-01T00:30')!, 90)).toEqual(emailRetentionCutoff(slotFromText('2027-07-01T23:30')!, 90));
  });
});

describe('the purge, batch by batch', () => {
  const before = new Date('2027-01-01T00:00:00Z');

  it('removes a backlog in bounded transactions, the oldest first, and a run again removes nothing', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await email('sent', `2026-0${i + 1}-15T10:00:00Z`));
    await reminder(ids[4]);
    const batches: string[][] = [];
    const keep = async (tx: Parameters<typeof keepReminderEmailStatus>[0], emails: readonly FinishedEmail[]) => {
      batches.push(emails.map((e) => e.id));
      await keepReminderEmailStatus(tx, emails);
    };
    expect(await purgeFinishedEmails(app.orm.em.fork(), { before, keep, batchSize: 2 })).toEqual({ removed: 5, batches: 3 });
    expect(batches).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    expect(await purgeFinishedEmails(app.orm.em.fork(), { before, keep, batchSize: 2 })).toEqual({ removed: 0, batches: 0 });
    expect(await app.sql('select email_status, notification_id from reminder where adviser_id = ?', [adviser.id])).toEqual([{ email_status: 'sent', notification_id: null }]);
  });

  it('a batch whose keeping fails is rolled back whole: its rows and their reminders stay as they were, and the next run finishes', async () => {
    const ids = [await email('failed', '2026-03-01T10:00:00Z'), await email('logged', '2026-04-01T10:00:00Z'), await email('sent', '2026-05-01T10:00:00Z')];
    const last = await reminder(ids[2]);
    let calls = 0;
    const failing = async (tx: Parameters<typeof keepReminderEmailStatus>[0], emails: readonly FinishedEmail[]) => {
      await keepReminderEmailStatus(tx, emails);
      if (++calls === 2) throw new Error('the database went away');
    };
    await expect(purgeFinishedEmails(app.orm.em.fork(), { before, keep: failing, batchSize: 2 })).rejects.toThrow('the database went away');
    expect(await outboxIds()).toEqual([ids[2]]);
    expect(await app.sql('select email_status, notification_id from reminder where id = ?', [last])).toEqual([{ email_status: null, notification_id: expect.anything() }]);
    expect(await purgeFinishedEmails(app.orm.em.fork(), { before, keep: keepReminderEmailStatus, batchSize: 2 })).toEqual({ removed: 1, batches: 1 });
    expect(await app.sql('select email_status, notification_id from reminder where id = ?', [last])).toEqual([{ email_status: 'sent', notification_id: null }]);
  });

  it('stops after the batch under way when its run is aborted (its lock was lost)', async () => {
    for (let i = 0; i < 3; i++) await email('sent', '2026-06-01T10:00:00Z');
    const controller = new AbortController();
    const keep = async () => controller.abort(new Error('lock lost'));
    await expect(purgeFinishedEmails(app.orm.em.fork(), { before, keep, batchSize: 2, signal: controller.signal })).rejects.toThrow('lock lost');
    expect(await outboxIds()).toHaveLength(1);
    expect(await purgeFinishedEmails(app.orm.em.fork(), { before, keep: async () => undefined })).toEqual({ removed: 1, batches: 1 });
  });
});

describe("an outbox row's finish (finished_on, kept by the database)", () => {
  it('is set when a row turns final, whoever writes it, and only then', async () => {
    const finished = async (id: string) => {
      const [row] = await app.sql<{ finished_on: Date | string | null; sent_on: Date | string | null }>('select finished_on, sent_on from notification_outbox where id = ?', [id]);
      return { finished: row.finished_on && new Date(row.finished_on).toISOString(), sent: row.sent_on && new Date(row.sent_on).toISOString() };
    };
    const id = await email('queued', null);
    expect((await finished(id)).finished).toBeNull();
    await app.sql("update notification_outbox set status = 'sending' where id = ?", [id]);
    expect((await finished(id)).finished).toBeNull();
    // A failure (no sent_on): the time it failed.
    await app.sql("update notification_outbox set status = 'failed', error_code = 'OUTCOME_UNKNOWN' where id = ?", [id]);
    const failedAt = (await finished(id)).finished;
    expect(failedAt).not.toBeNull();
    // Another change leaves it alone; a late outcome recorded over OUTCOME_UNKNOWN is the send's time.
    await app.sql("update notification_outbox set last_error = 'late' where id = ?", [id]);
    expect((await finished(id)).finished).toBe(failedAt);
    await app.sql("update notification_outbox set status = 'sent', sent_on = '2026-02-03T04:05:06Z', error_code = null where id = ?", [id]);
    expect(await finished(id)).toEqual({ finished: '2026-02-03T04:05:06.000Z', sent: '2026-02-03T04:05:06.000Z' });
  });

  it("a reminder's email, drained without SMTP (logged), goes with the run for its finish's day + 91, not + 90, and its reminder still says logged", async () => {
    const ON = 'mutation { updateReminderSubscription(type: TASK_OVERDUE, input: { emailRemindersEnabled: true }) { type } }';
    ok(await adviser.gql(ON));
    const CREATE = 'mutation($input: TaskCreateInput!) { createTask(input: $input) { id } }';
    ok(await adviser.gql(CREATE, { input: { title: 'Renew the licence', adviserIds: [adviser.id], dueDate: '2033-02-10', emailRemindersEnabled: true } }));
    expect(await runJobAt('reminders:task-overdue', '2033-02-11T08:00')).toMatch(/created 1, emails 1\)$/);
    const mailer = createMailer(loadConfig({}).email, createLogger('silent'));
    expect(mailer.mode).toBe('log');
    expect(await drainEmails({ orm: app.orm, mailer, templates: emailTemplates, email: loadConfig({}).email })).toMatchObject({ logged: 1 });
    const [row] = await app.sql<{ finished_on: Date | string; sent_on: Date | string }>('select finished_on, sent_on from notification_outbox');
    expect(new Date(row.finished_on)).toEqual(new Date(row.sent_on));
    const before = await deliveryStatuses();
    expect(Object.values(before.embedded)).toEqual(['logged']);

    const day = slotOf(new Date(row.finished_on)).day;
    expect(await runJobAt(JOB, `${addDays(day, 90)}T04:00`)).toMatch(/removed 0\)$/);
    expect(await runJobAt(JOB, `${addDays(day, 91)}T04:00`)).toMatch(/removed 1\)$/);
    expect(await outboxIds()).toEqual([]);
    expect(await deliveryStatuses()).toEqual(before);
    // The job for that slot again makes no reminder and queues no email: the reminder's own key is kept.
    expect(await runJobAt('reminders:task-overdue', '2033-02-11T08:00')).toMatch(/created 0, emails 0\)$/);
    expect(await outboxIds()).toEqual([]);
  });
});

describe('npm run cli -- job:run --job email:retention', () => {
  it('refuses a retention too short to keep the dedupe keys (or no number of days) before opening any database', async () => {
    const run = cliOf(app, 'crm-retention-cli-');
    let errors = '';
    try {
      for (const bad of ['30', '0', '-5', '90.5', 'ninety', '', '3651']) {
        const res = await runCli(['job:run', '--job', JOB, '--at', '2027-06-01T04:00'], { ...run.env, EMAIL_RETENTION_DAYS: bad }, { out: () => undefined, err: (t) => (errors += t) });
        expect(res, bad).toBe(1);
      }
      expect(errors).toMatch(/EMAIL_RETENTION_DAYS: at least 31 days: a removed email frees its dedupe key/);
      expect(errors).toMatch(/EMAIL_RETENTION_DAYS: a whole number of days/);
      expect(errors).toMatch(/EMAIL_RETENTION_DAYS: at most 3650 days/);
    } finally {
      run.remove();
    }
  });

  it('runs for the slot given with the retention EMAIL_RETENTION_DAYS sets', async () => {
    // 365 days before 1 June 2027 is 1 June 2026: midnight there (BST) is 23:00 UTC on 31 May.
    await email('sent', '2026-05-31T22:00:00Z');
    const recent = await email('sent', '2026-06-02T09:00:00Z');
    // The job:run command with this file's database and a configuration read from EMAIL_RETENTION_DAYS=365.
    const config = { ...app.config, email: { ...app.config.email, retentionDays: loadConfig({ EMAIL_RETENTION_DAYS: '365' }).email.retentionDays } };
    const out: string[] = [];
    await COMMANDS['job:run'].run({ values: { job: JOB, at: '2027-06-01T04:00' }, orm: app.orm, config, out: (line) => out.push(line) });
    expect(out).toEqual([`${JOB} (2027-06-01 04:00 Europe/London): succeeded (removed 1)`]);
    expect(await outboxIds()).toEqual([recent]);
  });
});
