import fs from 'node:fs';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdviserToken } from '../../src/auth/tokens.js';
import { findAdviserByEmail } from '../../src/modules/adviser/index.js';
import { checkDemoInvariants } from '../../seeds/demo.checks.js';
import { seedDemo } from '../../seeds/demo.seed.js';
import { COMMANDS } from '../../src/cli.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import type { CompaniesWithNestedQuery } from '../generated/graphql.js';

let app: TestApp;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
beforeAll(async () => {
  app = await createTestApp();
  seeded = await seedDemo(app.orm.em.fork(), { scale: 'small', seed: 7 });
}, 300_000);
afterAll(() => app?.close());

const BATCHING = fs.readFileSync(new URL('../operations/batching.graphql', import.meta.url), 'utf8');

describe('the small demo data set', () => {
  it('has the promised size', async () => {
    const [row] = await app.sql(
      'select (select count(*) from company)::int as companies, (select count(*) from contact)::int as contacts, (select count(*) from interaction)::int as interactions, (select count(*) from company_export_country)::int as "exportCountries"',
    );
    expect(row).toEqual({ companies: seeded.companies, contacts: seeded.contacts, interactions: seeded.interactions, exportCountries: seeded.exportCountries });
    expect(seeded.companies).toBe(1000);
    // About a quarter of the companies, one to four countries each.
    expect(seeded.exportCountries).toBeGreaterThan(400);
    expect(seeded.exportCountries).toBeLessThan(900);
  });

  it('has investment projects in every stage with every status, each stage log one entry per stage up to its own, teams across several teams', async () => {
    const [{ n }] = await app.sql('select count(*)::int as n from investment_project');
    expect(n).toBe(seeded.investmentProjects);
    expect(n).toBe(300);
    const pairs = await app.sql(`select s.name as stage, p.status from investment_project p join metadata_investment_project_stage s on s.id = p.stage_id
      group by s.name, s."order", p.status order by s."order", p.status`);
    const open = ['abandoned', 'delayed', 'dormant', 'lost', 'ongoing'];
    expect(pairs).toEqual([
      ...['Prospect', 'Assign PM', 'Active', 'Verify win'].flatMap((stage) => open.map((status) => ({ stage, status }))),
      { stage: 'Won', status: 'won' },
    ]);
    // Forward only: the log lists, by time, every stage from Prospect to the project's own, once each.
    const [{ wrong }] = await app.sql(`select count(*)::int as wrong from investment_project p join metadata_investment_project_stage s on s.id = p.stage_id
      where (select array_agg(ls."order" order by l.created_on, l.id) from investment_project_stage_log l join metadata_investment_project_stage ls on ls.id = l.stage_id where l.investment_project_id = p.id)
         is distinct from (select array_agg(o."order" order by o."order") from metadata_investment_project_stage o where o."order" <= s."order")`);
    expect(wrong).toBe(0);
    const [{ teams }] = await app.sql('select count(distinct a.dit_team_id)::int as teams from investment_project_team_member m join adviser a on a.id = m.adviser_id');
    expect(teams).toBeGreaterThan(3);
  });

  it('breaks none of the domain rules', async () => {
    const violations = await checkDemoInvariants(app.orm.em.fork());
    expect(Object.keys(violations).length).toBeGreaterThan(20);
    expect(Object.fromEntries(Object.entries(violations).filter(([, n]) => n !== 0))).toEqual({});
  });
});

