import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventSubscriber } from '@mikro-orm/core';

const storage = new AsyncLocalStorage<() => void>();

/**
 * Runs `fn` with `onWrite` called after each write it makes through the ORM (every flush, and again when
 * its transaction commits). A GraphQL request empties its DataLoaders there: a row read before a write (by
 * the first of two mutations, or by a field of the first one's result) must not be what a later field of
 * the same request reads back.
 */
export function withWriteListener<T>(onWrite: () => void, fn: () => T): T {
  return storage.run(onWrite, fn);
}

/** Tells the current scope's listener, if any, that the database changed (a write not made by a flush calls it itself). */
export function notifyWrite(): void {
  storage.getStore()?.();
}

/** Tells the current scope's listener after each flush and commit. */
export class WriteNotifier implements EventSubscriber {
  afterFlush(): void {
    notifyWrite();
  }

  afterTransactionCommit(): void {
    notifyWrite();
  }
}
