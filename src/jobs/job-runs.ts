import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { jobActor, runAsActor } from '../audit/actor.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';

export type JobOutcome = 'succeeded' | 'failed' | 'skipped';
export type JobCounts = Record<string, number | null>;

/**
 * Holds a PostgreSQL advisory lock named after the job while `fn` runs, on a connection of its own (a
 * session lock must stay on one connection, which a pool does not promise). Another worker asking for the
 * same job meanwhile gets `false` at once and skips. The embedded database is one process by construction
 * (PGlite), so there is nothing to lock against there.
 */
export async function withJobLock<T>(config: Config, name: string, fn: () => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }> {
  if (!config.databaseUrl) return { locked: true, value: await fn() };
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select pg_try_advisory_lock(hashtext($1)) as locked', [`crm-job:${name}`]);
    if (!rows[0].locked) return { locked: false };
    try {
      return { locked: true, value: await fn() };
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [`crm-job:${name}`]);
    }
  } finally {
    await client.end();
  }
}

/**
 * Runs a job once: under its advisory lock, as the job's actor (its writes are audited as the job), with a
 * `job_run` row for its start, end, outcome and counts. A failure is recorded and rethrown.
 */
export async function runJob(
  deps: { orm: Orm; config: Config; logger: Logger },
  name: string,
  fn: () => Promise<JobCounts>,
): Promise<{ outcome: JobOutcome; counts: JobCounts }> {
  const { orm, config, logger } = deps;
  const connection = orm.em.fork().getConnection();
  const id = randomUUID();
  await connection.execute('insert into job_run (id, job, started_on) values (?, ?, clock_timestamp())', [id, name], 'run');
  const finish = (outcome: JobOutcome, counts: JobCounts, error: string | null = null) =>
    connection.execute('update job_run set finished_on = clock_timestamp(), outcome = ?, counts = ?, error = ? where id = ?', [outcome, JSON.stringify(counts), error, id], 'run');
  try {
    const run = await withJobLock(config, name, () => runAsActor(jobActor(name), fn));
    if (!run.locked) {
      await finish('skipped', {}, 'another worker holds this job');
      logger.info('job skipped: another worker is running it', { job: name });
      return { outcome: 'skipped', counts: {} };
    }
    await finish('succeeded', run.value);
    logger.info('job succeeded', { job: name, ...run.value });
    return { outcome: 'succeeded', counts: run.value };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finish('failed', {}, message.slice(0, 2000));
    logger.error('job failed', { job: name, error: message });
    throw error;
  }
}
