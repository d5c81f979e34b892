import type { SearchMapping } from './mapping.js';
import type { SearchEntity } from './search.types.js';

/**
 * The searchable entities and their mappings, as the modules' manifests declare them (`search`). Search is
 * given it (the service, the outbox drain, the resync, the CLI, the OpenSearch indices) instead of importing
 * any module; the composition root builds it from the module list (src/system.ts).
 */
export type SearchCatalog = {
  /** Every searchable entity, by `position`: global search's order. */
  readonly entities: readonly SearchEntity[];
  /** Their mappings, in the same order. */
  readonly mappings: readonly SearchMapping[];
  /** The entity's mapping; an entity no module declares is a programming error, thrown. */
  mapping(entity: SearchEntity): SearchMapping;
  /** The mapping of a name from outside (a URL, a flag), or undefined when no entity is called that. */
  find(entity: string): SearchMapping | undefined;
};

/** Where a mapping's name ends up (index names, `/export/<entity>.csv`): lower-case letters only. */
const ENTITY_NAME = /^[a-z]+$/;

function assertDistinct(mappings: readonly SearchMapping[], key: 'entity' | 'typeName' | 'query' | 'position') {
  const seen = new Set<unknown>();
  for (const mapping of mappings) {
    if (seen.has(mapping[key])) throw new Error(`Two search mappings have the ${key} ${String(mapping[key])}`);
    seen.add(mapping[key]);
  }
}

/** The catalog of the mappings these manifests declare, checked: names that fit, none twice. */
export function searchCatalogOf(manifests: ReadonlyArray<{ search?: SearchMapping }>): SearchCatalog {
  const mappings = manifests.flatMap((m) => (m.search ? [m.search] : [])).sort((a, b) => a.position - b.position);
  for (const m of mappings) if (!ENTITY_NAME.test(m.entity)) throw new Error(`A search entity is named in lower-case letters, not ${m.entity}`);
  for (const key of ['entity', 'typeName', 'query', 'position'] as const) assertDistinct(mappings, key);
  const byEntity = new Map(mappings.map((m) => [m.entity, m]));
  return {
    entities: mappings.map((m) => m.entity),
    mappings,
    mapping(entity) {
      const mapping = byEntity.get(entity);
      if (!mapping) throw new Error(`No module declares the search entity ${entity}`);
      return mapping;
    },
    find: (entity) => byEntity.get(entity),
  };
}
