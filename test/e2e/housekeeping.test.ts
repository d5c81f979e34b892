import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { runJob } from '../../src/jobs/job-runs.js';
import { slotFromText } from '../../src/jobs/slot.js';
import { createLogger } from '../../src/logger.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { housekeepingJobsWith } from '../../src/modules/housekeeping/index.js';
import { searchCatalog } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, createContact, interactionInput, refId } from '../helpers/factories.js';

/**
 * The automatic archive jobs, run through the CLI for one slot: 1 June 2026, 02:00 London. Its cut-offs:
 * interactions since 1 June 2021, untouched since 1 March 2026 (GMT midnight), advisers active since 1 June
 * 2024. Records are made through the API and then dated by SQL, so each sits just inside or outside a cut-off.
 */
const AT = '2026-06-01T02:00';
const OLD = '2025-01-01T00:00:00Z';
const COMPANY_REASON = 'This record was automatically archived due to inactivity';

let app: TestApp;

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

/** Runs a job through the CLI for a slot, as `npm run cli -- job:run --job … --at …` does; its output line. */
async function runJobAt(job: string, at = AT): Promise<string> {
  const out: string[] = [];
  await COMMANDS['job:run'].run({ values: { job, at }, orm: app.orm, config: app.config, out: (line) => out.push(line) });
  return out[0];
}

const setFlag = async (code: string, enabled: boolean) =>
  ok(await app.gql('mutation($code: String!, $enabled: Boolean!) { setFeatureFlag(code: $code, enabled: $enabled) { code enabled } }', { code, enabled }));

const ids = async (sql: string, params: unknown[] = []): Promise<string[]> => (await app.sql<{ id: string }>(sql, params)).map((r) => r.id).sort();
const sorted = (values: string[]) => [...values].sort();

/** An interaction with the company, dated by SQL (the API keeps interactions to recent dates). */
async function interactionOn(companyId: string, date: string, modifiedOn = OLD): Promise<string> {
  const contact = await createContact(app, companyId);
  const { id } = ok(await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input: await interactionInput(app, companyId, contact.id) })).createInteraction;
  await app.sql('update interaction set date = ?::date, modified_on = ?::timestamptz where id = ?', [date, modifiedOn, id]);
  return id;
}

/** An investment project with the company as its investor (ongoing, as a new project is). */
async function projectOf(investorCompanyId: string): Promise<string> {
  const contact = await createContact(app, investorCompanyId);
  const input = {
    name: 'A project',
    description: 'A project',
    investmentTypeId: '9c364e64-2b28-401b-b2df-50e08b0bca44',
    estimatedLandDate: '2027-04-15',
    investorCompanyId,
    clientContactIds: [contact.id],
    clientRelationshipManagerId: app.adminId,
    referralSourceAdviserId: app.adminId,
    referralSourceActivityId: '7d98f3a6-3e3f-40ac-a6f3-3f0c251ec1d2',
    sectorId: await refId(app, 'metadata_sector'),
    businessActivityIds: ['77be20b3-05bf-4e06-a517-6989f8b9b922'],
  };
  return ok(await app.gql('mutation($input: InvestmentProjectCreateInput!) { createInvestmentProject(input: $input) { id } }', { input })).createInvestmentProject.id;
}

