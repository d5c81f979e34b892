import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createAdviserToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config/config.js';
import { openOrm } from '../../src/system.js';
import { runJob } from '../../src/jobs/job-runs.js';
import { createLogger } from '../../src/logger.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { REFS } from '../helpers/factories.js';
import { startProcess, until, type GatewayProcess } from '../helpers/processes.js';

const METRICS_TOKEN = randomBytes(16).toString('hex');

/**
 * The api and the worker, each a real process on this file's own database, while every connection to that
 * database is killed (pg_terminate_backend, as a restart or failover does to them) under concurrent writers
 * and readers, and while the database refuses connections altogether. Runs on a PostgreSQL server only
 * (vitest.config.ts leaves it out of embedded runs): PGlite lives inside the process and cannot go away.
 * The real `pg_ctlcluster ... restart` is bench/restart.ts: it would kill every other test file's connections.
 */
let db: TestDatabase;
let dbName: string;
let admin: pg.Client;
let api: GatewayProcess;
let worker: GatewayProcess;
let apiUrl: string;
let token: string;
/** A second adviser's token, first used while the database is away: its lookup cannot come from the cache. */
let coldToken: string;
let refs: { businessTypeId: string; sectorId: string; ukRegionId: string };

type Reply = { status: number; retryAfter: string | null; body: any };

async function gql(query: string, variables: Record<string, unknown> = {}, as = token): Promise<Reply> {
  const res = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text };
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}

