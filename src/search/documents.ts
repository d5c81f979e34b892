import type { EntityManager } from '@mikro-orm/core';
import { idIn, query } from '../db/read-model.js';
import type { DocumentRow } from './mapping.js';
import { SEARCH_MAPPINGS } from './registry.js';
import type { SearchDocument, SearchEntity } from './search.types.js';

/**
 * The documents of these records, built in one statement, and the ids that no longer exist (to delete from
 * the index). Both the outbox drain and the full resync write through here.
 */
export async function documentsFor(em: EntityManager, entity: SearchEntity, ids: readonly string[]): Promise<{ documents: SearchDocument[]; missing: string[] }> {
  if (!ids.length) return { documents: [], missing: [] };
  const rows = (await query(em, SEARCH_MAPPINGS[entity].documentsSql(idIn('t.id', ids)))) as DocumentRow[];
  const found = new Set(rows.map((r) => r.id));
  const documents = rows.map(({ id, doc }) => ({ entity, id, ...doc }));
  return { documents, missing: ids.filter((id) => !found.has(id)) };
}