let c: Record<string, string>;
let contacts: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  const make = async () => (await createCompany(app)).id;
  c = {};
  for (const name of [
    'idle', 'oldInteraction', 'recentInteraction', 'linkedRecently', 'touched', 'ongoingInvestor', 'wonInvestor',
    'ghqA', 'subA', 'ghqB', 'subB', 'ghqC', 'subC', 'ghqD', 'subD',
  ]) c[name] = await make();

  await interactionOn(c.oldInteraction, '2021-05-31');
  const recent = await interactionOn(c.recentInteraction, '2021-06-01');
  // A company of the interaction, not its company of record: that is activity too.
  await app.sql('insert into interaction_company (interaction_id, company_id) values (?, ?)', [recent, c.linkedRecently]);
  await interactionOn(c.subB, '2024-01-01');
  await interactionOn(c.ghqC, '2024-01-01');
  await projectOf(c.ongoingInvestor);
  const won = await projectOf(c.wonInvestor);
  await app.sql("update investment_project set status = 'won' where id = ?", [won]);
  for (const g of ['A', 'B', 'C', 'D']) await app.sql('update company set global_headquarters_id = ? where id = ?', [c[`ghq${g}`], c[`sub${g}`]]);

  contacts = {
    ofIdle: (await createContact(app, c.idle)).id,
    archivedOfIdle: (await createContact(app, c.idle)).id,
    ofArchivedGhq: (await createContact(app, c.ghqD)).id,
    ofLive: (await createContact(app, c.recentInteraction)).id,
  };
  ok(await app.gql('mutation($id: UUID!) { archiveContact(id: $id, reason: "Left") { id } }', { id: contacts.archivedOfIdle }));
  // Archived by an adviser, with a contact still live.
  ok(await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Merged") { id } }', { id: c.ghqD }));

  // Every company was made and last changed long ago, but one changed exactly at the three-month cut-off.
  await app.sql('update company set created_on = ?::timestamptz, modified_on = ?::timestamptz', [OLD, OLD]);
  await app.sql("update company set modified_on = '2026-03-01T00:00:00Z' where id = ?", [c.touched]);
});
afterAll(() => app?.close());

const JOBS = ['auto-archive-companies', 'auto-archive-contacts', 'auto-deactivate-advisers'];

describe('with their flags off (the default)', () => {
  it('the jobs change nothing and say they skipped', async () => {
    const before = await app.sql('select (select count(*)::int from company where archived) as companies, (select count(*)::int from contact where archived) as contacts, (select count(*)::int from adviser where not is_active) as advisers');
    for (const job of JOBS) expect(await runJobAt(job)).toBe(`${job} (2026-06-01 02:00 Europe/London): succeeded (skipped 1)`);
    expect(await app.sql('select (select count(*)::int from company where archived) as companies, (select count(*)::int from contact where archived) as contacts, (select count(*)::int from adviser where not is_active) as advisers')).toEqual(before);
  });
});

describe('automatic company archive', () => {
  it('archives exactly the inactive companies whose whole group is inactive, as the job', async () => {
    await setFlag('auto-archive-companies', true);
    expect(await runJobAt('auto-archive-companies')).toBe('auto-archive-companies (2026-06-01 02:00 Europe/London): succeeded (companies 6, capped 0)');
    const archived = ['idle', 'oldInteraction', 'wonInvestor', 'ghqA', 'subA', 'subD'].map((n) => c[n]);
    expect(await ids('select id from company where archived')).toEqual(sorted([...archived, c.ghqD]));
    // Kept: an interaction on the five-year cut-off (as company of record or one of its companies), changed on
    // the three-month one, an ongoing investor project, and groups with an active member.
    expect(await ids("select id from company where archived_reason = ?", [COMPANY_REASON])).toEqual(sorted(archived));
    expect((await app.sql('select archived_reason from company where id = ?', [c.ghqD]))[0].archived_reason).toBe('Merged');

    const events = await app.sql("select record_id, actor_kind, actor_id, actor_name, operation, action, changes from audit_event where entity = 'company' and actor_kind = 'job'");
    expect(events.map((e) => e.record_id).sort()).toEqual(sorted(archived));
    for (const e of events) {
      expect(e).toMatchObject({ actor_kind: 'job', actor_id: null, actor_name: 'auto-archive-companies', operation: 'auto-archive-companies', action: 'update' });
      expect(e.changes).toMatchObject({ archived: [false, true], archivedReason: [null, COMPANY_REASON] });
    }
  });

  it('a second run for the same slot changes nothing more, and job_run has each run\'s counts', async () => {
    expect(await runJobAt('auto-archive-companies')).toBe('auto-archive-companies (2026-06-01 02:00 Europe/London): succeeded (companies 0, capped 0)');
    expect((await app.sql("select count(*)::int as n from audit_event where actor_name = 'auto-archive-companies'"))[0].n).toBe(6);
    const runs = await app.sql("select counts, slot_at from job_run where job = 'auto-archive-companies' order by started_on");
    expect(runs.map((r) => r.counts)).toEqual([{ skipped: 1 }, { companies: 6, capped: 0 }, { companies: 0, capped: 0 }]);
    expect(new Date(runs[1].slot_at).toISOString()).toBe('2026-06-01T01:00:00.000Z');
  });
});

