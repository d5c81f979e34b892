import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, type Caller } from '../helpers/callers.js';
import { createCompany, createContact, interactionInput, refId } from '../helpers/factories.js';
import { loadConfig } from '../../src/config/config.js';
import { createMailer } from '../../src/email/mailer.js';
import { drainEmails } from '../../src/email/outbox.js';
import { createLogger } from '../../src/logger.js';
import { addDays, slotOf } from '../../src/jobs/slot.js';
import { emailTemplates } from '../../src/system.js';
import { startSmtp, smtpUrlOf } from '../helpers/smtp.js';

const ACTIVE = '7606cc19-20da-4b74-aba1-2cec0d753ad8';
const METRICS_TOKEN = 'metrics-token-for-the-reminders-test';

let app: TestApp;
let pm: Caller;
let other: Caller;
let investor: { id: string };
let contactId: string;

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

/** Runs a job through the CLI for a slot, as `npm run cli -- job:run --job … --at …` does; its output line. */
async function runJobAt(job: string, at: string): Promise<string> {
  const out: string[] = [];
  await COMMANDS['job:run'].run({ values: { job, at }, orm: app.orm, config: app.config, out: (line) => out.push(line) });
  return out[0];
}

/** An Active project, ongoing, with `pm` as its project manager. */
async function activeProject(name: string, estimatedLandDate: string, over: Record<string, unknown> = {}): Promise<string> {
  const input = {
    name,
    description: 'A project',
    investmentTypeId: '9c364e64-2b28-401b-b2df-50e08b0bca44',
    estimatedLandDate,
    investorCompanyId: investor.id,
    clientContactIds: [contactId],
    clientRelationshipManagerId: app.adminId,
    referralSourceAdviserId: app.adminId,
    referralSourceActivityId: '7d98f3a6-3e3f-40ac-a6f3-3f0c251ec1d2',
    sectorId: await refId(app, 'metadata_sector'),
    businessActivityIds: ['77be20b3-05bf-4e06-a517-6989f8b9b922'],
  };
  const { id } = ok(await app.gql('mutation($input: InvestmentProjectCreateInput!) { createInvestmentProject(input: $input) { id } }', { input })).createInvestmentProject;
  ok(await app.gql('mutation($id: UUID!, $s: UUID!) { setInvestmentProjectStage(id: $id, stageId: $s) { id } }', { id, s: ACTIVE }));
  ok(await app.gql('mutation($id: UUID!, $input: InvestmentProjectUpdateInput!) { updateInvestmentProject(id: $id, input: $input) { id } }', { id, input: { projectManagerId: pm.id, ...over } }));
  return id;
}

const REMINDERS = 'query($type: ReminderType) { reminders(type: $type, first: 50) { totalCount edges { node { id type event status investmentProject { name } } } } }';
const events = async (caller: Caller, type?: string) => ok(await caller.gql(REMINDERS, { type })).reminders.edges.map((e: any) => e.node.event).sort();

beforeAll(async () => {
  app = await createTestApp({ metricsToken: METRICS_TOKEN });
  pm = await createCaller(app, { teamRole: 'International Trade Team', name: 'Pat Manager' });
  other = await createCaller(app, { teamRole: 'International Trade Team', name: 'Olly Other' });
  investor = await createCompany(app);
  contactId = (await createContact(app, investor.id)).id;
});
afterAll(() => app?.close());

