import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm-type.js';
import type { Logger } from '../logger.js';
import type { SearchCatalog } from '../search/catalog.js';
import type { SearchBackend } from '../search/search.types.js';
import type { JobCounts } from './job-runs.js';

/** What a job is given: the database, and search (its backend, and the searchable entities it keeps). */
export type JobDeps = { orm: Orm; config: Config; logger: Logger; backend: SearchBackend; catalog: SearchCatalog };

/**
 * A scheduled job, declared by the module it belongs to (its manifest's `jobs`, by name): `npm run worker`
 * schedules every one, `npm run cli -- job:run --job NAME` runs one once; each run holds its advisory lock
 * and is recorded in `job_run` (src/jobs/job-runs.ts).
 */
export type Job = {
  /** node-cron expression (with seconds when it has six fields), in the server's time zone. */
  schedule: string;
  description: string;
  /** `signal` is aborted when the run must stop: its lock's database session was lost (src/jobs/job-runs.ts). */
  run: (deps: JobDeps, signal?: AbortSignal) => Promise<JobCounts>;
};