describe('determinism', () => {
  const PROJECT_TABLES = [
    'investment_project', 'investment_project_team_member', 'investment_project_stage_log', 'investment_project_client_contact',
    'investment_project_business_activity', 'investment_project_strategic_driver', 'investment_project_uk_region_location', 'investment_project_actual_uk_region',
    'investment_project_delivery_partner', 'investment_project_specific_programme', 'investment_project_competitor_country',
  ];
  const CHECKSUM = `select md5(string_agg(x, '' order by x)) as h from (
      select c::text as x from company c union all select k::text from contact k
      union all select i::text from interaction i union all select p::text from interaction_dit_participant p
      union all select e::text from company_export_country e${PROJECT_TABLES.map((t) => ` union all select r::text from ${t} r`).join('')}) s`;
  const seededChecksum = async (seed: number) => {
    const db = await createTestDatabase();
    try {
      await seedDemo(db.orm.em.fork(), { scale: 'small', seed, referenceDate: new Date('2026-01-01T00:00:00Z') });
      return ((await db.orm.em.fork().getConnection().execute(CHECKSUM, [], 'all')) as any[])[0].h;
    } finally {
      await db.drop();
    }
  };

  it('gives the same data for the same seed, and other data for another', async () => {
    const a = await seededChecksum(11);
    expect(await seededChecksum(11)).toBe(a);
    expect(await seededChecksum(12)).not.toBe(a);
  }, 300_000);
});

describe('the demo roles', () => {
  const as = async (email: string) => {
    const em = app.orm.em.fork();
    const adviser = await findAdviserByEmail(em, email);
    return (await createAdviserToken(em, adviser!, { days: 1 })).token;
  };

  it("gives the trade adviser reminders to see once the land date job runs for the demo's month, with one summary email", async () => {
    // The demo's month: the one before the first land date the demo gave the trade adviser's projects.
    const [{ month }] = await app.sql(
      `select to_char(min(p.estimated_land_date) - interval '1 month', 'YYYY-MM') as month
         from investment_project p join adviser a on a.id = p.project_manager_id where a.email = 'demo.trade.adviser@example.gov.uk'`,
    );
    const out: string[] = [];
    await COMMANDS['job:run'].run({ values: { job: 'reminders:estimated-land-date', at: `${month}-01T08:30` }, orm: app.orm, config: app.config, out: (line) => out.push(line) });
    expect(out[0]).toMatch(/succeeded \(created \d+, emails \d+\)$/);
    const trade = await as('demo.trade.adviser@example.gov.uk');
    const res = await app.gql('{ reminderSummary { total byType { type count } } reminders(type: ESTIMATED_LAND_DATE, first: 20) { totalCount edges { node { event emailDeliveryStatus investmentProject { name } } } } }', {}, trade);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.reminders.totalCount).toBeGreaterThanOrEqual(10);
    expect(new Set(res.body.data.reminders.edges.map((e: any) => e.node.emailDeliveryStatus))).toEqual(new Set(['queued']));
    const emails = await app.sql("select count(*)::int as n from notification_outbox n join adviser a on a.id = n.recipient_adviser_id where a.email = 'demo.trade.adviser@example.gov.uk'");
    expect(emails).toEqual([{ n: 1 }]);
  });

  it('an analyst reads but may not write; a trade adviser has DIT_staff through their team', async () => {
    const analyst = await as('demo.analyst@example.gov.uk');
    const viewer = await app.gql('{ viewer { groups permissions } companies(first: 1) { totalCount } }', {}, analyst);
    expect(viewer.body.data.viewer.groups).toEqual(['Read-only analyst']);
    expect(viewer.body.data.companies.totalCount).toBe(seeded.companies);
    const write = await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "x") { id } }', { id: (await app.sql('select id from company limit 1'))[0].id }, analyst);
    expect(write.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'archive_company' });
    const trade = await app.gql('{ viewer { groups permissions } }', {}, await as('demo.trade.adviser@example.gov.uk'));
    expect(trade.body.data.viewer.groups).toEqual(['DIT_staff', 'Regional account managers']);
    expect(trade.body.data.viewer.permissions).toContain('add_company');
    const starter = await app.gql('{ viewer { permissions } countries { id } }', {}, await as('demo.new.starter@example.gov.uk'));
    expect(starter.body.data.viewer.permissions).toEqual([]);
    expect(starter.body.data.countries.length).toBeGreaterThan(100);
  });

  it('the LEP and DA advisers see the investment projects associated with their team, not the others', async () => {
    const total = (await app.gql('{ investmentProjects(first: 1) { totalCount } }')).body.data.investmentProjects.totalCount;
    expect(total).toBe(seeded.investmentProjects);
    for (const email of ['demo.lep@example.gov.uk', 'demo.da@example.gov.uk']) {
      const res = await app.gql('{ investmentProjects(first: 1) { totalCount } }', {}, await as(email));
      expect(res.body.errors).toBeUndefined();
      const [{ associated }] = await app.sql(
        'select count(distinct t.investment_project_id)::int as associated from investment_project_associated_team t join adviser a on a.dit_team_id = t.team_id where a.email = ?',
        [email],
      );
      expect(res.body.data.investmentProjects.totalCount).toBe(associated);
      expect(associated).toBeGreaterThan(0);
      expect(associated).toBeLessThan(total);
    }
  });
});

