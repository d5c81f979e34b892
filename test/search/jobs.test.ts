import { randomUUID } from 'node:crypto';
import { slotOf } from '../../src/jobs/slot.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob, withJobLock } from '../../src/jobs/job-runs.js';
import { createLogger } from '../../src/logger.js';
import { COMMANDS } from '../../src/cli.js';
import { jobs, searchCatalog } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany } from '../helpers/factories.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

const deps = () => ({ orm: app.orm, config: app.config, logger: createLogger('silent'), backend: app.search.backend, catalog: searchCatalog });
const lastRun = async (job: string) => (await app.sql('select * from job_run where job = ? order by started_on desc limit 1', [job]))[0];

describe('scheduled jobs', () => {
  it('a run is recorded with its outcome and counts: the drain job empties the outbox into search', async () => {
    await createCompany(app, { name: 'Job Drained Ltd' });
    const { outcome, counts } = await runJob(deps(), 'search:drain', () => jobs['search:drain'].run(deps(), { slot: slotOf(new Date()) }));
    expect(outcome).toBe('succeeded');
    expect(counts.written).toBeGreaterThan(0);
    expect(await lastRun('search:drain')).toMatchObject({ outcome: 'succeeded', counts: expect.objectContaining({ written: counts.written }), error: null });
    expect((await app.sql('select count(*)::int as n from search_outbox'))[0].n).toBe(0);
    await app.search.backend.refresh();
    const found = await app.gql('{ searchCompanies(term: "Job Drained") { totalCount } }');
    expect(found.body.data.searchCompanies.totalCount).toBe(1);
  });

  it('a failing run is recorded as failed, with its error, and the error reaches the caller', async () => {
    await expect(runJob(deps(), 'test:failing', async () => Promise.reject(new Error('disk on fire')))).rejects.toThrow('disk on fire');
    expect(await lastRun('test:failing')).toMatchObject({ outcome: 'failed', error: 'disk on fire' });
  });

  it('on a PostgreSQL server, a job another worker holds is skipped (embedded: one process, no lock needed)', async () => {
    let release!: () => void;
    let taken!: () => void;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const held = withJobLock(app.config, 'test:exclusive', () => {
      taken(); // the lock is held from here until release()
      return new Promise<void>((resolve) => (release = resolve));
    });
    await lockTaken;
    const second = await runJob(deps(), 'test:exclusive', async () => ({ ran: 1 }));
    release();
    await held;
    if (app.config.databaseUrl) {
      expect(second).toEqual({ outcome: 'skipped', counts: {} });
      expect(await lastRun('test:exclusive')).toMatchObject({ outcome: 'skipped', error: 'another worker holds this job' });
    } else {
      expect(second.outcome).toBe('succeeded');
    }
    // Once released, the next run gets the lock.
    expect((await runJob(deps(), 'test:exclusive', async () => ({ ran: 1 }))).outcome).toBe('succeeded');
  });

  it('a run left "running" by a process that died is marked failed by the next run of the same job, once it holds the lock', async () => {
    const stale = randomUUID();
    const other = randomUUID();
    await app.sql("insert into job_run (id, job, started_on) values (?, 'test:crashed', clock_timestamp() - interval '1 hour'), (?, 'test:other', clock_timestamp())", [stale, other]);
    expect(await runJob(deps(), 'test:crashed', async () => ({ ran: 1 }))).toEqual({ outcome: 'succeeded', counts: { ran: 1 } });
    const runs = await app.sql("select id, outcome, error, finished_on from job_run where job = 'test:crashed' order by started_on");
    expect(runs).toEqual([
      { id: stale, outcome: 'failed', error: expect.stringMatching(/^interrupted: the run stopped before recording its outcome/), finished_on: expect.anything() },
      { id: expect.any(String), outcome: 'succeeded', error: null, finished_on: expect.anything() },
    ]);
    // Another job's run is not this job's to judge.
    expect((await app.sql('select outcome from job_run where id = ?', [other]))[0].outcome).toBe('running');
  });

  it('the nightly resync rewrites every document', async () => {
    await app.sql('delete from search_outbox');
    const { counts } = await runJob(deps(), 'search:resync', () => jobs['search:resync'].run(deps(), { slot: slotOf(new Date()) }));
    const [{ n }] = await app.sql('select count(*)::int as n from company');
    expect(counts.company).toBe(n);
  });
});

describe('search CLI commands', () => {
  const run = async (name: string, values: Record<string, unknown>) => {
    const out: string[] = [];
    await COMMANDS[name].run({ values, orm: app.orm, config: app.config, out: (line) => out.push(line) });
    return out;
  };

  it('search:sync queues every record of the models asked for, or with --foreground writes them with a summary', async () => {
    const [{ n }] = await app.sql('select count(*)::int as n from company');
    await app.sql('delete from search_outbox');
    expect(await run('search:sync', { model: ['company'], foreground: false })).toEqual([`Queued ${n} company record(s) for the search worker.`]);
    expect((await app.sql("select count(*)::int as n from search_outbox where entity = 'company'"))[0].n).toBe(n);
    const [summary] = await run('search:sync', { model: ['company', 'adviser'], foreground: true });
    expect(summary).toMatch(new RegExp(`^Synced ${n} company, \\d+ adviser to (postgres|opensearch) in [\\d.]+ s \\(\\d+ docs/s\\)\\.$`));
  });

  it('job:run runs a job for the slot --at names, in Europe/London time, and records it', async () => {
    expect(await run('job:run', { job: 'search:drain', at: '2026-07-01T08:30' })).toEqual([expect.stringMatching(/^search:drain \(2026-07-01 08:30 Europe\/London\): succeeded/)]);
    const [last] = await app.sql("select slot_at from job_run where job = 'search:drain' order by started_on desc limit 1");
    expect(new Date(last.slot_at).toISOString()).toBe('2026-07-01T07:30:00.000Z');
    await expect(run('job:run', { job: 'search:drain', at: '2026-02-30T08:30' })).rejects.toThrow(/--at is a time in Europe\/London/);
  });

  it('refuses unknown models and jobs with a message', async () => {
    await expect(run('job:run', { job: 'nope' })).rejects.toThrow(/--job is one of .*search:drain, search:resync/);
    await expect(run('search:sync', { model: ['companies'], foreground: true })).rejects.toThrow(/Unknown model companies; the models are company, contact, interaction, adviser/);
  });
});
