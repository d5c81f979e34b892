import pg from 'pg';
import { countStatement } from './sql-stats.js';
import { SERVER_CONNECTION_OPTIONS } from './unavailable.js';
import { RAW_TIME_TYPES } from './time-types.js';

const types = new pg.TypeOverrides();
for (const oid of RAW_TIME_TYPES) types.setTypeParser(oid, (value: string) => value);

/** At most this many statement texts are prepared per connection; texts past it run unprepared. */
const MAX_PREPARED = 500;

/**
 * The read side's own pool on a PostgreSQL server: statements go out with protocol-level parameters and
 * as named prepared statements, so the server parses each statement text once per connection instead of
 * once per request (MikroORM inlines parameters into the text, which makes every batch a new statement). Writes, and reads inside a write's transaction, stay on MikroORM's connection.
 */
export class ServerReader {
  private readonly pool: pg.Pool;
  private readonly prepared = new Map<string, { name?: string; text: string }>();

  constructor(url: string, size: number) {
    // JIT off: it is for long analytical queries. A broad search's plan costs past jit_above_cost, and
    // compiling it took up to 350 ms on top of a 100 ms query (large data; auto_explain's JIT timing).
    this.pool = new pg.Pool({ connectionString: url, max: size, types, options: '-c jit=off', ...SERVER_CONNECTION_OPTIONS });
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
    countStatement();
    const statement = prepare ? this.statementFor(text) : { text: this.numbered(text) };
    const result = await this.pool.query({ name: statement.name, text: statement.text, values: params as unknown[] });
    return result.rows;
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