describe('land date reminders (1st of the month, 08:30 Europe/London)', () => {
  let landing: Record<string, string>;
  beforeAll(async () => {
    landing = {
      inAMonth: await activeProject('Lands in April', '2027-04-15'),
      inTwoMonths: await activeProject('Lands on 1 May', '2027-05-01'),
      later: await activeProject('Lands in June', '2027-06-10'),
      lost: await activeProject('Lost one', '2027-04-20', { status: 'LOST', reasonLost: 'Went elsewhere', dateLost: '2027-02-01' }),
    };
  });

  it("reminds the project's advisers of the Active projects landing in a month or two, once per project and month", async () => {
    expect(await runJobAt('reminders:estimated-land-date', '2027-03-01T08:30')).toBe('reminders:estimated-land-date (2027-03-01 08:30 Europe/London): succeeded (created 4, emails 0)');
    // The PM, and the admin (client relationship manager and referral adviser, once).
    expect(await events(pm, 'ESTIMATED_LAND_DATE')).toEqual(['30 days left to estimated land date', '60 days left to estimated land date']);
    expect(await events(other)).toEqual([]);
    // The same slot again, or a later day of the month: nothing new.
    expect(await runJobAt('reminders:estimated-land-date', '2027-03-01T08:30')).toMatch(/created 0, emails 0\)$/);
    expect(await runJobAt('reminders:estimated-land-date', '2027-03-20T08:30')).toMatch(/created 0, emails 0\)$/);
  });

  it("follows the subscriber's days: with 30 only, next month brings the May project at 30 days", async () => {
    const UPDATE = 'mutation($input: ReminderSubscriptionInput!) { updateReminderSubscription(type: ESTIMATED_LAND_DATE, input: $input) { type emailRemindersEnabled reminderDays } }';
    expect(ok(await pm.gql(UPDATE, { input: { reminderDays: [30] } })).updateReminderSubscription).toEqual({ type: 'ESTIMATED_LAND_DATE', emailRemindersEnabled: false, reminderDays: [30] });
    await runJobAt('reminders:estimated-land-date', '2027-04-01T08:30');
    expect(await events(pm, 'ESTIMATED_LAND_DATE')).toEqual(['30 days left to estimated land date', '30 days left to estimated land date', '60 days left to estimated land date']);
    const names = ok(await pm.gql(REMINDERS, { type: 'ESTIMATED_LAND_DATE' })).reminders.edges.map((e: any) => e.node.investmentProject.name);
    expect(names.filter((n: string) => n === 'Lands on 1 May')).toHaveLength(2);
  });

  it('counts month ends and leap years as calendar months', async () => {
    const feb = await activeProject('Lands on 29 February', '2028-02-29');
    await runJobAt('reminders:estimated-land-date', '2028-01-01T08:30');
    const rows = await app.sql("select event from reminder where investment_project_id = ? and adviser_id = ?", [feb, pm.id]);
    expect(rows).toEqual([{ event: '30 days left to estimated land date' }]);
  });
});

describe('no recent investment interaction (daily, 08:00)', () => {
  it("reminds when the project's last interaction, or its creation, was exactly the chosen days ago", async () => {
    const project = await activeProject('Quiet project', '2028-01-01');
    await app.sql("update investment_project set created_on = '2027-01-10T12:00:00Z' where id = ?", [project]);
    await runJobAt('reminders:no-recent-investment-interaction', '2027-02-08T08:00');
    expect(await app.sql('select count(*)::int as n from reminder where investment_project_id = ? and adviser_id = ?', [project, pm.id])).toEqual([{ n: 0 }]);
    // 30 days after 10 January is 9 February (the default days are 30 and 60).
    await runJobAt('reminders:no-recent-investment-interaction', '2027-02-09T08:00');
    await runJobAt('reminders:no-recent-investment-interaction', '2027-02-09T08:00');
    expect(await events(pm, 'NO_RECENT_INVESTMENT_INTERACTION')).toEqual(['No recent interaction with Quiet project in 30 days']);
  });
});

