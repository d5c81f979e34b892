import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { AppError } from '../errors.js';

/**
 * A request's time budget: how long its statements (SQL and search) may take altogether, and whether its
 * client is still there. The api gives every GraphQL request one (REQUEST_TIME_BUDGET_MS); the read side
 * finds it here, as the SQL statement counter is found (src/db/sql-stats.ts), so no signature changes.
 *
 * Once the budget is spent (the deadline passed, or the client went away) the request's statements still
 * running are cancelled and any it starts afterwards are refused, all with QUERY_TIMEOUT: a hostile request
 * stops holding connections and CPU, and nobody's work goes on for a client that left.
 */

/**
 * Why a request's statements were stopped: its time ran out, its client went away, or it was answered while
 * some still ran (a non-null field that failed nulls the whole response at once, and the other fields'
 * statements would otherwise run on for nobody).
 */
export type BudgetEnd = 'REQUEST_TIME_BUDGET' | 'CLIENT_DISCONNECTED' | 'ANSWERED';

/** Why one statement was stopped: its request's budget, or its own length (STATEMENT_TIMEOUT_MS on the server). */
export type QueryTimeoutReason = BudgetEnd | 'STATEMENT_TIMEOUT';

const MESSAGES: Record<QueryTimeoutReason, (limitMs?: number) => string> = {
  STATEMENT_TIMEOUT: (ms) => `A database statement ran longer than ${ms === undefined ? 'allowed' : `${ms} ms`} and was stopped; ask for less (a narrower filter, a smaller page).`,
  REQUEST_TIME_BUDGET: (ms) => `The request used up its ${ms} ms time budget and its remaining statements were stopped; ask for less in one request.`,
  CLIENT_DISCONNECTED: () => 'The client went away, so the request was stopped.',
  ANSWERED: () => 'The request was answered before this statement ended, so it was stopped.',
};

/** The coded error of a stopped statement (HTTP 504 when no root field has data; src/graphql/format-error.ts). */
export const queryTimeout = (reason: QueryTimeoutReason, limitMs?: number) =>
  new AppError('QUERY_TIMEOUT', MESSAGES[reason](limitMs), { reason, ...(limitMs === undefined ? {} : { limitMs }) });

export class RequestBudget {
  private readonly deadline: number;
  /**
   * The running statements' stops, called once when the budget ends. A set, not an AbortController: aborting
   * one without a reason builds a DOMException with its stack on every request's end (0.8 % of a company
   * page's CPU in a profile).
   */
  private readonly stops = new Set<() => void>();
  private ended?: BudgetEnd;

  /** `clock` is monotonic milliseconds; the budget uses the real one even in tests (its timers are real). */
  constructor(
    readonly limitMs: number,
    private readonly clock: () => number = () => performance.now(),
    /** Who the request is for (src/auth/rate-limit.ts callerKey): read connections are shared out per caller. */
    readonly caller?: string,
  ) {
    this.deadline = clock() + limitMs;
  }

  /** Why the budget is spent, or undefined while it is not. */
  get end(): BudgetEnd | undefined {
    if (!this.ended && this.clock() >= this.deadline) this.finish('REQUEST_TIME_BUDGET');
    return this.ended;
  }

  private finish(reason: BudgetEnd): void {
    if (this.ended) return;
    this.ended = reason;
    for (const stop of this.stops) stop();
    this.stops.clear();
  }

  remainingMs(): number {
    return this.end ? 0 : Math.max(0, this.deadline - this.clock());
  }

  /** The request is over (its client went away, or it was answered): stop everything it still runs. */
  stop(reason: 'CLIENT_DISCONNECTED' | 'ANSWERED'): void {
    this.finish(reason);
  }

  /** The QUERY_TIMEOUT error for a statement this budget stopped or refuses. */
  error(): AppError {
    return queryTimeout(this.end ?? 'REQUEST_TIME_BUDGET', this.limitMs);
  }

  /** Throws QUERY_TIMEOUT once the budget is spent: a statement about to start is refused. */
  throwIfSpent(): void {
    if (this.end) throw this.error();
  }

  /**
   * Calls `stop` (once) if the budget ends while a statement runs: at the deadline, or when the request is
   * over. Returns the function to call when the statement is over.
   */
  watch(stop: () => void): () => void {
    if (this.end) {
      stop();
      return () => undefined;
    }
    const onEnd = () => stop();
    this.stops.add(onEnd);
    // Ending the budget (not only stopping this statement) also stops the request's other statements.
    const timer = setTimeout(() => this.finish('REQUEST_TIME_BUDGET'), this.remainingMs() + 1);
    return () => {
      clearTimeout(timer);
      this.stops.delete(onEnd);
    };
  }
}

const storage = new AsyncLocalStorage<RequestBudget>();

/** Runs `fn` (a request's execution) with this budget for every statement it starts. */
export function withRequestBudget<T>(budget: RequestBudget, fn: () => T): T {
  return storage.run(budget, fn);
}

/** The budget of the request this code runs for; undefined outside requests (the worker, the CLI, jobs). */
export function currentBudget(): RequestBudget | undefined {
  return storage.getStore();
}
