import pg from 'pg';
import { sendCancelRequest } from './cancel-statement.js';
import { currentBudget, queryTimeout, type RequestBudget } from './request-budget.js';
import { CallerGate } from './caller-gate.js';
import { countStatement } from './sql-stats.js';
import { isQueryCanceled, SERVER_CONNECTION_OPTIONS } from './unavailable.js';
import { RAW_TIME_TYPES } from './time-types.js';

const types = new pg.TypeOverrides();
for (const oid of RAW_TIME_TYPES) types.setTypeParser(oid, (value: string) => value);

/** At most this many statement texts are prepared per connection; texts past it run unprepared. */
const MAX_PREPARED = 500;
/** How often a statement its budget stopped is asked again to cancel, until it ends. */
const CANCEL_AGAIN_MS = 200;

export type ServerReaderOptions = {
  /**
   * The longest a read statement may run, in ms (PostgreSQL's statement_timeout on every connection of
   * the pool); 0 = no limit. Past it the server stops the statement and the read fails with QUERY_TIMEOUT.
   */
  statementTimeoutMs?: number;
  /** At most this many connections per caller at once (READ_CONNECTIONS_PER_CALLER); 0 = no limit. */
  connectionsPerCaller?: number;
};

/**
 * The read side's own pool on a PostgreSQL server: statements go out with protocol-level parameters and
 * as named prepared statements, so the server parses each statement text once per connection instead of
 * once per request (MikroORM inlines parameters into the text, which makes every batch a new statement). Writes, and reads inside a write's transaction, stay on MikroORM's connection.
 *
 * A statement is bounded twice: by statement_timeout, on the server, and by its request's budget
 * (src/db/request-budget.ts): when the request runs out of time or its client goes away, the statements it
 * still runs are cancelled and the ones it would start are refused.
 */
export class ServerReader {
  private readonly pool: pg.Pool;
  private readonly prepared = new Map<string, { name?: string; text: string }>();
  private readonly statementTimeoutMs: number;

  private readonly gate: CallerGate;

  constructor(url: string, size: number, { statementTimeoutMs = 0, connectionsPerCaller = 0 }: ServerReaderOptions = {}) {
    this.statementTimeoutMs = statementTimeoutMs;
    this.gate = new CallerGate(connectionsPerCaller);
    // JIT off: it is for long analytical queries. A broad search's plan costs past jit_above_cost, and
    // compiling it took up to 350 ms on top of a 100 ms query (large data; auto_explain's JIT timing).
    this.pool = new pg.Pool({
      connectionString: url,
      max: size,
      types,
      options: '-c jit=off',
      // Sent as a startup parameter: no statement of its own, and it holds even when this process cannot act
      // (its event loop busy, or the process gone). A hostile pattern once held a connection for 160 s.
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
      ...SERVER_CONNECTION_OPTIONS,
    });
    // An idle connection the server drops (a restart, a failover, pg_terminate_backend) is reported as an
    // 'error' event on the pool, and an 'error' event nobody listens to kills the process. The pool has
    // already discarded that connection; a query in flight rejects on its own (and pg-pool guards the
    // clients it lends for `pool.query`), so there is nothing more to do.
    this.pool.on('error', () => undefined);
  }

  /**
   * `prepare: false` for statements whose plan depends on the values (a filtered, ordered list): once a
   * statement is prepared, PostgreSQL may switch to a generic plan that guesses filter selectivity (it
   * took "country = $1" for 38 rows when it matched 15,000, then sorted them all to return 50).
   */
  async query(text: string, params: readonly unknown[], prepare = true): Promise<Record<string, any>[]> {
    const budget = currentBudget();
    budget?.throwIfSpent();
    const statement = prepare ? this.statementFor(text) : { text: this.numbered(text) };
    const leave = budget?.caller ? await this.gate.enter(budget.caller, budget) : undefined;
    try {
      return await this.run(statement, params, budget);
    } finally {
      leave?.();
    }
  }

  private async run(statement: { name?: string; text: string }, params: readonly unknown[], budget: RequestBudget | undefined): Promise<Record<string, any>[]> {
    const client = await this.pool.connect();
    // Waiting for the connection may have used up what was left of the budget.
    if (budget?.end) {
      client.release();
      throw budget.error();
    }
    // A connection lost while checked out is reported as an 'error' event too; the query rejects with it.
    const ignore = () => undefined;
    client.on('error', ignore);
    let cancelled = false;
    let failure: Error | undefined;
    try {
      countStatement();
      let again: NodeJS.Timeout | undefined;
      const stopWatching = budget?.watch(() => {
        cancelled = true;
        sendCancelRequest(client);
        // PostgreSQL drops a cancel that arrives while the backend is between messages (the statement not yet
        // started): asked once, such a statement ran to its end. Ask again until the statement is over.
        again = setInterval(() => sendCancelRequest(client), CANCEL_AGAIN_MS);
      });
      try {
        return (await client.query({ name: statement.name, text: statement.text, values: params as unknown[] })).rows;
      } finally {
        stopWatching?.();
        clearInterval(again);
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw this.explain(error, cancelled, budget);
    } finally {
      client.off('error', ignore);
      // A failed statement's connection is discarded, as pg's pool.query does; so is one a cancel was sent
      // for, even if the statement finished first: a late cancel would stop the connection's next statement.
      client.release(cancelled ? new Error('a cancel request was sent on this connection') : failure);
    }
  }

  /** A read that failed: QUERY_TIMEOUT when it was stopped for taking too long, or for a client that left. */
  private explain(error: unknown, cancelled: boolean, budget?: RequestBudget): unknown {
    if (cancelled && budget) return budget.error();
    if (isQueryCanceled(error)) return queryTimeout('STATEMENT_TIMEOUT', this.statementTimeoutMs || undefined);
    return error;
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private numbered(text: string): string {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  }

  /** `?` placeholders (the read model's) become `$1, $2, ...`; the first texts seen get a prepared name. */
  private statementFor(text: string): { name?: string; text: string } {
    let statement = this.prepared.get(text);
    if (!statement) {
      const numbered = this.numbered(text);
      statement = this.prepared.size < MAX_PREPARED ? { name: `crm_read_${this.prepared.size}`, text: numbered } : { text: numbered };
      if (statement.name) this.prepared.set(text, statement);
    }
    return statement;
  }
}

const readers = new WeakMap<object, ServerReader>();

/** Registers the reader for an ORM's connection, so `readerFor(em.getConnection())` finds it. */
export function attachReader(connection: object, reader: ServerReader): void {
  readers.set(connection, reader);
}

export function readerFor(connection: object): ServerReader | undefined {
  return readers.get(connection);
}
