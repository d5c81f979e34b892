import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller } from '../helpers/callers.js';
import { createCompany, createContact, refId } from '../helpers/factories.js';
import { latestSlot } from '../../src/jobs/scheduler.js';
import { startProcess, until, type GatewayProcess } from '../helpers/processes.js';
import { smtpUrlOf, startSmtp } from '../helpers/smtp.js';

/**
 * Reminder jobs and their emails with real processes on one PostgreSQL server database: two `job:run`
 * processes for the same slot at once, then two workers draining the emails at once. Each reminder is made
 * once and each email sent once, whichever process gets there first (issue 15's two-worker test).
 *
 * Server runs only: two processes cannot open one embedded PGlite. The same idempotency is tested in one
 * process on both databases (test/e2e/reminders.test.ts: a slot run twice).
 */
const ACTIVE = '7606cc19-20da-4b74-aba1-2cec0d753ad8';
const SLOT = '2030-01-01T08:30';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let env: Record<string, string>;
const processes: GatewayProcess[] = [];

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

beforeAll(async () => {
  [app, smtp] = await Promise.all([createTestApp(), startSmtp()]);
  env = {
    DATABASE_URL: app.databaseUrl!,
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
    SMTP_URL: smtpUrlOf(smtp.port),
    SMTP_TLS: 'off',
    EMAIL_FROM: 'Data Hub <no-reply@crm.example.gov.uk>',
    FRONTEND_BASE_URL: 'https://crm.example.gov.uk',
    // The workers below only send: catching up on today's real slots is the last test's.
    JOB_CATCH_UP_HOURS: '0',
    ...(process.env.OPENSEARCH_URL ? { OPENSEARCH_URL: process.env.OPENSEARCH_URL, OPENSEARCH_INDEX_PREFIX: `two-workers-${randomBytes(4).toString('hex')}` } : {}),
  };
  // Three advisers with email on, each the manager of two projects landing in a month or two.
  const investor = await createCompany(app);
  const contactId = (await createContact(app, investor.id)).id;
  const sectorId = await refId(app, 'metadata_sector');
  for (let a = 0; a < 3; a++) {
    const manager = await createCaller(app, { teamRole: 'International Trade Team', name: `Manager ${a}` });
    ok(await manager.gql('mutation { updateReminderSubscription(type: ESTIMATED_LAND_DATE, input: { emailRemindersEnabled: true }) { type } }'));
    for (const landDate of ['2030-02-10', '2030-03-20']) {
      const input = {
        name: `Project ${a} ${landDate}`,
        description: 'A project',
        investmentTypeId: '9c364e64-2b28-401b-b2df-50e08b0bca44',
        estimatedLandDate: landDate,
        investorCompanyId: investor.id,
        clientContactIds: [contactId],
        clientRelationshipManagerId: manager.id,
        referralSourceAdviserId: manager.id,
        referralSourceActivityId: '7d98f3a6-3e3f-40ac-a6f3-3f0c251ec1d2',
        sectorId,
        businessActivityIds: ['77be20b3-05bf-4e06-a517-6989f8b9b922'],
      };
      const { id } = ok(await app.gql('mutation($input: InvestmentProjectCreateInput!) { createInvestmentProject(input: $input) { id } }', { input })).createInvestmentProject;
      ok(await app.gql('mutation($id: UUID!, $s: UUID!) { setInvestmentProjectStage(id: $id, stageId: $s) { id } }', { id, s: ACTIVE }));
    }
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await smtp?.close();
  await app?.close();
});

describe('reminders with two processes at once', () => {
  it('two job:run processes for one slot make each reminder once, and two workers send each email once', async () => {
    const runs = await Promise.all(
      [0, 1].map(() =>
        startProcess('src/cli.ts', env, /reminders:estimated-land-date \(2030-01-01 08:30 Europe\/London\): (succeeded|skipped)[^\n]*/, 120_000, [
          'job:run',
          '--job',
          'reminders:estimated-land-date',
          '--at',
          SLOT,
        ]),
      ),
    );
    processes.push(...runs);
    const outcomes = runs.map((r) => r.match[0]);
    // Whether they overlapped (one skipped, under the job's lock) or not (the second found every reminder made).
    const made = outcomes.map((o) => Number(/created (\d+)/.exec(o)?.[1] ?? 0)).reduce((a, b) => a + b, 0);
    expect(made).toBe(6);
    const [{ reminders, emails }] = await app.sql(
      "select (select count(*)::int from reminder where type = 'estimated_land_date') as reminders, (select count(*)::int from notification_outbox) as emails",
    );
    expect({ reminders, emails }).toEqual({ reminders: 6, emails: 6 });

    const workers = await Promise.all([0, 1].map(() => startProcess('src/worker.ts', env, /worker started/, 120_000)));
    processes.push(...workers);
    await until('both workers drained the outbox', async () => (await app.sql("select count(*)::int as n from notification_outbox where status = 'sent'"))[0].n === 6, {
      timeoutMs: 60_000,
    });
    await Promise.all(workers.map((w) => w.stop()));
    expect(smtp.arrived).toHaveLength(6);
    expect(new Set(smtp.arrived.map((m) => m.headers['message-id'])).size).toBe(6);
    expect(smtp.arrived.every((m) => m.body.includes('https://crm.example.gov.uk/investments/projects/'))).toBe(true);
  }, 180_000);

  it('two workers starting after a slot no run completed both catch it up: one runs it, the other is skipped or finds it done', async () => {
    const job = 'reminders:task-overdue';
    // The real clock: its latest 08:00 (London) in the last 48 hours, read before and after the start.
    const before = latestSlot('0 0 8 * * *', new Date(), 48 * 3_600_000)!;
    const workers = await Promise.all([0, 1].map(() => startProcess('src/worker.ts', { ...env, JOB_CATCH_UP_HOURS: '48' }, /worker started/, 120_000)));
    processes.push(...workers);
    const after = latestSlot('0 0 8 * * *', new Date(), 48 * 3_600_000)!;
    const slots = [before.at.toISOString(), after.at.toISOString()];
    const runs = async () => app.sql<{ outcome: string; slot: string }>(`select outcome, slot_at as slot from job_run where job = ? and outcome <> 'running'`, [job]);
    await until('a worker caught up the missed slot', async () => (await runs()).some((r) => r.outcome === 'succeeded'), { timeoutMs: 60_000 });
    await Promise.all(workers.map((w) => w.stop()));
    const done = await runs();
    expect(done.filter((r) => r.outcome === 'succeeded').map((r) => new Date(r.slot).toISOString()).every((s) => slots.includes(s))).toBe(true);
    expect(done.filter((r) => r.outcome === 'failed')).toEqual([]);
    expect(workers.some((w) => w.output().includes('running a slot missed while no worker ran'))).toBe(true);
  }, 180_000);
});
