import { isConnectionLost } from '../db/unavailable.js';
import type { Logger } from '../logger.js';
import { drainEmails, type DrainEmailOptions, type EmailDrainResult } from './outbox.js';

export type EmailDrainStats = EmailDrainResult & { lastError: string | null };

/**
 * The worker's email drain: `drainEmails` again and again, with a sleep when nothing was due. A database that
 * goes away is logged once per outage and waited out (a row it held stays leased, see src/email/outbox.ts);
 * the totals are for the worker's periodic log line.
 */
export function startEmailDrainer(options: DrainEmailOptions & { logger: Logger; idleMs?: number }) {
  const idleMs = options.idleMs ?? 1000;
  const totals: EmailDrainStats = { sent: 0, logged: 0, retried: 0, failed: 0, expired: 0, lastError: null };
  let running = true;
  let wake: (() => void) | undefined;
  let databaseAway = false;

  const loop = (async () => {
    while (running) {
      let busy = false;
      try {
        const result = await drainEmails(options);
        if (databaseAway) options.logger.info('email outbox: the database is back');
        databaseAway = false;
        for (const key of ['sent', 'logged', 'retried', 'failed', 'expired'] as const) totals[key] += result[key];
        if (result.expired) options.logger.warn('email outbox: emails left mid-send by a stopped drain were recorded failed (OUTCOME_UNKNOWN), not resent', { count: result.expired });
        busy = result.sent + result.logged + result.retried + result.failed > 0;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        totals.lastError = message;
        if (running && !databaseAway) options.logger.warn('email outbox: drain failed', { error: message });
        databaseAway = isConnectionLost(error);
      }
      if (!busy && running) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, idleMs)));
    }
  })();

  return {
    stats: (): EmailDrainStats => ({ ...totals }),
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      options.mailer.close();
    },
  };
}

export type EmailDrainer = ReturnType<typeof startEmailDrainer>;