/** A refusal because the database is away: 503, Retry-After, no value in data, only SERVICE_UNAVAILABLE errors. */
const isUnavailable = (r: Reply) =>
  r.status === 503 &&
  !!r.retryAfter &&
  Object.values(r.body.data ?? {}).every((value) => value === null) &&
  r.body.errors?.length > 0 &&
  r.body.errors.every((e: any) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
const isOk = (r: Reply) => r.status === 200 && !r.body.errors && r.body.data != null;

const CREATE = 'mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id name } }';
const UPDATE = 'mutation($id: UUID!, $input: CompanyUpdateInput!) { updateCompany(id: $id, input: $input) { id description } }';
const LIST = '{ companies(first: 5) { totalCount edges { node { id name } } } }';
const ONE = 'query($id: UUID!) { company(id: $id) { id name description } }';

const companyInput = (name: string) => ({ name, ...refs, address: { line1: '1 High Street', town: 'London', postcode: 'SW1A 1AA', countryId: REFS.uk } });

async function createCompany(name: string): Promise<string> {
  const res = await gql(CREATE, { input: companyInput(name) });
  if (!isOk(res)) throw new Error(`createCompany: ${JSON.stringify(res)}`);
  return res.body.data.createCompany.id;
}

/** Kills every connection to this file's database but the caller's own; returns how many there were. */
async function terminateAll(): Promise<number> {
  const { rowCount } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
  return rowCount ?? 0;
}

/** Both processes' output, for a failure message: a crash shows its cause there. */
const outputs = () => `--- api (${api.alive() ? 'alive' : `exited ${api.child.exitCode ?? api.child.signalCode}`}) ---\n${api.output()}\n--- worker ---\n${worker.output()}`;

const searchable = async (name: string) => {
  const res = await gql('query($term: String!) { searchCompanies(term: $term) { totalCount } }', { term: name });
  return isOk(res) && res.body.data.searchCompanies.totalCount === 1;
};

beforeAll(async () => {
  db = await createTestDatabase();
  dbName = new URL(db.url!).pathname.slice(1);
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const em = db.orm.em.fork();
  const adviser = await createAdviser(em, { email: 'outage.admin@test.example', name: 'Outage Admin', superuser: true });
  ({ token } = await createAdviserToken(em, adviser, { days: 1 }));
  const cold = await createAdviser(em, { email: 'outage.cold@test.example', name: 'Cold Caller', superuser: true });
  ({ token: coldToken } = await createAdviserToken(em, cold, { days: 1 }));
  const [row] = (await em.getConnection().execute(
    `select (select id from metadata_business_type where disabled_on is null and id <> ? order by id limit 1) as "businessTypeId",
            (select id from metadata_sector where disabled_on is null order by id limit 1) as "sectorId",
            (select id from metadata_uk_region where disabled_on is null order by id limit 1) as "ukRegionId"`,
    [REFS.ukBranch],
    'all',
  )) as (typeof refs)[];
  refs = row;
  // Search on PostgreSQL (the worker drains into search_document); credentials cached for a minute, so
  // during an outage the cached token's requests fail in the resolvers and the cold token's at admission.
  const env = { DATABASE_URL: db.url!, NODE_ENV: 'production', SECRET_KEY: randomBytes(32).toString('hex'), METRICS_TOKEN, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', AUTH_CACHE_TTL_MS: '60000' };
  const started = await Promise.all([
    startProcess('src/main.ts', { ...env, HOST: '127.0.0.1', PORT: '0' }, /listening on (http:\/\/[\d.:]+)\/graphql/),
    // No catching up on missed slots: this test is about the outbox drain, not the day's jobs.
    startProcess('src/worker.ts', { ...env, LOG_LEVEL: 'info', JOB_CATCH_UP_HOURS: '0' }, /"msg":"worker started"/),
  ]);
  [api, worker] = started;
  apiUrl = started[0].match[1];
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  if (admin) {
    await admin.query(`alter database "${dbName}" allow_connections true`).catch(() => undefined);
    await admin.end();
  }
  await db?.drop();
});

describe('the api and the worker when the database goes away', () => {
  it('survive every connection being killed under concurrent writers and readers: each request succeeds or is a coded 503, and no acknowledged write is lost', async () => {
    const updated = await Promise.all([0, 1, 2].map((i) => createCompany(`Outage Updated ${i}`)));
    const replies = { ok: 0, unavailable: 0 };
    const bad: unknown[] = [];
    const acknowledged = new Map<string, string>(); // created company id -> name
    const updates = updated.map(() => ({ acknowledged: 0, attempted: 0 }));
    let stop = false;
    const record = async (send: () => Promise<Reply>): Promise<Reply | undefined> => {
      try {
        const reply = await send();
        if (isOk(reply)) replies.ok++;
        else if (isUnavailable(reply)) replies.unavailable++;
        else bad.push({ status: reply.status, body: reply.body });
        return reply;
      } catch (error) {
        // A dropped or refused HTTP connection: the api process went away or failed to answer.
        bad.push({ fetch: error instanceof Error ? `${error.message} ${String((error as any).cause?.code ?? '')}` : String(error) });
        return undefined;
      }
    };
    const creator = async (w: number) => {
      for (let n = 1; !stop; n++) {
        const name = `Outage Writer ${w}-${n}`;
        const reply = await record(() => gql(CREATE, { input: companyInput(name) }));
        if (reply && isOk(reply)) acknowledged.set(reply.body.data.createCompany.id, name);
      }
    };
    const updater = async (w: number) => {
      for (let n = 1; !stop; n++) {
        updates[w].attempted = n;
        const reply = await record(() => gql(UPDATE, { id: updated[w], input: { description: `revision ${n}` } }));
        if (reply && isOk(reply)) updates[w].acknowledged = n;
      }
    };
    const reader = async (w: number) => {
      while (!stop) await record(() => (w % 2 ? gql(LIST) : gql(ONE, { id: updated[w % updated.length] })));
    };
    const load = [0, 1, 2].map(creator).concat([0, 1, 2].map(updater), [0, 1].map(reader));

    let recoveryMs = 0;
    try {
      for (let round = 0; round < 3; round++) {
        const before = replies.ok;
        await until('requests succeed between the kills', async () => replies.ok >= before + 20, { timeoutMs: 15_000, context: outputs });
        expect(await terminateAll()).toBeGreaterThan(0);
        const killedAt = Date.now();
        // The database accepts connections at once: the api must answer normally again by itself.
        await until('the api answers normally again', async () => isOk(await gql(LIST)), { timeoutMs: 5_000, everyMs: 20, context: outputs });
        recoveryMs = Math.max(recoveryMs, Date.now() - killedAt);
      }
    } finally {
      stop = true;
      await Promise.all(load);
    }

    expect(bad, api.output()).toEqual([]);
    expect(api.alive(), api.output()).toBe(true);
    expect(worker.alive(), worker.output()).toBe(true);
    expect(replies.ok).toBeGreaterThan(60);
    expect(recoveryMs).toBeLessThan(5_000);

    // Every acknowledged write is in the database (a write refused with 503 may or may not have committed).
    const ids = [...acknowledged.keys()];
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    try {
      const found = await check.query('select id, name from company where id = any($1::uuid[])', [ids]);
      expect(new Map(found.rows.map((r) => [r.id, r.name]))).toEqual(acknowledged);
      const descriptions = await check.query('select id, description from company where id = any($1::uuid[])', [updated]);
      for (const [w, id] of updated.entries()) {
        const revision = Number(/revision (\d+)/.exec(descriptions.rows.find((r) => r.id === id)?.description ?? '')?.[1] ?? 0);
        expect(revision).toBeGreaterThanOrEqual(updates[w].acknowledged);
        expect(revision).toBeLessThanOrEqual(updates[w].attempted);
      }
    } finally {
      await check.end();
    }

    expect((await fetch(`${apiUrl}/readyz`)).status).toBe(200);
    // The worker drains the outbox again: a company written now becomes searchable.
    await createCompany('Outage Afterwards Searchable');
    await until('the worker drains the outbox again', () => searchable('Outage Afterwards Searchable'), { timeoutMs: 5_000 });
  }, 120_000);

  it('answer 503 SERVICE_UNAVAILABLE with Retry-After while the database refuses connections, /readyz says so, and both recover within 5 s of it accepting them again', async () => {
    const id = await createCompany('Outage Refused');
    await admin.query(`alter database "${dbName}" allow_connections false`);
    let reopened = false;
    try {
      await terminateAll();
      const ready = await fetch(`${apiUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', reason: 'database unreachable' });

      // The cached caller fails in the resolver; the cold one while it is authenticated; both the same way.
      for (const reply of [await gql(ONE, { id }), await gql(CREATE, { input: companyInput('Outage Never Written') }), await gql(ONE, { id }, coldToken)]) {
        expect(reply.status, JSON.stringify(reply.body)).toBe(503);
        expect(reply.retryAfter).toBe('2');
        expect(reply.body.errors[0]).toMatchObject({ message: expect.stringMatching(/database is unavailable/), extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' } });
      }
      const metrics = await fetch(`${apiUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(metrics.status).toBe(503);
      expect(metrics.headers.get('retry-after')).toBe('2');
      expect(api.alive(), api.output()).toBe(true);
      expect(worker.alive(), worker.output()).toBe(true);

      // Written while the database is away, so only the worker's drain after it returns can index it.
      await admin.query(`alter database "${dbName}" allow_connections true`);
      reopened = true;
      const reopenedAt = Date.now();
      await until('/readyz is 200 again', async () => (await fetch(`${apiUrl}/readyz`)).status === 200, { timeoutMs: 5_000, everyMs: 20 });
      await until('the api answers normally again', async () => isOk(await gql(ONE, { id }, coldToken)), { timeoutMs: 5_000, everyMs: 20 });
      await createCompany('Outage Refused Then Drained');
      await until('the worker drains again', () => searchable('Outage Refused Then Drained'), { timeoutMs: 5_000, everyMs: 20 });
      expect(Date.now() - reopenedAt).toBeLessThan(5_000);
    } finally {
      if (!reopened) await admin.query(`alter database "${dbName}" allow_connections true`);
    }
    expect((await admin.query("select count(*)::int as n from pg_database where datname = $1", [dbName])).rows[0].n).toBe(1);
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    expect((await check.query("select count(*)::int as n from company where name = 'Outage Never Written'")).rows[0].n).toBe(0);
    await check.end();
  }, 60_000);

  it('a transaction whose connection is killed gives that connection back to the pool (more of them than the pool holds)', async () => {
    const orm = await openOrm({ kind: 'server', url: db.url!, poolSize: 2 });
    try {
      for (let i = 0; i < 4; i++) {
        const failed = await orm.em
          .fork()
          .transactional(async (tx) => {
            const ctx = tx.getTransactionContext();
            const [{ pid }] = (await tx.getConnection().execute('select pg_backend_pid() as pid', [], 'all', ctx)) as Array<{ pid: number }>;
            await admin.query('select pg_terminate_backend($1)', [pid]);
            await until('the backend is gone', async () => !(await admin.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount);
            await tx.getConnection().execute('select 1', [], 'all', ctx);
          })
          .then(
            () => undefined,
            (error: Error) => error,
          );
        expect(failed?.message).toMatch(/not queryable|terminat/i);
      }
      // Kysely leaves a failed transaction's connection checked out; without giving it back, the pool would be
      // empty by now and this would wait for a connection until it timed out.
      expect(await orm.em.fork().getConnection().execute('select 42 as n', [], 'all')).toEqual([{ n: 42 }]);
    } finally {
      await orm.close(true);
    }
  });

  it('a job whose lock connection is killed mid-run is told to stop and recorded as failed, and the next run succeeds', async () => {
    const config = loadConfig({ DATABASE_URL: db.url!, LOG_LEVEL: 'silent' });
    const deps = { orm: db.orm, config, logger: createLogger('silent') };
    const job = 'test:lock-lost';
    let started!: () => void;
    let release!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let jobSignal!: AbortSignal;
    const run = runJob(deps, job, async (signal) => {
      jobSignal = signal;
      started();
      await new Promise<void>((resolve) => (release = resolve));
      return { done: 1 };
    });
    const settled = run.then(
      () => 'succeeded',
      (error: Error) => error.message,
    );
    await running;
    expect(jobSignal.aborted).toBe(false);
    expect(await terminateAll()).toBeGreaterThan(0);
    await until('the job is told to stop', async () => jobSignal.aborted);
    expect(jobSignal.reason.message).toMatch(/lost its database session/);
    // It returns as if nothing happened: the run is failed all the same.
    release();
    expect(await settled).toMatch(/lost its database session, and with it its advisory lock/);
    const rows = async () => (await db.orm.em.fork().getConnection().execute('select outcome, error from job_run where job = ? order by started_on', [job], 'all')) as any[];
    expect(await rows()).toEqual([{ outcome: 'failed', error: expect.stringMatching(/lost its database session/) }]);
    expect(await runJob(deps, job, async () => ({ done: 1 }))).toEqual({ outcome: 'succeeded', counts: { done: 1 } });
    expect((await rows()).map((r) => r.outcome)).toEqual(['failed', 'succeeded']);
    expect(worker.alive(), worker.output()).toBe(true);
  }, 60_000);
});
