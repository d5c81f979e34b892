import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request SQL statement counter; MikroORM's `onQuery` hook feeds it for every statement. */
export type SqlStats = { statements: number };

const storage = new AsyncLocalStorage<SqlStats>();

export function withSqlStats<T>(fn: () => T): { stats: SqlStats; result: T } {
  const stats: SqlStats = { statements: 0 };
  const result = storage.run(stats, fn);
  return { stats, result };
}

export function runWithSqlStats<T>(stats: SqlStats, fn: () => T): T {
  return storage.run(stats, fn);
}

export function countStatement(): void {
  const stats = storage.getStore();
  if (stats) stats.statements++;
}