describe("an adviser's reminders", () => {
  it('are theirs alone: listed, counted and dismissed by them only, all or none', async () => {
    const mine = ok(await pm.gql(REMINDERS, {})).reminders;
    expect(mine.totalCount).toBeGreaterThan(0);
    const summary = ok(await pm.gql('{ reminderSummary { total byType { type count } } }')).reminderSummary;
    expect(summary.total).toBe(mine.totalCount);
    expect(summary.byType).toHaveLength(10);
    const [first, second] = mine.edges.map((e: any) => e.node.id);
    const DISMISS = 'mutation($ids: [UUID!]!) { dismissReminders(ids: $ids) }';
    const refused = await other.gql(DISMISS, { ids: [first] });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['ids', '0'] });
    const mixed = await pm.gql(DISMISS, { ids: [first, '00000000-0000-4000-8000-000000000000'] });
    expect(mixed.body.errors[0].extensions).toMatchObject({ reason: 'NOT_FOUND', field: ['ids', '1'] });
    expect(ok(await pm.gql(REMINDERS, {})).reminders.totalCount).toBe(mine.totalCount);
    expect(ok(await pm.gql(DISMISS, { ids: [first, second] })).dismissReminders.sort()).toEqual([first, second].sort());
    expect(ok(await pm.gql(REMINDERS, {})).reminders.totalCount).toBe(mine.totalCount - 2);
    expect(ok(await pm.gql('{ reminderSummary { total } }')).reminderSummary.total).toBe(mine.totalCount - 2);
  });

  it("refuses days a type cannot have, all at once, and keeps each adviser's own settings", async () => {
    const UPDATE = 'mutation($type: ReminderType!, $input: ReminderSubscriptionInput!) { updateReminderSubscription(type: $type, input: $input) { reminderDays } }';
    const twice = await other.gql(UPDATE, { type: 'ESTIMATED_LAND_DATE', input: { reminderDays: [30, 45, 30] } });
    expect(twice.body.errors[0].extensions.issues.map((i: any) => [i.field.join('.'), i.reason])).toEqual([
      ['reminderDays.1', 'OUT_OF_RANGE'],
      ['reminderDays.2', 'DUPLICATE_DAY'],
    ]);
    expect((await other.gql(UPDATE, { type: 'NO_RECENT_INVESTMENT_INTERACTION', input: { reminderDays: [1, 2, 3, 4, 5, 6] } })).body.errors[0].extensions.reason).toBe('TOO_MANY_VALUES');
    expect((await other.gql(UPDATE, { type: 'TASK_COMPLETED', input: { reminderDays: [1] } })).body.errors[0].extensions.reason).toBe('NOT_SCHEDULED');
    const subs = ok(await other.gql('{ reminderSubscriptions { type emailRemindersEnabled reminderDays } }')).reminderSubscriptions;
    expect(subs.find((s: any) => s.type === 'ESTIMATED_LAND_DATE')).toEqual({ type: 'ESTIMATED_LAND_DATE', emailRemindersEnabled: false, reminderDays: [30, 60] });
    expect(ok(await pm.gql('{ reminderSubscriptions { type reminderDays } }')).reminderSubscriptions.find((s: any) => s.type === 'ESTIMATED_LAND_DATE').reminderDays).toEqual([30]);
  });
});