describe('automatic contact archive', () => {
  it("archives the live contacts of archived companies, naming the company, and nothing more on a second run", async () => {
    await setFlag('auto-archive-contacts', true);
    const live = await ids('select ct.id from contact ct join company co on co.id = ct.company_id where co.archived and not ct.archived');
    expect(live).toContain(contacts.ofIdle);
    expect(live).toContain(contacts.ofArchivedGhq);
    expect(await runJobAt('auto-archive-contacts')).toBe(`auto-archive-contacts (2026-06-01 02:00 Europe/London): succeeded (contacts ${live.length}, capped 0)`);
    expect(await ids('select ct.id from contact ct join company co on co.id = ct.company_id where co.archived and not ct.archived')).toEqual([]);
    expect(await ids('select id from contact where archived and archived_reason like ?', ['Record was automatically archived due to the company "%" being archived'])).toEqual(live);
    const [idleName] = await app.sql('select name from company where id = ?', [c.idle]);
    expect((await app.sql('select archived_reason from contact where id = ?', [contacts.ofIdle]))[0].archived_reason).toBe(`Record was automatically archived due to the company "${idleName.name}" being archived`);
    expect((await app.sql('select archived_reason from contact where id = ?', [contacts.archivedOfIdle]))[0].archived_reason).toBe('Left');
    expect((await app.sql('select archived from contact where id = ?', [contacts.ofLive]))[0].archived).toBe(false);
    expect(await ids("select record_id as id from audit_event where entity = 'contact' and actor_name = 'auto-archive-contacts' and operation = 'auto-archive-contacts'")).toEqual(live);

    expect(await runJobAt('auto-archive-contacts')).toBe('auto-archive-contacts (2026-06-01 02:00 Europe/London): succeeded (contacts 0, capped 0)');
  });
});

