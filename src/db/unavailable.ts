import { ConnectionException } from '@mikro-orm/core';
import type pg from 'pg';
import { AppError } from '../errors.js';
import { queryTimeout } from './request-budget.js';

/**
 * Options of every pg pool and client on a server: a request waits at most 5 s for a connection (then it
 * answers SERVICE_UNAVAILABLE rather than hang while the server is away), and TCP keep-alive, from 10 s of
 * silence, lets the kernel notice (in minutes, not hours) a server that vanished without closing the socket.
 */
export const SERVER_CONNECTION_OPTIONS = { connectionTimeoutMillis: 5_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as const;

/**
 * Hands a checked-out connection back to its pool, as broken, the moment its socket closes; the holder's own
 * release afterwards does nothing. MikroORM's pool needs it: Kysely (MikroORM 7's SQL layer) releases a
 * transaction's connection only once its BEGIN, COMMIT or ROLLBACK has succeeded, so a connection lost
 * mid-transaction stayed checked out for good, and once the pool's size of them had piled up (one database
 * restart under load is enough) every request waited for a connection that never came, until the process
 * was restarted.
 */
export function releaseLostConnections(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient>;
  pool.connect = ((callback?: unknown) => {
    // The callback form is pg-pool's own (`pool.query`), which releases in every case.
    if (callback) return connect(callback);
    return connect().then((client) => {
      const release = client.release.bind(client);
      let released = false;
      const lost = () => {
        if (released) return;
        released = true;
        release(new Error('the connection closed while it was checked out'));
      };
      client.once('end', lost);
      client.release = (error?: Error | boolean) => {
        client.off('end', lost);
        if (released) return;
        released = true;
        release(error);
      };
      return client;
    });
  }) as typeof pool.connect;
}

/** What a client is told to wait before retrying while the database is away (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 2;

/**
 * SQLSTATEs of a lost or refused connection: the server shutting down or restarting (57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now, e.g. "the database system is starting up"), and the
 * connection_exception class (08000, 08003, 08006, 08001, 08004).
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** Socket errors of a database that is down, restarting or out of reach. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What `pg` and `pg-pool` say when a connection died under them or could not be made in time. */
const MESSAGES = [
  /Connection terminated/i,
  /Client has encountered a connection error and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /server closed the connection unexpectedly/i,
  // 55000, a class too broad to take whole: the database is being maintained (ALLOW_CONNECTIONS false).
  /database ".*" is not currently accepting connections/i,
];

/**
 * Whether an error means "the database is not there just now" rather than "this request is wrong": the
 * connection was lost, refused, or timed out. Looks through MikroORM's wrappers (DriverException copies the
 * driver error's `code`), `cause` chains and AggregateErrors (a refused connect to each of a host's addresses).
 */
export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (error instanceof ConnectionException) return true;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SQLSTATES.has(code) || SOCKET_CODES.has(code))) return true;
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  if (cause && isConnectionLost(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((e) => isConnectionLost(e, depth + 1));
}

/**
 * Whether an error is a statement the server cancelled (SQLSTATE 57014 query_canceled): statement_timeout
 * ran out, or a cancel request stopped it. Not a lost connection, and not an internal error either: the
 * statement asked for too much (QUERY_TIMEOUT). Looks through wrappers and causes as isConnectionLost does.
 */
export function isQueryCanceled(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return code === '57014' || (!!cause && isQueryCanceled(cause, depth + 1));
}

/** The QUERY_TIMEOUT AppError a cancelled statement stands for (one that did not go through the read pool). */
export function asQueryTimeout(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error.code === 'QUERY_TIMEOUT' ? error : undefined;
  return isQueryCanceled(error) ? queryTimeout('STATEMENT_TIMEOUT') : undefined;
}

export const databaseUnavailable = () =>
  new AppError('SERVICE_UNAVAILABLE', `The database is unavailable just now; retry in a few seconds.`, {
    reason: 'DATABASE_UNAVAILABLE',
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

/**
 * The SERVICE_UNAVAILABLE AppError an error stands for, if it stands for one: an AppError of that code as it
 * is (a search backend that is down), a lost database connection as `databaseUnavailable()`; else undefined.
 */
export function asServiceUnavailable(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error.code === 'SERVICE_UNAVAILABLE' ? error : undefined;
  return isConnectionLost(error) ? databaseUnavailable() : undefined;
}

/**
 * Runs `fn` again while it fails only because the database is away, with a growing pause (250 ms doubling
 * to 5 s), for at most `giveUpAfterMs`; any other failure, or the last one, is thrown. For the few writes
 * that must land once the database is back, such as a job run's outcome.
 */
export async function retryWhileUnavailable<T>(
  fn: () => Promise<T>,
  { giveUpAfterMs = 10 * 60_000, now = Date.now, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = {},
): Promise<T> {
  const deadline = now() + giveUpAfterMs;
  for (let pause = 250; ; pause = Math.min(pause * 2, 5_000)) {
    try {
      return await fn();
    } catch (error) {
      if (!isConnectionLost(error) || now() + pause > deadline) throw error;
      await sleep(pause);
    }
  }
}