describe('reminder emails, over real SMTP', () => {
  it('emails each reminder once when the adviser turned email on; more than five land dates in a month come as one summary', async () => {
    const smtp = await startSmtp();
    const email = loadConfig({ SMTP_URL: smtpUrlOf(smtp.port), SMTP_TLS: 'off', EMAIL_FROM: 'Data Hub <no-reply@crm.example.gov.uk>', FRONTEND_BASE_URL: 'https://crm.example.gov.uk' }).email;
    const mailer = createMailer(email, createLogger('silent'));
    const drain = () => drainEmails({ orm: app.orm, mailer, templates: emailTemplates, email });
    try {
      const busy = await createCaller(app, { teamRole: 'International Trade Team', name: 'Bea Busy' });
      const ON = 'mutation($type: ReminderType!) { updateReminderSubscription(type: $type, input: { emailRemindersEnabled: true }) { emailRemindersEnabled } }';
      ok(await busy.gql(ON, { type: 'ESTIMATED_LAND_DATE' }));
      ok(await busy.gql(ON, { type: 'NO_RECENT_INVESTMENT_INTERACTION' }));
      const saved = pm;
      pm = busy;
      const many = [];
      for (let i = 1; i <= 6; i++) many.push(await activeProject(`Summary project ${i}`, `2029-0${i % 2 ? 2 : 3}-1${i}`));
      const quiet = await activeProject('One quiet project', '2031-01-01');
      pm = saved;
      await app.sql("update investment_project set created_on = '2029-01-01T12:00:00Z' where id = ?", [quiet]);

      expect(await runJobAt('reminders:estimated-land-date', '2029-01-01T08:30')).toMatch(/created \d+, emails \d+\)$/);
      expect(await runJobAt('reminders:no-recent-investment-interaction', '2029-01-31T08:00')).toMatch(/emails 1\)$/);
      expect(await drain()).toMatchObject({ sent: 2, failed: 0 });
      // A run for the same slot again sends nothing new.
      await runJobAt('reminders:estimated-land-date', '2029-01-01T08:30');
      expect(await drain()).toMatchObject({ sent: 0 });

      const toBusy = smtp.arrived.filter((m) => m.to.includes(busy.email));
      expect(toBusy.map((m) => m.headers.subject).sort()).toEqual(['6 projects with estimated land dates coming (2029-01)', 'No recent interaction: One quiet project']);
      // Each type has its own wording.
      expect(toBusy.find((m) => m.headers.subject.startsWith('No recent'))!.body).toContain('Nobody has recorded an interaction on a project you work on for a while.');
      const summary = toBusy.find((m) => m.headers.subject.startsWith('6 projects'))!;
      expect(summary.body).toContain(`https://crm.example.gov.uk/investments/projects/${many[0]}/details`);
      // Each reminder says its email was sent; the summary is every land date reminder's email.
      const statuses = ok(await busy.gql('{ reminders(first: 20) { edges { node { type emailDeliveryStatus } } } }')).reminders.edges.map((e: any) => e.node);
      expect(statuses).toHaveLength(7);
      expect(new Set(statuses.map((n: any) => n.emailDeliveryStatus))).toEqual(new Set(['sent']));
      // Read by its loader instead of the list's statement (under a directive), the same, in one more statement.
      const loaded = await busy.gql('{ reminders(first: 20) { edges { node { emailDeliveryStatus @include(if: true) } } } }');
      expect(new Set(ok(loaded).reminders.edges.map((e: any) => e.node.emailDeliveryStatus))).toEqual(new Set(['sent']));

      // Once retention removed the two emails (the run for the 91st day after they finished), every reminder
      // still says sent, and running the slots again makes no reminder and sends nothing: each reminder's own
      // key still stands, though its email's is free.
      const [{ finished }] = await app.sql("select max(finished_on) as finished from notification_outbox where status = 'sent'");
      const purgeDay = addDays(slotOf(new Date(finished)).day, 91);
      expect(await runJobAt('email:retention', `${purgeDay}T04:00`)).toMatch(/succeeded \(removed 2\)$/);
      expect(await app.sql("select count(*)::int as n from notification_outbox where recipient_email = ?", [busy.email])).toEqual([{ n: 0 }]);
      const after = await busy.gql('{ reminders(first: 20) { edges { node { emailDeliveryStatus } } } }');
      expect(ok(after).reminders.edges.map((e: any) => e.node.emailDeliveryStatus)).toEqual(Array(7).fill('sent'));
      expect(await runJobAt('reminders:estimated-land-date', '2029-01-01T08:30')).toMatch(/created 0, emails 0\)$/);
      expect(await runJobAt('reminders:no-recent-investment-interaction', '2029-01-31T08:00')).toMatch(/created 0, emails 0\)$/);
      expect(await drain()).toMatchObject({ sent: 0 });
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});

describe('task reminders', () => {
  const CREATE = 'mutation($input: TaskCreateInput!) { createTask(input: $input) { id } }';

  it('reminds the advisers of a task on its reminder date, and the day after it was due while it is active', async () => {
    const { id } = ok(await pm.gql(CREATE, { input: { title: 'Send the proposal', adviserIds: [pm.id, other.id], dueDate: '2031-03-10', reminderDays: 3 } })).createTask;
    const done = ok(await pm.gql(CREATE, { input: { title: 'Already done', adviserIds: [pm.id], dueDate: '2031-03-10', reminderDays: 3 } })).createTask.id;
    ok(await pm.gql('mutation($id: UUID!) { completeTask(id: $id) { id } }', { id: done }));
    expect(await runJobAt('reminders:upcoming-task', '2031-03-06T08:00')).toMatch(/created 0,/);
    expect(await runJobAt('reminders:upcoming-task', '2031-03-07T08:00')).toMatch(/created 2,/);
    expect(await runJobAt('reminders:upcoming-task', '2031-03-07T08:00')).toMatch(/created 0,/);
    expect(await runJobAt('reminders:task-overdue', '2031-03-10T08:00')).toMatch(/created 0,/);
    expect(await runJobAt('reminders:task-overdue', '2031-03-11T08:00')).toMatch(/created 2,/);
    const mine = ok(await other.gql('{ reminders(first: 20) { edges { node { type event } } } }')).reminders.edges.map((e: any) => e.node);
    expect(mine).toEqual(expect.arrayContaining([{ type: 'UPCOMING_TASK', event: 'Due in 3 days' }, { type: 'TASK_OVERDUE', event: 'Overdue since 10 Mar 2031' }]));
    expect(await app.sql('select count(*)::int as n from reminder where task_id = ?', [done])).toEqual([{ n: 0 }]);
    expect(id).toBeTruthy();
  });

  it("tells an adviser, after the write, that someone else assigned, changed, completed or archived their task; once each", async () => {
    const { id } = ok(await pm.gql(CREATE, { input: { title: 'Call the investor', adviserIds: [pm.id, other.id] } })).createTask;
    ok(await pm.gql('mutation($id: UUID!) { updateTask(id: $id, input: { description: "Ask about the site" }) { id } }', { id }));
    ok(await pm.gql('mutation($id: UUID!) { completeTask(id: $id) { id } }', { id }));
    // Nothing yet: the events become reminders in the job, not in the writing request.
    expect(await app.sql('select count(*)::int as n from reminder where task_id = ?', [id])).toEqual([{ n: 0 }]);
    await runJobAt('reminders:task-events', '2031-04-01T09:00');
    expect(await app.sql('select type from reminder where task_id = ? order by type', [id])).toEqual([
      { type: 'task_amended_by_others' },
      { type: 'task_assigned_to_me_from_others' },
      { type: 'task_completed' },
    ]);
    expect(await runJobAt('reminders:task-events', '2031-04-01T09:01')).toMatch(/created 0,/);
    const events = ok(await other.gql('query($t: ReminderType) { reminders(type: $t, first: 5) { edges { node { event } } } }', { t: 'TASK_ASSIGNED_TO_ME_FROM_OTHERS' })).reminders.edges;
    expect(events).toContainEqual({ node: { event: 'Assigned to you by Pat Manager' } });
    expect(await app.sql("select event from reminder where task_id = ? and type = 'task_completed'", [id])).toEqual([{ event: 'Completed by Pat Manager' }]);
    // The adviser who acted is told nothing of their own change.
    expect(await app.sql("select count(*)::int as n from reminder where task_id = ? and adviser_id = ?", [id, pm.id])).toEqual([{ n: 0 }]);
  });
});

