import type { Orm } from '../db/orm-type.js';
import type { SearchCatalog } from './catalog.js';
import { documentsFor } from './documents.js';
import type { SearchMapping } from './mapping.js';
import type { SearchBackend, SearchDocument, SearchEntity } from './search.types.js';

export type SyncProgress = { entity: SearchEntity; done: number; total: number };

/**
 * Rewrites every document of these entities from the database, in batches (ids in keyset order, one
 * statement to build a batch's documents, one bulk write): the nightly resync and `search:sync`. Outbox
 * rows enqueued meanwhile are drained as usual; writing a document twice is harmless.
 */
export async function syncAll(
  orm: Orm,
  backend: SearchBackend,
  catalog: SearchCatalog,
  options: { entities?: readonly SearchEntity[]; batchSize?: number; onProgress?: (p: SyncProgress) => void } = {},
): Promise<Record<string, number>> {
  const entities = options.entities ?? catalog.entities;
  const counts: Record<string, number> = {};
  await backend.migrate();
  for (const entity of entities) {
    counts[entity] = await writeEntityDocuments(orm, catalog.mapping(entity), (documents) => backend.write(documents, []), options);
  }
  await backend.refresh();
  return counts;
}

/**
 * Builds every document of one entity from the database, batch by batch, and hands each batch to `write`;
 * returns how many records it read. syncAll writes them through the backend; `search:migrate` backfills a new
 * OpenSearch index with it.
 */
export async function writeEntityDocuments(
  orm: Orm,
  mapping: SearchMapping,
  write: (documents: SearchDocument[]) => Promise<void>,
  options: { batchSize?: number; onProgress?: (p: SyncProgress) => void } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  const em = orm.em.fork();
  const { entity, readModel: { table } } = mapping;
  const [{ total }] = (await em.getConnection().execute(`select count(*)::int as total from "${table}"`, [], 'all')) as Array<{ total: number }>;
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  options.onProgress?.({ entity, done, total });
  for (;;) {
    const rows = (await em.getConnection().execute(`select id from "${table}" where id > ? order by id limit ?`, [after, batchSize], 'all')) as Array<{ id: string }>;
    if (!rows.length) break;
    const { documents } = await documentsFor(em, mapping, rows.map((r) => r.id));
    await write(documents);
    done += rows.length;
    after = rows[rows.length - 1].id;
    options.onProgress?.({ entity, done, total });
  }
  return done;
}
