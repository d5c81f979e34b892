import type { EntityManager } from '@mikro-orm/core';
import type { NonceStore } from './hawk.js';

/** Milliseconds as the timestamptz text PostgreSQL reads, whatever the session's time zone. */
const at = (ms: number) => new Date(ms).toISOString();

/**
 * Remembers an (id, nonce) pair, atomically: a new pair is inserted; a pair seen before is taken again only
 * if its row has expired and was not swept yet (the update's `where`), and then a row comes back. Two
 * processes racing on one nonce serialize on the primary key, so exactly one of them gets the row.
 */
const REMEMBER = `insert into "hawk_nonce" ("hawk_id", "nonce", "expires_at") values (?, ?, ?::timestamptz)
  on conflict ("hawk_id", "nonce") do update set "expires_at" = excluded."expires_at" where "hawk_nonce"."expires_at" < ?::timestamptz
  returning 1 as "remembered"`;

const SWEEP = `delete from "hawk_nonce" where "expires_at" < ?::timestamptz`;

/**
 * Hawk nonces in the database (the `hawk_nonce` table), so every api process refuses a request any of them
 * has already served; embedded PGlite has one process, and the same table. A pair is remembered for
 * `windowMs`, which must cover the whole time a timestamp is accepted: 2 × the skew (see createNonceStore).
 *
 * Each process deletes the expired rows itself, at most once per `windowMs` and only when a Hawk request
 * comes (in that request, so no statement runs between requests): the table holds about two windows of
 * traffic. Until then an expired row counts as absent (REMEMBER's update), so sweeping late is harmless.
 * `now` starts the first window, so a process's first request does not sweep.
 */
export function createSharedNonceStore(windowMs: number, now: () => number) {
  let sweptAt = now();
  return function noncesFor(em: EntityManager): NonceStore {
    return {
      async remember(id, nonce, nowMs) {
        const connection = em.getConnection();
        if (nowMs - sweptAt >= windowMs) {
          sweptAt = nowMs;
          await connection.execute(SWEEP, [at(nowMs)], 'run');
        }
        const rows = await connection.execute(REMEMBER, [id, nonce, at(nowMs + windowMs), at(nowMs)], 'all');
        return (rows as unknown[]).length === 1;
      },
    };
  };
}
