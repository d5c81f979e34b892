import { setImmediate as nextTurn } from 'node:timers/promises';
import { currentBudget } from './request-budget.js';

/**
 * Requests' reads on embedded PGlite, one at a time, each checking its request's budget when its turn comes.
 *
 * PGlite runs PostgreSQL in this thread: a statement blocks the event loop until it ends, and neither
 * statement_timeout (no timer signal in WASM; measured: ignored) nor a cancel can stop it. What can be done
 * is between statements: a request's statements asked for together (aliases, sibling fields) would all be
 * queued inside PGlite at once, past any check, so they queue here instead, and each looks at the clock and
 * at the client (a turn of the event loop first lets a disconnect be seen) just before it runs. A request
 * out of budget, or whose client left, then runs no more statements. PGlite ran them one at a time anyway.
 *
 * The string-length caps on filters (src/db/filter.ts) are what bound a single embedded statement.
 */
const queues = new WeakMap<object, Promise<unknown>>();

export function embeddedRead<T>(connection: object, run: () => Promise<T>): Promise<T> {
  const budget = currentBudget();
  if (!budget) return run();
  const turn = (queues.get(connection) ?? Promise.resolve()).then(async () => {
    await nextTurn();
    budget.throwIfSpent();
    return run();
  });
  queues.set(connection, turn.catch(() => undefined));
  return turn;
}