describe('export reminders (Tier D companies an adviser manages or is core team for)', () => {
  it('remind of no recent interaction, and of a new one someone else recorded, the chosen days after', async () => {
    const managed = await createCompany(app, { name: 'Managed Exporter Ltd' });
    const unmanaged = await createCompany(app, { name: 'Not On The List Ltd' });
    const ita = '1929c808-99b4-4abf-a891-45f2e187b410';
    await app.sql('update company set one_list_tier_id = ?, one_list_account_owner_id = ? where id in (?, ?)', [ita, pm.id, managed.id, unmanaged.id]);
    await app.sql('update company set one_list_tier_id = null where id = ?', [unmanaged.id]);
    await app.sql('insert into company_one_list_core_team_member (id, company_id, adviser_id) values (gen_random_uuid(), ?, ?)', [managed.id, other.id]);
    const contact = (await createContact(app, managed.id)).id;
    const input = { ...(await interactionInput(app, managed.id, contact)), date: '2032-05-01', subject: 'Export plans' };
    ok(await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input }));

    // New export interaction: the defaults are 2 days after, for both the account owner and the core team member.
    expect(await runJobAt('reminders:new-export-interaction', '2032-05-02T08:00')).toMatch(/created 0,/);
    expect(await runJobAt('reminders:new-export-interaction', '2032-05-03T08:00')).toMatch(/created 2,/);
    expect(await runJobAt('reminders:new-export-interaction', '2032-05-03T08:00')).toMatch(/created 0,/);
    // No recent export interaction: 30 days after the last one.
    expect(await runJobAt('reminders:no-recent-export-interaction', '2032-05-30T08:00')).toMatch(/created 0,/);
    expect(await runJobAt('reminders:no-recent-export-interaction', '2032-05-31T08:00')).toMatch(/created 2,/);
    const mine = ok(await other.gql('{ reminders(first: 50) { edges { node { type event company { name } interaction { subject } } } } }')).reminders.edges.map((e: any) => e.node);
    expect(mine).toEqual(
      expect.arrayContaining([
        { type: 'NEW_EXPORT_INTERACTION', event: 'New interaction with Managed Exporter Ltd: Export plans', company: { name: 'Managed Exporter Ltd' }, interaction: { subject: 'Export plans' } },
        { type: 'NO_RECENT_EXPORT_INTERACTION', event: 'No recent interaction with Managed Exporter Ltd in 30 days', company: { name: 'Managed Exporter Ltd' }, interaction: { subject: 'Export plans' } },
      ]),
    );
    expect(await app.sql('select count(*)::int as n from reminder where company_id = ?', [unmanaged.id])).toEqual([{ n: 0 }]);
  });
});

