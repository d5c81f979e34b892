import type { Client } from '@opensearch-project/opensearch';
import type { DocSort } from '../search.types.js';
import { field } from './queries.js';

/** How long a sort field's mapped type is remembered (mappings only grow; a reindex may change a type). */
const SORT_TYPE_TTL_MS = 60_000;

/** The mapped type of each sort field in these indices (field_caps, cached), for `unmapped_type`. */
export function createSortTypes(client: Client) {
  const sortTypeCache = new Map<string, { type: string; until: number }>();
  async function sortTypes(index: string, sort: DocSort[]): Promise<Record<string, string>> {
    const types: Record<string, string> = {};
    const now = Date.now();
    const unknown: string[] = [];
    for (const s of sort) {
      const cached = sortTypeCache.get(`${index}|${s.field}`);
      if (cached && cached.until > now) types[s.field] = cached.type;
      else unknown.push(s.field);
    }
    if (!unknown.length) return types;
    const { body } = await client.fieldCaps({ index, fields: unknown.map(field), ignore_unavailable: true, allow_no_indices: true });
    for (const name of unknown) {
      const mapped = Object.keys(body.fields?.[field(name)] ?? {}).filter((t) => t !== 'unmapped');
      types[name] = mapped.length === 1 ? mapped[0] : 'keyword';
      sortTypeCache.set(`${index}|${name}`, { type: types[name], until: now + SORT_TYPE_TTL_MS });
    }
    return types;
  }
  return { get: sortTypes, clear: () => sortTypeCache.clear() };
}
