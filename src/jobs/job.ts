import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm-type.js';
import type { Logger } from '../logger.js';
import type { SearchCatalog } from '../search/catalog.js';
import type { SearchBackend } from '../search/search.types.js';
import type { JobCounts } from './job-runs.js';
import type { JobSlot } from './slot.js';

/** What a job is given: the database, and search (its backend, and the searchable entities it keeps). */
export type JobDeps = { orm: Orm; config: Config; logger: Logger; backend: SearchBackend; catalog: SearchCatalog };

/**
 * One run of a job: the slot it runs for (its "now": the scheduled minute, or `job:run --at`), and a signal
 * aborted when the run must stop (its lock's database session was lost: src/jobs/job-runs.ts). A job asks the
 * slot which day it is, never the clock, so a run for a given slot does the same whenever it happens.
 */
export type JobRun = { slot: JobSlot; signal?: AbortSignal };

/**
 * A scheduled job, declared by the module it belongs to (its manifest's `jobs`, by name): `npm run worker`
 * schedules every one, `npm run cli -- job:run --job NAME` runs one once; each run holds its advisory lock
 * and is recorded in `job_run` (src/jobs/job-runs.ts).
 */
export type Job = {
  /** node-cron expression (with seconds when it has six fields), in JOB_TIME_ZONE (Europe/London: src/jobs/slot.ts). */
  schedule: string;
  description: string;
  run: (deps: JobDeps, run: JobRun) => Promise<JobCounts>;
};
