import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../src/config/config.js';
import { openOrm } from '../../src/system.js';
import type { Orm } from '../../src/db/orm-type.js';
import { createLogger } from '../../src/logger.js';
import { createMailer, smtpOptions, type Mailer } from '../../src/email/mailer.js';
import { backoffSeconds, drainEmails, emailOutboxStatus, emailOutcomes, enqueueEmail, LEASE_SECONDS, MAX_ATTEMPTS, type EmailRequest } from '../../src/email/outbox.js';
import { defineEmail, html, type EmailTemplates } from '../../src/email/template.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { until } from '../helpers/processes.js';
import { startSmtp } from '../helpers/smtp.js';
import { startEmailDrainer } from '../../src/email/drainer.js';

/**
 * Email end to end: emails enqueued in a transaction, drained over real SMTP to a server this file starts
 * (smtp-server, with a login), and read back as they arrived. The drain's clock is the test's: back-off and
 * leases are passed by moving it, never by waiting.
 */

const FRONTEND = 'https://crm.example.gov.uk/app';
const TOKEN = 'metrics-token-for-the-email-test';
const templates: EmailTemplates = {
  'test.task_due': defineEmail<{ title: string; taskId: string }>({
    description: 'A task of yours is due (the tests’ template).',
    render: (data, { link }) => ({
      subject: `Task due: ${data.title}`,
      text: `Your task "${data.title}" is due today.\n\nOpen it: ${link(`/tasks/${data.taskId}`)}\n`,
      html: html`<p>Your task <strong>${data.title}</strong> is due today.</p><p><a href="${link(`/tasks/${data.taskId}`)}">Open the task</a></p>`,
    }),
  }),
  'test.broken': defineEmail<Record<string, never>>({
    description: 'Fails to render.',
    render: () => {
      throw new Error('the template found no title');
    },
  }),
};

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let email: Config['email'];
let mailer: Mailer;
let clock = new Date('2026-12-07T09:00:00Z');
const now = () => clock;
const later = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
let keys = 0;

beforeAll(async () => {
  [app, smtp] = await Promise.all([createTestApp({ metricsToken: TOKEN }, { now: () => clock.getTime() }), startSmtp()]);
  email = loadConfig({
    SMTP_URL: `smtp://mailer:${encodeURIComponent('p@ss word')}@127.0.0.1:${smtp.port}`,
    SMTP_TLS: 'off',
    EMAIL_FROM: 'Data Hub <no-reply@crm.example.gov.uk>',
    FRONTEND_BASE_URL: `${FRONTEND}/`,
  }).email;
  mailer = createMailer(email, createLogger('silent'));
});
afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await app?.close();
});
beforeEach(() => {
  smtp.arrived.length = 0;
  smtp.rcptReplies.length = 0;
});

/** Enqueues in a transaction of its own, as a job does. */
const enqueue = (request: Partial<EmailRequest> = {}) =>
  app.orm.em.fork().transactional((em) =>
    enqueueEmail(em, { to: { email: 'ada@example.gov.uk' }, template: 'test.task_due', data: { title: 'Call Acme', taskId: 't-1' }, dedupeKey: `test:${++keys}`, ...request }),
  );
const drain = (options: { orm?: Orm; mailer?: Mailer } = {}) => drainEmails({ orm: app.orm, mailer, templates, email, now, ...options });
const outcome = async (id: string) => (await emailOutcomes(app.orm.em.fork(), [id])).get(id)!;
const row = async (id: string) => (await app.sql('select status, attempts, next_attempt_on, error_code, last_error, message_id from notification_outbox where id = ?', [id]))[0];

