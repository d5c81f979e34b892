import pg from 'pg';
import { createAdviserToken } from '../src/auth/tokens.js';
import { migrateUp } from '../src/db/migrations.js';
import { openOrm } from '../src/system.js';
import { Adviser, createAdviser, findAdviserByEmail } from '../src/modules/adviser/index.js';
import { seedMetadata } from '../seeds/metadata.seed.js';
import { DEMO_SCALES, seedDemo, type DemoScale } from '../seeds/demo.seed.js';

export const BENCH_ADVISER_EMAIL = 'bench.runner@example.gov.uk';
const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';

export const defaultDatabaseUrl = (scale: DemoScale) => `${SERVER_URL}/crm_bench_${scale}`;

export type PreparedDatabase = {
  url: string;
  /** A bearer token for the gateway (a fresh one every run, valid for a day). */
  token: string;
  counts: { companies: number; contacts: number; interactions: number; participants: number; advisers: number; investmentProjects: number };
  seeded: boolean;
  seedSeconds?: number;
  serverVersion: string;
};

/** Creates the database named in the URL when it does not exist (through the server's `postgres` database). */
async function ensureDatabaseExists(url: string, log: (line: string) => void): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`The database URL names no database: ${url}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!found.rowCount) {
      log(`creating database ${name}`);
      await client.query(`create database "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

/** A one-off connection to `url` for `fn`, always closed. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function countRows(url: string): Promise<PreparedDatabase['counts']> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(`select
        (select count(*) from company)::int as companies,
        (select count(*) from contact)::int as contacts,
        (select count(*) from interaction)::int as interactions,
        (select count(*) from interaction_dit_participant)::int as participants,
        (select count(*) from adviser)::int as advisers,
        (select count(*) from investment_project)::int as "investmentProjects"`);
    return rows[0];
  });
}

/**
 * The benchmark database: created when missing (only for the default URL), migrated, reference data
 * loaded, and demo data of the scale generated unless it is already there. A database that holds
 * another number of companies than the scale's is refused rather than mixed.
 */
export async function prepareDatabase(options: {
  url: string;
  scale: DemoScale;
  create: boolean;
  log: (line: string) => void;
}): Promise<PreparedDatabase> {
  const { url, scale, log } = options;
  if (options.create) await ensureDatabaseExists(url, log);
  const orm = await openOrm({ kind: 'server', url, poolSize: 4 });
  let seeded = false;
  let seedSeconds: number | undefined;
  let token: string;
  try {
    const applied = await migrateUp(orm);
    if (applied.length) log(`migrated: ${applied.join(', ')}`);
    let counts = await countRows(url);
    const expected = DEMO_SCALES[scale].companies;
    if (counts.companies === 0) {
      await seedMetadata(orm.em.fork());
      log(`generating ${scale} demo data (${JSON.stringify(DEMO_SCALES[scale])}); this takes a while once`);
      const t0 = Date.now();
      let lastShown = 0;
      await seedDemo(orm.em.fork(), {
        scale,
        seed: 1,
        onProgress: (done, total, label) => {
          const now = Date.now();
          if (now - lastShown > 5_000 || done === total) {
            lastShown = now;
            log(`  ${Math.round((100 * done) / total)}% ${label}`);
          }
        },
      });
      seedSeconds = (Date.now() - t0) / 1000;
      seeded = true;
      log(`demo data generated in ${seedSeconds.toFixed(1)} s`);
    } else if (counts.companies !== expected) {
      throw new Error(
        `The database at ${url} holds ${counts.companies} companies, not the ${expected} of the "${scale}" scale. ` +
          'Use another --database-url (or drop that database) to generate the scale afresh.',
      );
    } else if (counts.investmentProjects !== DEMO_SCALES[scale].investmentProjects) {
      // Made before the demo data had investment projects: the project page would have nothing to show.
      throw new Error(
        `The database at ${url} holds ${counts.investmentProjects} investment projects, not the ${DEMO_SCALES[scale].investmentProjects} of the "${scale}" scale ` +
          '(it predates them?). Drop it, or use another --database-url, to generate the scale afresh.',
      );
    } else {
      log(`reusing ${scale} demo data in ${new URL(url).pathname.slice(1)}`);
    }

    const em = orm.em.fork();
    const adviser =
      (await findAdviserByEmail(em, BENCH_ADVISER_EMAIL)) ??
      (await createAdviser(em, { email: BENCH_ADVISER_EMAIL, name: 'Bench Runner', superuser: true }));
    ({ token } = await createAdviserToken(em, em.getReference(Adviser, adviser.id), { days: 1, description: 'bench' }));
    counts = await countRows(url);
    // Fresh statistics, so the planner sees the generated data whatever autovacuum has done so far.
    await withClient(url, (client) => client.query(seeded ? 'vacuum analyze' : 'analyze'));
    const serverVersion = await withClient(url, async (client) => (await client.query('show server_version')).rows[0].server_version);
    return { url, token, counts, seeded, seedSeconds, serverVersion };
  } finally {
    await orm.close();
  }
}

export type Subject = {
  companyId: string;
  companyName: string;
  interactions: number;
  contacts: number;
  ukCountryId: string;
  listMatches: number;
  project: ProjectSubject;
};

export type ProjectSubject = { id: string; codeNumber: string; name: string; teamMembers: number; stageLog: number; clientContacts: number };

/**
 * The project of the project page: the fullest one — every one-to-one of the page filled (investor and UK
 * company, client relationship manager, project manager), then the most team members, the longest stage
 * log, the most client contacts — then the lowest id.
 */
async function pickProject(client: pg.Client): Promise<ProjectSubject> {
  const { rows } = await client.query(
    `select p.id, p.name, p.code_number::text as "codeNumber",
            (select count(*) from investment_project_team_member m where m.investment_project_id = p.id)::int as "teamMembers",
            (select count(*) from investment_project_stage_log l where l.investment_project_id = p.id)::int as "stageLog",
            (select count(*) from investment_project_client_contact c where c.investment_project_id = p.id)::int as "clientContacts"
       from investment_project p
      order by num_nulls(p.investor_company_id, p.uk_company_id, p.client_relationship_manager_id, p.project_manager_id),
               "teamMembers" desc, "stageLog" desc, "clientContacts" desc, p.id
      limit 1`,
  );
  if (!rows.length) throw new Error('No investment project: is the demo data there?');
  return rows[0];
}

/**
 * The company of the company page: the one whose page is fullest (as many of its 20 contacts and 10
 * interactions as any company has), then the one with the most interactions, then the lowest id; the
 * seed makes that deterministic. Also counts what the company list's filter matches, and picks the project page's project.
 */
export async function pickSubject(url: string, ukCountryId: string, page: { contacts: number; interactions: number }): Promise<Subject> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `with ct as (select company_id, count(*)::int as n from contact group by company_id),
            it as (select company_id, count(*)::int as n from interaction group by company_id)
       select c.id, c.name, it.n as interactions, ct.n as contacts
         from ct join it using (company_id) join company c on c.id = ct.company_id
        order by least(ct.n, $1) desc, least(it.n, $2) desc, it.n desc, c.id
        limit 1`,
      [page.contacts, page.interactions],
    );
    if (!rows.length) throw new Error('No company has contacts and interactions: is the demo data there?');
    const list = await client.query('select count(*)::int as n from company where address_country_id = $1 and archived = false', [ukCountryId]);
    return {
      companyId: rows[0].id,
      companyName: rows[0].name,
      interactions: rows[0].interactions,
      contacts: rows[0].contacts,
      ukCountryId,
      listMatches: list.rows[0].n,
      project: await pickProject(client),
    };
  });
}