describe('no N+1', () => {
  const statementsFor = async (n: number) => {
    const res = await app.gql(BATCHING, { n });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.companies.edges).toHaveLength(n);
    return { statements: res.body.extensions.sqlStatements as number, body: res.body };
  };

  it('runs the same statements for 5 companies as for 50, at most one per nesting level', async () => {
    // Warm the token cache first, so the count below is the query's own (the token lookup is one more).
    await app.gql('{ viewer { isSuperuser } }');
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(fifty.statements).toBe(five.statements);
    // companies, contacts, interactions, participants, adviser, team: six levels that touch the database.
    const levels = 6;
    expect(fifty.statements).toBeLessThanOrEqual(levels);
    // ...and the nested data is really there, not an empty shortcut.
    const data: CompaniesWithNestedQuery = fifty.body.data;
    const nodes = data.companies!.edges.map((e) => e.node);
    expect(nodes.some((n) => n.contacts!.edges.length > 0)).toBe(true);
    const teams = nodes.flatMap((n) => n.interactions!.edges.flatMap((e) => e.node.participants.map((p) => p.adviser.team?.name)));
    expect(teams.filter(Boolean).length).toBeGreaterThan(10);
  });

  it('fetches a whole company page in one statement, with the same answer as the per-level loaders', async () => {
    await app.gql('{ viewer { isSuperuser } }');
    const [{ id }] = await app.sql('select company_id as id from interaction group by company_id order by count(*) desc, company_id limit 1');
    // A directive on a field turns look-ahead off for it, so the second query takes the loader path.
    const page = (loaders: boolean) => {
      const d = loaders ? ' @include(if: true)' : '';
      return `query($id: UUID!) { company(id: $id) { id name sector${d} { id name } ukRegion${d} { name }
        contacts(first: 20, orderBy: [{ field: CREATED_ON, direction: DESC }])${d} { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name email company${d} { id name } address { town } } } }
        interactions(first: 10, filter: { kind: { eq: INTERACTION } })${d} { totalCount pageInfo { hasNextPage } edges { node { id date subject kind createdOn service${d} { id name }
          participants${d} { adviser { id name team${d} { id name } } team${d} { id name } }
          contacts${d} { id } } } }
        subsidiaries(first: 5)${d} { totalCount edges { node { id } } } } }`;
    };
    const embedded = await app.gql(page(false), { id });
    const loaded = await app.gql(page(true), { id });
    expect(embedded.body.errors).toBeUndefined();
    expect(embedded.body.data).toEqual(loaded.body.data);
    expect(embedded.body.data.company.interactions.edges.length).toBeGreaterThan(0);
    // company + contacts + interactions + participants + subsidiaries in one; interaction contacts have no look-ahead yet.
    expect(embedded.body.extensions.sqlStatements).toBe(2);
    expect(loaded.body.extensions.sqlStatements).toBeGreaterThan(4);
  });

  it('is a valid document for the schema', () => {
    expect(() => parse(BATCHING)).not.toThrow();
  });
});