describe('email over SMTP', () => {
  it('sends an enqueued email once: recipient, subject, Message-ID from the row, a link into the frontend', async () => {
    const em = app.orm.em.fork();
    const adviser = await createAdviser(em, { email: 'grace@example.gov.uk', name: 'Grace Hopper' });
    const { id, enqueued } = await enqueue({ to: { email: 'grace@example.gov.uk', adviserId: adviser.id }, data: { title: 'Tea & <biscuits>', taskId: 'a1b2' } });
    expect(enqueued).toBe(true);
    expect((await outcome(id)).status).toBe('queued');

    expect(await drain()).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.arrived).toHaveLength(1);
    const [mail] = smtp.arrived;
    expect(mail.to).toEqual(['grace@example.gov.uk']);
    expect(mail.from).toBe('no-reply@crm.example.gov.uk');
    expect(mail.headers.subject).toBe('Task due: Tea & <biscuits>');
    expect(mail.headers['message-id']).toBe(`<notification-${id}@crm.example.gov.uk>`);
    expect(mail.body).toContain(`Open it: ${FRONTEND}/tasks/a1b2`);
    expect(mail.body).toContain(`<a href="${FRONTEND}/tasks/a1b2">`);
    expect(mail.body).toContain('<strong>Tea &amp; &lt;biscuits&gt;</strong>');

    expect(await outcome(id)).toMatchObject({ status: 'sent', attempts: 1, errorCode: null, sentOn: clock });
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(smtp.arrived).toHaveLength(1);
  });

  it('a dedupe key enqueues once: the second request gets the first one’s id, and one email goes', async () => {
    const first = await enqueue({ dedupeKey: 'reminder:task-9:2026-12-07' });
    const second = await enqueue({ dedupeKey: 'reminder:task-9:2026-12-07', data: { title: 'other', taskId: 'x' } });
    expect(second).toEqual({ id: first.id, enqueued: false });
    await drain();
    expect(smtp.arrived.map((m) => m.headers.subject)).toEqual(['Task due: Call Acme']);
  });

  it('a temporary refusal (451, 421) is retried after a back-off that doubles, then sent', async () => {
    smtp.rcptReplies.push(451, 421);
    const { id } = await enqueue();
    expect(await drain()).toMatchObject({ sent: 0, retried: 1 });
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1, error_code: 'SMTP_UNAVAILABLE' });
    expect((await row(id)).last_error).toMatch(/451/);
    expect(new Date((await row(id)).next_attempt_on)).toEqual(new Date(clock.getTime() + backoffSeconds(1) * 1000));

    later(backoffSeconds(1) - 1);
    expect(await drain()).toMatchObject({ sent: 0, retried: 0 });
    later(1);
    expect(await drain()).toMatchObject({ retried: 1 });
    expect(await row(id)).toMatchObject({ attempts: 2, error_code: 'SMTP_UNAVAILABLE' });
    expect(backoffSeconds(2)).toBe(2 * backoffSeconds(1));

    later(backoffSeconds(2));
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(await outcome(id)).toMatchObject({ status: 'sent', attempts: 3, errorCode: null, lastError: null });
    expect(smtp.arrived).toHaveLength(1);
  });

  it('a permanent refusal (550) is recorded as failed with the error, and never tried again', async () => {
    smtp.rcptReplies.push(550);
    const { id } = await enqueue({ to: { email: 'nobody@example.gov.uk' } });
    expect(await drain()).toMatchObject({ failed: 1 });
    const failed = await outcome(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, errorCode: 'SMTP_REJECTED' });
    expect(failed.lastError).toMatch(/^SMTP 550/);
    later(24 * 3600);
    expect(await drain()).toMatchObject({ sent: 0, failed: 0 });
    expect(smtp.arrived).toHaveLength(0);
  });

  it(`gives up after ${MAX_ATTEMPTS} temporary failures (TOO_MANY_ATTEMPTS)`, async () => {
    smtp.rcptReplies.push(...Array(MAX_ATTEMPTS).fill(451));
    const { id } = await enqueue();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await drain();
      later(backoffSeconds(attempt));
    }
    expect(await outcome(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, errorCode: 'TOO_MANY_ATTEMPTS' });
    expect((await outcome(id)).lastError).toMatch(/SMTP_UNAVAILABLE after 8 attempts: SMTP 451/);
  });

  it('a wrong login is retried, not failed: it is the configuration, not the email', async () => {
    const wrong = createMailer({ ...email, smtpUrl: `smtp://mailer:nope@127.0.0.1:${smtp.port}` }, createLogger('silent'));
    const { id } = await enqueue();
    expect(await drain({ mailer: wrong })).toMatchObject({ retried: 1 });
    expect((await row(id)).last_error).toMatch(/535/);
    later(backoffSeconds(1));
    expect(await drain()).toMatchObject({ sent: 1 });
  });

  it('a row left `sending` by a drain that died is not resent after its lease: failed, OUTCOME_UNKNOWN', async () => {
    const { id } = await enqueue();
    // What a drain leaves when it dies between its claim and its record: the claim, and nothing after it.
    await app.sql(`update notification_outbox set status = 'sending', attempts = 1, next_attempt_on = ?::timestamptz + interval '${LEASE_SECONDS} seconds' where id = ?`, [
      clock.toISOString(),
      id,
    ]);
    expect(await drain()).toMatchObject({ expired: 0, sent: 0 });
    later(LEASE_SECONDS);
    expect(await drain()).toMatchObject({ expired: 1, sent: 0 });
    expect(await outcome(id)).toMatchObject({ status: 'failed', errorCode: 'OUTCOME_UNKNOWN' });
    later(3600);
    await drain();
    expect(smtp.arrived).toHaveLength(0);
  });

  it('a template that fails to render fails its email; an unknown one waits for a worker that knows it', async () => {
    const broken = await enqueue({ template: 'test.broken', data: {} });
    const unknown = await enqueue({ template: 'test.not_yet_deployed', data: {} });
    expect(await drain()).toMatchObject({ failed: 1, retried: 1 });
    expect(await outcome(broken.id)).toMatchObject({ status: 'failed', errorCode: 'TEMPLATE_FAILED', lastError: 'the template found no title' });
    expect(await outcome(unknown.id)).toMatchObject({ status: 'queued', errorCode: 'TEMPLATE_UNKNOWN' });
    await app.sql("update notification_outbox set status = 'failed' where id = ?", [unknown.id]);
  });

  it('two drains at once send each email exactly once (two connection pools on a server)', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => enqueue().then((r) => r.id)));
    // On a server the second drain has its own pool (another process's view); embedded, there is one connection.
    const other = app.databaseUrl ? await openOrm({ kind: 'server', url: app.databaseUrl, poolSize: 2 }) : app.orm;
    const otherMailer = createMailer(email, createLogger('silent'));
    try {
      const [a, b] = await Promise.all([drain(), drain({ orm: other, mailer: otherMailer })]);
      expect(a.sent + b.sent).toBe(12);
    } finally {
      otherMailer.close();
      if (other !== app.orm) await other.close();
    }
    const messageIds = smtp.arrived.map((m) => m.headers['message-id']).sort();
    expect(messageIds).toEqual(ids.map((id) => `<notification-${id}@crm.example.gov.uk>`).sort());
    expect([...(await emailOutcomes(app.orm.em.fork(), ids)).values()].every((o) => o.status === 'sent' && o.attempts === 1)).toBe(true);
  });

  it('without SMTP_URL the email is logged, not sent, and marked `logged`', async () => {
    const lines: string[] = [];
    const logOnly = createMailer(loadConfig({ FRONTEND_BASE_URL: FRONTEND }).email, createLogger('info', (line) => lines.push(line)));
    expect(logOnly.mode).toBe('log');
    const { id } = await enqueue({ to: { email: 'quiet@example.gov.uk' } });
    expect(await drain({ mailer: logOnly })).toMatchObject({ logged: 1, sent: 0 });
    expect(await outcome(id)).toMatchObject({ status: 'logged' });
    expect(smtp.arrived).toHaveLength(0);
    const logged = JSON.parse(lines.find((l) => l.includes('quiet@example.gov.uk'))!);
    expect(logged).toMatchObject({ msg: 'email logged, not sent (SMTP_URL is unset)', to: 'quiet@example.gov.uk', subject: 'Task due: Call Acme' });
    expect(logged.text).toContain(`${FRONTEND}/tasks/t-1`);
  });

  it('/metrics and the status function count emails by status', async () => {
    const status = await emailOutboxStatus(app.orm.em.fork());
    expect(status).toMatchObject({ queued: 0, sending: 0, logged: 1 });
    expect(status.sent).toBeGreaterThanOrEqual(16);
    expect(status.failed).toBeGreaterThanOrEqual(4);
    await enqueue();
    clock = new Date(clock.getTime() + 3_600_000);
    const text = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(text).toContain('crm_emails{status="queued"} 1');
    expect(text).toContain(`crm_emails{status="sent"} ${status.sent}`);
    expect(text).toContain(`crm_emails{status="failed"} ${status.failed}`);
    expect(text).toContain('crm_emails{status="logged"} 1');
    expect(text).toMatch(/^crm_email_oldest_queued_seconds [\d.]+$/m);
  });
});

