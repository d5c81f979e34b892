import 'reflect-metadata';
import cron from 'node-cron';
import { openDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/config.js';
import { runJob } from './jobs/job-runs.js';
import { JOB_TIME_ZONE, slotOf } from './jobs/slot.js';
import { createLogger } from './logger.js';
import { guardProcess } from './process-guard.js';
import { createSearchBackend } from './search/backend.js';
import { startDrainer } from './search/drainer.js';
import { jobs, searchCatalog } from './system.js';

/**
 * `npm run worker`: drains the search outbox continuously (commit to searchable in well under a second)
 * and runs the modules' scheduled jobs (their manifests' `jobs`) with node-cron, each under its advisory lock and
 * recorded in `job_run`. Several workers may run: the outbox is claimed row by row (skip locked), and a
 * scheduled job runs on one worker at a time.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  const orm = await openDatabase(config, logger);
  const backend = await createSearchBackend(config, orm, searchCatalog);
  await backend.migrate();
  const deps = { orm, config, logger, backend, catalog: searchCatalog };
  const drainer = startDrainer(orm, backend, searchCatalog, logger);
  const tasks = Object.entries(jobs).map(([name, job]) =>
    cron.schedule(
      job.schedule,
      () => {
        // The minute the schedule fired is the run's slot, whenever its lock lets it start.
        const slot = slotOf(new Date());
        void runJob(deps, name, (signal) => job.run(deps, { slot, signal }), { slot }).catch(() => undefined);
      },
      { name, noOverlap: true, timezone: JOB_TIME_ZONE },
    ),
  );
  logger.info('worker started', { backend: backend.name, jobs: Object.fromEntries(Object.entries(jobs).map(([n, j]) => [n, j.schedule])) });
  const report = setInterval(() => logger.info('search outbox drain', { ...drainer.stats() }), 60_000);

  const shutdown = async (signal: string) => {
    logger.info('worker stopping', { signal });
    clearInterval(report);
    for (const task of tasks) await task.stop();
    await drainer.stop();
    await backend.close();
    await orm.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