describe('slots are London days', () => {
  it('a run just after midnight on the autumn DST day, still the evening before in UTC, is that day; a leap day is a due date like any', async () => {
    const CREATE = 'mutation($input: TaskCreateInput!) { createTask(input: $input) { id } }';
    const make = async (title: string, dueDate: string, reminderDays?: number) =>
      ok(await other.gql(CREATE, { input: { title, adviserIds: [other.id], dueDate, ...(reminderDays ? { reminderDays } : {}) } })).createTask.id;
    // 26 October 2031: clocks go back at 02:00 BST; 00:30 there is 23:30 UTC on the 25th.
    const dst = await make('Autumn task', '2031-10-27', 1);
    expect(await runJobAt('reminders:upcoming-task', '2031-10-26T00:30')).toMatch(/^reminders:upcoming-task \(2031-10-26 00:30 Europe\/London\): succeeded \(created 1,/);
    expect(await app.sql('select count(*)::int as n from reminder where task_id = ?', [dst])).toEqual([{ n: 1 }]);
    // Due on 29 February 2032: overdue on 1 March.
    const leap = await make('Leap task', '2032-02-29');
    expect(await runJobAt('reminders:task-overdue', '2032-02-29T08:00')).toMatch(/created 0,/);
    expect(await runJobAt('reminders:task-overdue', '2032-03-01T08:00')).toMatch(/created 1,/);
    expect(await app.sql("select count(*)::int as n from reminder where task_id = ? and type = 'task_overdue'", [leap])).toEqual([{ n: 1 }]);
  });
});

describe('pausing a type of reminder email with its feature flag', () => {
  it('makes the reminders but queues no email while the flag is on for the environment', async () => {
    const feature = async (enabled: boolean) =>
      ok(await app.gql('mutation($enabled: Boolean!) { setFeatureFlag(code: "pause-reminder-emails-task-overdue", enabled: $enabled) { code } }', { enabled }));
    ok(await other.gql('mutation { updateReminderSubscription(type: TASK_OVERDUE, input: { emailRemindersEnabled: true }) { type } }'));
    const CREATE = 'mutation($input: TaskCreateInput!) { createTask(input: $input) { id } }';
    const task = async (dueDate: string) => ok(await other.gql(CREATE, { input: { title: `Due ${dueDate}`, adviserIds: [other.id], dueDate, emailRemindersEnabled: true } })).createTask.id;
    await task('2033-01-10');
    await task('2033-01-20');
    await feature(true);
    expect(await runJobAt('reminders:task-overdue', '2033-01-11T08:00')).toMatch(/created 1, emails 0\)$/);
    await feature(false);
    expect(await runJobAt('reminders:task-overdue', '2033-01-21T08:00')).toMatch(/created 1, emails 1\)$/);
  });
});

describe('emailStatus', () => {
  it('shows administrators the outbox by status, and refuses others', async () => {
    const status = ok(await app.gql('{ emailStatus { queued sending sent logged failed oldestQueuedSeconds lastError } }')).emailStatus;
    const [counts] = await app.sql("select count(*) filter (where status = 'queued')::int as queued, count(*) filter (where status = 'sent')::int as sent from notification_outbox");
    expect(status).toMatchObject(counts);
    const refused = await pm.gql('{ emailStatus { queued } }');
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'view_email_status' });
  });
});

describe('the jobs in /metrics', () => {
  it("shows each job's last success, duration, outcome and counts", async () => {
    const res = await fetch(`${app.url.replace(/\/graphql$/, '')}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(/^crm_job_last_success_timestamp_seconds\{job="reminders:estimated-land-date"\} [1-9]\d*(\.\d+)?$/m);
    expect(text).toMatch(/^crm_job_last_run_duration_seconds\{job="reminders:task-events"\} \d+(\.\d+)?(e-\d+)?$/m);
    expect(text).toContain('crm_job_last_run_failed{job="reminders:upcoming-task"} 0');
    expect(text).toMatch(/^crm_job_last_run_count\{job="reminders:new-export-interaction",count="created"\} 0$/m);
    expect(text).toMatch(/^crm_job_last_run_count\{job="email:retention",count="removed"\} 2$/m);
  });
});

