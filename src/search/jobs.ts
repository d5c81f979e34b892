import type { Job } from '../jobs/job.js';
import { drainOutboxBatch } from './outbox.js';
import { syncAll } from './sync.js';

/**
 * Search's scheduled jobs (the search module declares them). Outbox draining also runs continuously in the
 * worker, between these runs: see src/worker.ts.
 */
export const searchJobs: Record<string, Job> = {
  'search:drain': {
    schedule: '0 * * * * *',
    description: 'Drain the search outbox until it is empty (a safety net for the continuous drain loop).',
    run: async ({ orm, backend, catalog }, { signal }) => {
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
    // 00:30, not Data Hub's 01:00: 01:00 London does not exist on the spring change's day (src/jobs/scheduler.ts).
    schedule: '0 30 0 * * *',
    description: 'Rewrite every search document from the database (nightly, 00:30).',
    run: async ({ orm, backend, catalog }) => syncAll(orm, backend, catalog),
  },
};
