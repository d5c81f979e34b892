import { isConnectionLost } from './db/unavailable.js';
import type { Logger } from './logger.js';

/**
 * What a long-running process does with an error nothing caught: `continue` when it only says the database
 * connection was lost (an 'error' event or a rejection some driver left unhandled while the database
 * restarted: the state of the process is intact, requests answer SERVICE_UNAVAILABLE and recover by
 * themselves), `exit` for anything else (a bug: the process may be in a state nobody planned for).
 */
export function uncaughtOutcome(error: unknown): 'continue' | 'exit' {
  return isConnectionLost(error) ? 'continue' : 'exit';
}

/**
 * Installs the api's and the worker's last line of defence: a lost database connection that escaped every
 * handler is logged and survived; anything else is logged with its stack and ends the process (exit code 1),
 * as Node would, so a supervisor restarts it.
 */
export function guardProcess(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  const handle = (kind: string) => (error: unknown) => {
    const detail = { kind, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    if (uncaughtOutcome(error) === 'continue') {
      logger.warn('database connection lost outside any request; carrying on', detail);
      return;
    }
    logger.error('uncaught error; exiting', detail);
    exit(1);
  };
  process.on('uncaughtException', handle('uncaughtException'));
  process.on('unhandledRejection', handle('unhandledRejection'));
}