describe('automatic adviser deactivation', () => {
  let a: Record<string, string>;
  beforeAll(async () => {
    const em = app.orm.em.fork();
    a = {};
    for (const name of ['idle', 'sso', 'recentParticipant', 'oldParticipant', 'projectTeam', 'coreTeam', 'changedCompany', 'inactive', 'recentJoiner']) {
      a[name] = (await createAdviser(em, { email: `${name.toLowerCase()}@housekeeping.example`, name: `House ${name}` })).id;
    }
    await app.sql("update adviser set created_on = '2020-01-01T00:00:00Z' where id <> all(?::uuid[])", [`{${a.recentJoiner},${app.adminId}}`]);
    // Joined the day of the cut-off (London midnight, BST): not before it.
    await app.sql("update adviser set created_on = '2024-05-31T23:00:00Z' where id = ?", [a.recentJoiner]);
    await app.sql("update adviser set sso_email_user_id = 'sso@id' where id = ?", [a.sso]);
    await app.sql('update adviser set is_active = false where id = ?', [a.inactive]);
    const participate = async (adviserId: string, date: string) => {
      const interaction = await interactionOn(c.recentInteraction, date, '2020-01-01T00:00:00Z');
      await app.sql('insert into interaction_dit_participant (id, interaction_id, adviser_id) values (?, ?, ?)', [randomUUID(), interaction, adviserId]);
    };
    await participate(a.recentParticipant, '2024-06-01');
    await participate(a.oldParticipant, '2024-05-31');
    const [project] = await app.sql('select id from investment_project limit 1');
    await app.sql("insert into investment_project_team_member (id, investment_project_id, adviser_id, role) values (?, ?, ?, 'Adviser')", [randomUUID(), project.id, a.projectTeam]);
    await app.sql('insert into company_one_list_core_team_member (id, company_id, adviser_id) values (?, ?, ?)', [randomUUID(), c.idle, a.coreTeam]);
    // The company changed on 1 March 2026, after the two-year cut-off; they created it.
    await app.sql('update company set created_by_id = ? where id = ?', [a.changedCompany, c.touched]);
  });

  it('deactivates exactly the advisers with nothing done for two years, audited as the job, once', async () => {
    await setFlag('auto-deactivate-advisers', true);
    expect(await runJobAt('auto-deactivate-advisers')).toBe('auto-deactivate-advisers (2026-06-01 02:00 Europe/London): succeeded (advisers 2, capped 0)');
    expect(await ids('select id from adviser where not is_active')).toEqual(sorted([a.idle, a.oldParticipant, a.inactive]));
    const events = await app.sql("select record_id, actor_kind, actor_id, actor_name, operation, action, changes from audit_event where entity = 'adviser'");
    expect(events.map((e) => e.record_id).sort()).toEqual(sorted([a.idle, a.oldParticipant]));
    for (const e of events) {
      expect(e).toMatchObject({ actor_kind: 'job', actor_id: null, actor_name: 'auto-deactivate-advisers', operation: 'auto-deactivate-advisers', action: 'update', changes: { isActive: [true, false] } });
    }
    expect(await runJobAt('auto-deactivate-advisers')).toBe('auto-deactivate-advisers (2026-06-01 02:00 Europe/London): succeeded (advisers 0, capped 0)');
    expect((await app.sql("select count(*)::int as n from audit_event where entity = 'adviser'"))[0].n).toBe(2);
  });
});

/**
 * A run changes at most its cap (here 2: jobs made by housekeepingJobsWith, run through runJob as `job:run`
 * does), the oldest first, and says so; the next days' runs do the rest. The slots are in May 2026, a month
 * before AT: their cut-offs are earlier, so no record the tests above left live is due, only this block's.
 */
