import type { Orm } from '../db/orm-type.js';
import { isConnectionLost } from '../db/unavailable.js';
import type { Logger } from '../logger.js';
import type { SearchCatalog } from './catalog.js';
import { drainOutboxBatch } from './outbox.js';
import type { SearchBackend } from './search.types.js';

export type DrainStats = { batches: number; written: number; deleted: number; failures: number; lagP50Ms: number | null; lagP95Ms: number | null; lastError: string | null };

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);

/**
 * Drains the search outbox in a loop: batch after batch while there is work, then a short sleep. The lag
 * of the last 1,000 rows (commit to written) is kept for `stats()`. A failing backend is logged once per
 * streak, and its rows wait their back-off in the outbox.
 */
export function startDrainer(orm: Orm, backend: SearchBackend, catalog: SearchCatalog, logger: Logger, options: { idleMs?: number; batchSize?: number } = {}) {
  const idleMs = options.idleMs ?? 200;
  const lags: number[] = [];
  const totals = { batches: 0, written: 0, deleted: 0, failures: 0, lastError: null as string | null };
  let running = true;
  let wake: (() => void) | undefined;
  let failing = false;
  let databaseAway = false;

  const loop = (async () => {
    while (running) {
      let busy = false;
      try {
        const result = await drainOutboxBatch(orm, backend, catalog, options.batchSize);
        if (databaseAway) logger.info('search outbox: the database is back');
        databaseAway = false;
        if (result.error) {
          totals.failures++;
          totals.lastError = result.error;
          if (!failing) logger.warn('search outbox: the backend refused a batch; it will be retried', { error: result.error });
          failing = true;
        } else if (result.claimed) {
          if (failing) logger.info('search outbox: the backend is back');
          failing = false;
          busy = true;
          totals.batches++;
          totals.written += result.written;
          totals.deleted += result.deleted;
          lags.push(...result.lagsMs);
          if (lags.length > 1000) lags.splice(0, lags.length - 1000);
        }
      } catch (error) {
        // The database itself failed (restarting, failing over, closing down): wait and try again, saying so
        // once per outage. Rows claimed when it went are leased: they come back when their lease ends.
        if (running && !databaseAway) logger.warn('search outbox: drain failed', { error: error instanceof Error ? error.message : String(error) });
        databaseAway = isConnectionLost(error);
      }
      if (!busy && running) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, idleMs)));
      // Between full batches, the event loop's turn: embedded PGlite answers in promises alone, so without
      // it a backlog held the process (a first start did not listen until the demo outbox was drained).
      else if (running) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();

  return {
    stats(): DrainStats {
      const sorted = [...lags].sort((a, b) => a - b);
      return { ...totals, lagP50Ms: percentile(sorted, 50), lagP95Ms: percentile(sorted, 95) };
    },
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
    },
  };
}

export type Drainer = ReturnType<typeof startDrainer>;
