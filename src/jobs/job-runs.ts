import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { jobActor, runAsActor } from '../audit/actor.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm-type.js';
import { isConnectionLost, retryWhileUnavailable, SERVER_CONNECTION_OPTIONS } from '../db/unavailable.js';
import type { Logger } from '../logger.js';
import type { JobSlot } from './slot.js';

export type JobOutcome = 'succeeded' | 'failed' | 'skipped';
export type JobCounts = Record<string, number | null>;

/** The lock's connection went away while the job ran: PostgreSQL released the lock, so the run is not trusted. */
export class JobLockLostError extends Error {
  constructor(name: string, cause?: unknown) {
    super(`job ${name} lost its database session, and with it its advisory lock, while it ran${cause instanceof Error ? ` (${cause.message})` : ''}`, { cause });
    this.name = 'JobLockLostError';
  }
}

/**
 * Holds a PostgreSQL advisory lock named after the job while `fn` runs, on a connection of its own (a
 * session lock must stay on one connection, which a pool does not promise). Another worker asking for the
 * same job meanwhile gets `false` at once and skips. The embedded database is one process by construction
 * (PGlite), so there is nothing to lock against there.
 *
 * If that connection is lost mid-run (a database restart, a failover), the server has released the lock and
 * another worker may start the same job: `fn`'s signal is aborted at once, so a job that checks it stops,
 * and the run ends with a JobLockLostError whatever `fn` returns. An 'error' event of the client is handled
 * here; unhandled, it would kill the process.
 */
export async function withJobLock<T>(
  config: Config,
  name: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<{ locked: true; value: T } | { locked: false }> {
  const controller = new AbortController();
  if (!config.databaseUrl) return { locked: true, value: await fn(controller.signal) };
  const client = new pg.Client({ connectionString: config.databaseUrl, ...SERVER_CONNECTION_OPTIONS });
  let closing = false;
  const lost = (cause?: unknown) => {
    if (!closing && !controller.signal.aborted) controller.abort(new JobLockLostError(name, cause));
  };
  client.on('error', lost);
  client.on('end', () => lost());
  await client.connect();
  const key = `crm-job:${name}`;
  const unlock = async () => (await client.query('select pg_advisory_unlock(hashtext($1)) as unlocked', [key])).rows[0].unlocked === true;
  try {
    const { rows } = await client.query('select pg_try_advisory_lock(hashtext($1)) as locked', [key]);
    if (!rows[0].locked) return { locked: false };
    let value: T;
    try {
      value = await fn(controller.signal);
    } catch (error) {
      await unlock().catch(() => undefined);
      throw error;
    }
    // The run counts only if it held the lock throughout: the session that took it must still be there to
    // give it back (its loss may not have been reported yet when `fn` returned).
    const held = await unlock().catch((error: unknown) => (lost(error), false));
    if (!held) lost();
    if (controller.signal.aborted) throw controller.signal.reason;
    return { locked: true, value };
  } finally {
    closing = true;
    await client.end().catch(() => undefined);
  }
}

const INTERRUPTED = 'interrupted: the run stopped before recording its outcome (its process or its database connection went away)';

/**
 * Runs a job once: under its advisory lock, as the job's actor (its writes are audited as the job), with a
 * `job_run` row for its start, end, outcome and counts. A failure is recorded and rethrown.
 *
 * A run the database goes away under fails (its statements fail, or it loses its lock), and its outcome is
 * written once the database is back (retried for up to `recordRetryMs`). A run whose process died leaves its
 * row "running": the next run of the same job marks it failed, once it holds the job's lock, which no live
 * run of that job can then be holding. (Marking such rows at the worker's start would not do: with several
 * workers, another one may be running the job just then.)
 */
export async function runJob(
  deps: { orm: Orm; config: Config; logger: Logger },
  name: string,
  fn: (signal: AbortSignal) => Promise<JobCounts>,
  { recordRetryMs = 10 * 60_000, slot }: { recordRetryMs?: number; slot?: JobSlot } = {},
): Promise<{ outcome: JobOutcome; counts: JobCounts }> {
  const { orm, config, logger } = deps;
  const connection = orm.em.fork().getConnection();
  const id = randomUUID();
  try {
    await connection.execute('insert into job_run (id, job, started_on, slot_at) values (?, ?, clock_timestamp(), ?)', [id, name, slot?.at ?? null], 'run');
  } catch (error) {
    if (isConnectionLost(error)) logger.warn('job not started: the database is unavailable', { job: name, error: (error as Error).message });
    throw error;
  }
  const finish = async (outcome: JobOutcome, counts: JobCounts, error: string | null = null) => {
    try {
      await retryWhileUnavailable(
        () => connection.execute('update job_run set finished_on = clock_timestamp(), outcome = ?, counts = ?, error = ? where id = ?', [outcome, JSON.stringify(counts), error, id], 'run'),
        { giveUpAfterMs: recordRetryMs },
      );
    } catch (failure) {
      logger.error('job outcome not recorded; the next run of this job will mark it failed', { job: name, outcome, error: failure instanceof Error ? failure.message : String(failure) });
      throw failure;
    }
  };
  let run: Awaited<ReturnType<typeof withJobLock<JobCounts>>>;
  try {
    run = await withJobLock(config, name, async (signal) => {
      const [stale] = (await connection.execute(
        `with stale as (update job_run set finished_on = clock_timestamp(), outcome = 'failed', error = ? where job = ? and outcome = 'running' and id <> ? returning 1)
         select count(*)::int as n from stale`,
        [INTERRUPTED, name, id],
        'all',
      )) as Array<{ n: number }>;
      if (stale?.n) logger.warn('job runs left running by a stopped process were marked failed', { job: name, runs: stale.n });
      return runAsActor(jobActor(name), () => fn(signal));
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error('job failed', { job: name, error: message });
    await finish('failed', {}, message.slice(0, 2000)).catch(() => undefined);
    throw error;
  }
  if (!run.locked) {
    await finish('skipped', {}, 'another worker holds this job');
    logger.info('job skipped: another worker is running it', { job: name });
    return { outcome: 'skipped', counts: {} };
  }
  await finish('succeeded', run.value);
  logger.info('job succeeded', { job: name, ...run.value });
  return { outcome: 'succeeded', counts: run.value };
}

/** Each job's latest finished run, and its latest success: what /metrics shows of the scheduled jobs. */
export type JobRunStatus = { job: string; outcome: JobOutcome; durationSeconds: number; counts: JobCounts; lastSuccessSeconds: number | null };

/** Every job's latest finished run and latest success, in one statement. */
export async function jobRunStatus(orm: Orm): Promise<JobRunStatus[]> {
  return (await orm.em.fork().getConnection().execute(
    `select distinct on (r.job) r.job, r.outcome, extract(epoch from r.finished_on - r.started_on)::float8 as "durationSeconds", coalesce(r.counts, '{}') as counts,
            (select extract(epoch from max(s.finished_on))::float8 from job_run s where s.job = r.job and s.outcome = 'succeeded') as "lastSuccessSeconds"
       from job_run r where r.finished_on is not null order by r.job, r.started_on desc`,
    [],
    'all',
  )) as JobRunStatus[];
}

/** Whether a run of the job for the slot has succeeded (any worker's): what a starting worker asks before catching it up. */
export async function hasSucceeded(orm: Orm, name: string, slot: JobSlot): Promise<boolean> {
  const rows = (await orm.em.fork().getConnection().execute(`select 1 from job_run where job = ? and slot_at = ? and outcome = 'succeeded' limit 1`, [name, slot.at], 'all')) as unknown[];
  return rows.length > 0;
}