describe('a run stops at its cap', () => {
  const capped = housekeepingJobsWith({ cap: 2 });
  const CAP_LOG = 'job stopped at its cap: the rest are left to the next runs';
  let k: Record<string, string>;
  let kc: Record<string, string>;
  let ka: Record<string, string>;

  /** Runs one of the capped jobs for a slot; its counts (as job_run records them) and its log lines. */
  async function runCapped(job: keyof typeof capped, at: string): Promise<{ counts: Record<string, unknown>; logged: any[] }> {
    const slot = slotFromText(at)!;
    const lines: string[] = [];
    const deps = { orm: app.orm, config: app.config, logger: createLogger('info', (l) => lines.push(l)), backend: app.search.backend, catalog: searchCatalog };
    await runJob(deps, job, (signal) => capped[job].run(deps, { slot, signal }), { slot });
    const [run] = await app.sql("select counts from job_run where job = ? and outcome = 'succeeded' order by started_on desc limit 1", [job]);
    return { counts: run.counts, logged: lines.map((l) => JSON.parse(l)) };
  }
  /** Which of the records named are archived, by name. */
  async function archivedOf(table: 'company' | 'contact', of: Record<string, string>): Promise<string[]> {
    const names = new Map(Object.entries(of).map(([name, id]) => [id, name]));
    const rows = await app.sql<{ id: string }>(`select id from ${table} where archived and id = any(?::uuid[])`, [`{${[...names.keys()].join(',')}}`]);
    return rows.map((r) => names.get(r.id)!).sort();
  }

  beforeAll(async () => {
    for (const job of JOBS) await setFlag(job, true);
    k = {};
    for (const name of ['hq', 'sub1', 'sub2', 'older', 'newest']) k[name] = (await createCompany(app)).id;
    kc = {};
    for (const name of ['second', 'first', 'third']) kc[name] = (await createContact(app, k.newest)).id;
    await app.sql('update company set global_headquarters_id = ? where id = any(?::uuid[])', [k.hq, `{${k.sub1},${k.sub2}}`]);
    // By age alone "older" would come second; a group keeps together, in its headquarters' place.
    const made: Record<string, string> = { hq: '2018-01-01', older: '2018-06-01', sub1: '2019-01-01', sub2: '2019-02-01', newest: '2020-01-01' };
    for (const [name, on] of Object.entries(made)) await app.sql('update company set created_on = ?::timestamptz, modified_on = ?::timestamptz where id = ?', [on, on, k[name]]);
    for (const [name, on] of Object.entries({ first: '2019-01-01', second: '2019-02-01', third: '2019-03-01' })) await app.sql('update contact set created_on = ?::timestamptz where id = ?', [on, kc[name]]);
    ka = {};
    for (const name of ['third', 'first', 'fourth', 'second']) {
      ka[name] = (await createAdviser(app.orm.em.fork(), { email: `capped-${name}@housekeeping.example`, name: `Capped ${name}` })).id;
    }
    for (const [name, on] of Object.entries({ first: '2019-01-01', second: '2019-02-01', third: '2019-03-01', fourth: '2019-04-01' })) await app.sql('update adviser set created_on = ?::timestamptz where id = ?', [on, ka[name]]);
  });

  it('companies: each run archives at most the cap, a group together and oldest first, until none are left', async () => {
    const first = await runCapped('auto-archive-companies', '2026-05-01T02:00');
    expect(first.counts).toEqual({ companies: 2, capped: 1 });
    expect(await archivedOf('company', k)).toEqual(['hq', 'sub1']);
    expect(first.logged).toContainEqual(expect.objectContaining({ level: 'info', msg: CAP_LOG, job: 'auto-archive-companies', cap: 2 }));

    // The group the cap split comes first the next day, then the oldest company on its own.
    expect((await runCapped('auto-archive-companies', '2026-05-02T02:00')).counts).toEqual({ companies: 2, capped: 1 });
    expect(await archivedOf('company', k)).toEqual(['hq', 'older', 'sub1', 'sub2']);

    const last = await runCapped('auto-archive-companies', '2026-05-03T02:00');
    expect(last.counts).toEqual({ companies: 1, capped: 0 });
    expect(last.logged.map((l) => l.msg)).not.toContain(CAP_LOG);
    expect(await archivedOf('company', k)).toEqual(['hq', 'newest', 'older', 'sub1', 'sub2']);
    expect((await app.sql('select count(*)::int as n from company where archived_reason = ? and id = any(?::uuid[])', [COMPANY_REASON, `{${Object.values(k).join(',')}}`]))[0].n).toBe(5);
  });

  it('contacts: the oldest contacts first, the rest the next day', async () => {
    expect((await runCapped('auto-archive-contacts', '2026-05-01T02:30')).counts).toEqual({ contacts: 2, capped: 1 });
    expect(await archivedOf('contact', kc)).toEqual(['first', 'second']);
    expect((await runCapped('auto-archive-contacts', '2026-05-02T02:30')).counts).toEqual({ contacts: 1, capped: 0 });
    expect(await archivedOf('contact', kc)).toEqual(['first', 'second', 'third']);
  });

  it('advisers: the longest-joined first; a run with exactly the cap left is not capped', async () => {
    expect((await runCapped('auto-deactivate-advisers', '2026-05-01T03:00')).counts).toEqual({ advisers: 2, capped: 1 });
    expect(await ids('select id from adviser where not is_active and id = any(?::uuid[])', [`{${Object.values(ka).join(',')}}`])).toEqual(sorted([ka.first, ka.second]));
    const next = await runCapped('auto-deactivate-advisers', '2026-05-02T03:00');
    expect(next.counts).toEqual({ advisers: 2, capped: 0 });
    expect(next.logged.map((l) => l.msg)).not.toContain(CAP_LOG);
    expect(await ids('select id from adviser where not is_active and id = any(?::uuid[])', [`{${Object.values(ka).join(',')}}`])).toEqual(sorted(Object.values(ka)));
  });
});