describe("the worker's email drainer", () => {
  it('sends what is enqueued while it runs, on the database clock, and stops cleanly', async () => {
    const lines: string[] = [];
    const drainer = startEmailDrainer({ orm: app.orm, mailer: createMailer(email, createLogger('silent')), templates, email, logger: createLogger('info', (l) => lines.push(l)), idleMs: 5 });
    try {
      const ids = await Promise.all([1, 2, 3].map((n) => enqueue({ data: { title: `Drained ${n}`, taskId: `d${n}` } }).then((r) => r.id)));
      const done = async () => [...(await emailOutcomes(app.orm.em.fork(), ids)).values()].every((o) => o.status === 'sent');
      await until('the drainer sends the three emails', done, { timeoutMs: 20_000 });
      expect(smtp.arrived.map((m) => m.headers.subject).filter((s) => s.startsWith('Task due: Drained')).sort()).toEqual(['Task due: Drained 1', 'Task due: Drained 2', 'Task due: Drained 3']);
    } finally {
      await drainer.stop();
    }
    expect(drainer.stats()).toMatchObject({ failed: 0, lastError: null });
    expect(drainer.stats().sent).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => l.includes('"level":"warn"'))).toEqual([]);
  });
});

describe('email configuration', () => {
  it('reads SMTP_URL with its login, the TLS choice, and refuses what is not an SMTP URL', () => {
    const options = smtpOptions(loadConfig({ SMTP_URL: 'smtps://user%40x:p%2Fw@mail.example.com', SMTP_TLS: 'required' }).email);
    expect(options).toMatchObject({ host: 'mail.example.com', port: 465, secure: true, auth: { user: 'user@x', pass: 'p/w' }, requireTLS: false });
    expect(smtpOptions(loadConfig({ SMTP_URL: 'smtp://mailpit:1025', SMTP_TLS: 'off' }).email)).toMatchObject({ port: 1025, secure: false, ignoreTLS: true, auth: undefined });
    expect(smtpOptions(loadConfig({ SMTP_URL: 'smtp://mail.example.com', SMTP_TLS: 'required' }).email)).toMatchObject({ port: 587, requireTLS: true });
    expect(loadConfig({}).email).toEqual({ smtpUrl: undefined, tls: 'auto', from: 'Data Hub CRM <no-reply@crm.localhost>', frontendBaseUrl: 'http://localhost:3000', retentionDays: 90 });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ FRONTEND_BASE_URL: 'crm.example.com' })).toThrow(/FRONTEND_BASE_URL/);
    expect(() => loadConfig({ EMAIL_FROM: 'nobody' })).toThrow(/EMAIL_FROM/);
  });
});
