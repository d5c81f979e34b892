import type { EntityManager } from '@mikro-orm/core';
import { idIn, query } from '../db/read-model.js';
import type { DocumentRow, SearchMapping } from './mapping.js';
import type { SearchDocument } from './search.types.js';

/**
 * The documents of these records of the mapping's entity, built in one statement, and the ids that no longer
 * exist (to delete from the index). Both the outbox drain and the full resync write through here.
 */
export async function documentsFor(em: EntityManager, mapping: SearchMapping, ids: readonly string[]): Promise<{ documents: SearchDocument[]; missing: string[] }> {
  if (!ids.length) return { documents: [], missing: [] };
  const rows = (await query(em, mapping.documentsSql(idIn('t.id', ids)))) as DocumentRow[];
  const found = new Set(rows.map((r) => r.id));
  const documents = rows.map(({ id, doc }) => ({ entity: mapping.entity, id, ...doc }));
  return { documents, missing: ids.filter((id) => !found.has(id)) };
}
