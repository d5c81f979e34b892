import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm-type.js';
import type { Logger } from '../logger.js';
import type { SearchCatalog } from '../search/catalog.js';
import { drainOutboxBatch } from '../search/outbox.js';
import { syncAll } from '../search/sync.js';
import type { SearchBackend } from '../search/search.types.js';
import type { JobCounts } from './job-runs.js';

/** What a job is given: the database, and search (its backend, and the searchable entities it keeps). */
export type JobDeps = { orm: Orm; config: Config; logger: Logger; backend: SearchBackend; catalog: SearchCatalog };

export type Job = {
  /** node-cron expression (with seconds when it has six fields), in the server's time zone. */
  schedule: string;
  description: string;
  /** `signal` is aborted when the run must stop: its lock's database session was lost (src/jobs/job-runs.ts). */
  run: (deps: JobDeps, signal?: AbortSignal) => Promise<JobCounts>;
};

/**
 * Every scheduled job, in one place: `npm run worker` schedules them, `npm run cli -- job:run --job NAME`
 * runs one once. (Outbox draining also runs continuously in the worker, between these runs: see src/worker.ts.)
 */
export const JOBS: Record<string, Job> = {
  'search:drain': {
    schedule: '0 * * * * *',
    description: 'Drain the search outbox until it is empty (a safety net for the continuous drain loop).',
    run: async ({ orm, backend, catalog }, signal) => {
      const counts = { batches: 0, written: 0, deleted: 0 };
      for (;;) {
        signal?.throwIfAborted();
        const result = await drainOutboxBatch(orm, backend, catalog);
        if (result.error) throw new Error(`search backend refused a batch: ${result.error}`);
        if (!result.claimed) return counts;
        counts.batches++;
        counts.written += result.written;
        counts.deleted += result.deleted;
      }
    },
  },
  'search:resync': {
    schedule: '0 0 1 * * *',
    description: 'Rewrite every search document from the database (nightly, 01:00, as Data Hub).',
    run: async ({ orm, backend, catalog }) => syncAll(orm, backend, catalog),
  },
};

export const JOB_NAMES = Object.keys(JOBS);
