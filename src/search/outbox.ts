import type { EntityManager } from '@mikro-orm/core';
import type { Orm } from '../db/orm-type.js';
import { pgTextArray } from '../db/bulk.js';
import type { SearchCatalog } from './catalog.js';
import { documentsFor } from './documents.js';
import type { SearchBackend, SearchEntity } from './search.types.js';

type Claimed = { id: string; entity: SearchEntity; recordId: string; enqueuedOn: Date; attempts: number };

export type DrainResult = {
  /** Outbox rows taken in this batch (several rows for one record count once in `written`). */
  claimed: number;
  written: number;
  deleted: number;
  /** Commit-to-written lag of each claimed row, in ms. */
  lagsMs: number[];
  error?: string;
};

/** How long a claimed batch is leased: if the drainer dies, its rows come back after this. */
const LEASE_SECONDS = 30;

/**
 * Drains one batch of the search outbox into the backend. Rows are claimed with a lease in one statement
 * (`for update skip locked`, so two drainers never take the same rows and no transaction stays open while
 * the backend is called), their records' documents are built in one statement per entity, written in one
 * bulk call, and the rows are deleted. When the backend fails, the rows stay, with the error, and come back
 * after a back-off: writes keep succeeding while the backend is down, and the outbox drains when it returns.
 */
export async function drainOutboxBatch(orm: Orm, backend: SearchBackend, catalog: SearchCatalog, batchSize = 1000): Promise<DrainResult> {
  const em = orm.em.fork();
  const connection = em.getConnection();
  const claimed = (await connection.execute(
    `update search_outbox set available_on = clock_timestamp() + interval '${LEASE_SECONDS} seconds', attempts = attempts + 1
      where id in (select id from search_outbox where available_on <= clock_timestamp() order by id limit ? for update skip locked)
      returning id, entity, record_id as "recordId", enqueued_on as "enqueuedOn", attempts`,
    [batchSize],
    'all',
  )) as Claimed[];
  if (!claimed.length) return { claimed: 0, written: 0, deleted: 0, lagsMs: [] };
  const rowIds = pgTextArray(claimed.map((c) => String(c.id)));
  const byEntity = new Map<SearchEntity, Set<string>>();
  for (const c of claimed) {
    const ids = byEntity.get(c.entity) ?? new Set<string>();
    ids.add(c.recordId);
    byEntity.set(c.entity, ids);
  }
  try {
    let written = 0;
    let deleted = 0;
    const gone: Array<{ entity: SearchEntity; id: string }> = [];
    const documents = [];
    for (const [entity, ids] of byEntity) {
      const built = await documentsFor(em, catalog.mapping(entity), [...ids]);
      documents.push(...built.documents);
      gone.push(...built.missing.map((id) => ({ entity, id })));
    }
    await backend.write(documents, gone);
    written = documents.length;
    deleted = gone.length;
    await connection.execute('delete from search_outbox where id = any(?::bigint[])', [rowIds], 'run');
    const now = Date.now();
    return { claimed: claimed.length, written, deleted, lagsMs: claimed.map((c) => now - new Date(c.enqueuedOn).getTime()) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Back-off per row, by its own attempts: 1 s, 2 s, 4 s, ... up to 5 minutes (the lease is replaced).
    await connection.execute(
      `update search_outbox set last_error = ?, available_on = clock_timestamp() + make_interval(secs => least(300, power(2, greatest(0, attempts - 1))))
        where id = any(?::bigint[])`,
      [message.slice(0, 1000), rowIds],
      'run',
    );
    return { claimed: claimed.length, written: 0, deleted: 0, lagsMs: [], error: message };
  }
}

export type OutboxStatus = { depth: number; oldestPendingSeconds: number | null; failing: number; lastError: string | null };

/** How far behind search is: rows waiting, the oldest one's age, and rows that have failed at least once. */
export async function outboxStatus(em: EntityManager): Promise<OutboxStatus> {
  const [row] = (await em.getConnection().execute(
    `select count(*)::int as depth,
            extract(epoch from clock_timestamp() - min(enqueued_on))::float8 as "oldestPendingSeconds",
            count(*) filter (where last_error is not null)::int as failing,
            (select last_error from search_outbox where last_error is not null order by id desc limit 1) as "lastError"
       from search_outbox`,
    [],
    'all',
  )) as OutboxStatus[];
  return row;
}
