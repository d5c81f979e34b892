import 'reflect-metadata';
import { openDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/config.js';
import { startEmailDrainer } from './email/drainer.js';
import { createMailer } from './email/mailer.js';
import { hasSucceeded, runJob } from './jobs/job-runs.js';
import { runMissedSlots, scheduleJobs } from './jobs/scheduler.js';
import type { JobSlot } from './jobs/slot.js';
import { createLogger } from './logger.js';
import { guardProcess } from './process-guard.js';
import { createSearchBackend } from './search/backend.js';
import { startDrainer } from './search/drainer.js';
import { emailTemplates, jobs, searchCatalog } from './system.js';

/**
 * `npm run worker`: drains the search outbox continuously (commit to searchable in well under a second),
 * sends the notifications outbox's emails (src/email/outbox.ts; logged, not sent, without SMTP_URL), and
 * runs the modules' scheduled jobs (their manifests' `jobs`) with node-cron, each under its advisory lock and
 * recorded in `job_run`. Several workers may run: the outbox is claimed row by row (skip locked), and a
 * scheduled job runs on one worker at a time. The api never sends email: only workers do.
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
  const mailer = createMailer(config.email, logger);
  const emails = startEmailDrainer({ orm, mailer, templates: emailTemplates, email: config.email, logger });
  const fire = (name: string, slot: JobSlot) => runJob(deps, name, (signal) => jobs[name].run(deps, { slot, signal }), { slot });
  const schedules = scheduleJobs(jobs, fire);
  // Slots missed while no worker ran (src/jobs/scheduler.ts): run once now, each under its lock as usual.
  if (config.jobs.catchUpHours) {
    const succeeded = (name: string, slot: JobSlot) => hasSucceeded(orm, name, slot);
    void runMissedSlots(jobs, new Date(), config.jobs.catchUpHours * 3_600_000, succeeded, fire, logger).catch((error: unknown) =>
      logger.warn('missed slots not checked', { error: error instanceof Error ? error.message : String(error) }),
    );
  }
  logger.info('worker started', { backend: backend.name, email: mailer.mode, jobs: Object.fromEntries(Object.entries(jobs).map(([n, j]) => [n, j.schedule])) });
  const report = setInterval(() => {
    logger.info('search outbox drain', { ...drainer.stats() });
    logger.info('email outbox drain', { ...emails.stats() });
  }, 60_000);

  const shutdown = async (signal: string) => {
    logger.info('worker stopping', { signal });
    clearInterval(report);
    await schedules.stop();
    await drainer.stop();
    await emails.stop();
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
