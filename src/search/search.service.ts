import { randomUUID } from 'node:crypto';
import { hasPermission } from '../auth/permissions.js';
import { rowFilter } from '../auth/row-rules.js';
import type { Viewer } from '../auth/viewer.js';
import { assertDistinctSortFields, type EntityFilter, type FieldFilter } from '../db/read-model.js';
import { AppError, badInput } from '../errors.js';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '../logger.js';
import type { FieldAccess } from '../auth/field-access.js';
import type { SearchCatalog } from './catalog.js';
import type { Drainer } from './drainer.js';
import { outboxStatus } from './outbox.js';
import { missingViewPermission, viewPermissions, type SearchMapping } from './mapping.js';
import type { DocFilter, DocSort, SearchBackend, SearchEntity, SearchHit, SearchQuery, SearchResult } from './search.types.js';
import { assertKnownFilterValues, docFiltersFromInput, type SearchFilterInput } from './search-filters.js';
import { searchWindow, windowFromEnd, type CursorScope, type SearchPageArgs, type SearchWindow } from './search-pages.js';

export const MAX_TERM_LENGTH = 200;
export { MAX_RESULT_WINDOW, MAX_SEARCH_PAGE } from './search-pages.js';
export { docFiltersFromInput, type SearchFilterInput } from './search-filters.js';

/** The term as backends get it: trimmed, inner whitespace collapsed, and at most MAX_TERM_LENGTH long. */
export function cleanTerm(term: string | null | undefined, required: boolean, argument = 'term'): string {
  const cleaned = (term ?? '').replace(/\s+/g, ' ').trim();
  if (cleaned.length > MAX_TERM_LENGTH) throw badInput([argument], 'TERM_TOO_LONG', `A search ${argument} is at most ${MAX_TERM_LENGTH} characters.`);
  if (required && !cleaned) throw badInput([argument], 'TERM_REQUIRED', `Give a ${argument} to search for.`);
  return cleaned;
}

/**
 * A row-level rule (a filter in the read model's language) as document filters: the documents carry the
 * read model's field under the same name. Only what rules use is translated; anything else fails closed.
 */
export function docFiltersFromRule(filter: EntityFilter | null): DocFilter[] {
  if (!filter) return [];
  const out: DocFilter[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value == null) continue;
    if (key === 'and') {
      out.push(...(value as EntityFilter[]).flatMap(docFiltersFromRule));
      continue;
    }
    const op = value as FieldFilter;
    const keys = Object.keys(op).filter((k) => op[k as keyof FieldFilter] !== undefined);
    if (keys.length === 1 && keys[0] === 'eq' && ['string', 'number', 'boolean'].includes(typeof op.eq)) out.push({ field: key, op: 'eq', value: op.eq as string });
    else if (keys.length === 1 && keys[0] === 'in') out.push({ field: key, op: 'in', value: op.in as string[] });
    else throw new Error(`A row-level rule on ${key} cannot be applied to search documents: ${JSON.stringify(value)}`);
  }
  return out;
}

/** What a caller may search: the entities whose view permission (one of them) it holds, each with its row-level rules. */
export function searchableFor(viewer: Viewer, mapping: SearchMapping): { allowed: boolean; filters: DocFilter[] } {
  if (!viewPermissions(mapping).some((p) => hasPermission(viewer, p))) return { allowed: false, filters: [] };
  return { allowed: true, filters: docFiltersFromRule(rowFilter(viewer, mapping.readModel)) };
}

/**
 * The guarded fields of these mappings' documents that the caller may read, each decided by the rule on that
 * GraphQL field: only their text may match (a search by a contact's name must not find an interaction for a
 * caller who may not read `Interaction.contacts`).
 */
export function readableGuardedFields(fieldAccess: FieldAccess, viewer: Viewer, mappings: readonly SearchMapping[]): string[] {
  const fields = new Set(mappings.flatMap((m) => m.guarded.map((g) => g.field)));
  return [...fields].filter((f) => {
    const dot = f.indexOf('.');
    return fieldAccess(viewer, f.slice(0, dot), f.slice(dot + 1)) === true;
  });
}

export type SearchArgs = SearchPageArgs & { term?: string | null };

export type EntitySearchArgs = SearchArgs & { filter?: SearchFilterInput; orderBy?: Array<{ field: string; direction: 'ASC' | 'DESC' }> | null };

/**
 * Global search's arguments. `filter.archived` is the entity searches' own filter of that name, with the same
 * default (both archived and live records, as Data Hub's search shows them), applied to each entity that has
 * it, so an entity's count here is the totalCount of its own search with the same term and filter.
 */
export type GlobalSearchArgs = SearchArgs & {
  entities?: SearchEntity[] | null;
  filter?: { archived?: boolean | null } | null;
  /** Deprecated: `filter.archived`. true is the default (both); false is `filter: { archived: false }`. */
  includeArchived?: boolean | null;
};

/** A page of results: the backend's answer, where it starts, and what its cursors are made for. */
export type SearchPage = SearchResult & { offset: number; scope: CursorScope };

/** Data Hub's limit on a search export. */
export const EXPORT_LIMIT = 5000;

/** The caller's row rules on one entity it asked for by name; FORBIDDEN when it may not view that entity. */
function requireSearchable(viewer: Viewer, mapping: SearchMapping): DocFilter[] {
  const { allowed, filters } = searchableFor(viewer, mapping);
  if (!allowed) throw missingViewPermission(viewPermissions(mapping));
  return filters;
}

/** Live records only, for an entity that can be archived (autocomplete: pickers offer live records). */
const liveOnly = (mapping: SearchMapping): DocFilter[] => (mapping.readModel.fields.archived ? [{ field: 'archived', op: 'eq', value: false }] : []);

/** Global search's archived option: `filter.archived`, or the deprecated `includeArchived` (false: live only). */
function archivedOption(args: GlobalSearchArgs): boolean | null {
  const archived = args.filter?.archived ?? null;
  if (archived !== null && args.includeArchived != null) {
    throw badInput(['includeArchived'], 'ARCHIVED_TWICE', 'includeArchived is deprecated: use filter.archived alone.');
  }
  return archived ?? (args.includeArchived === false ? false : null);
}

/**
 * A search's filters and sorts test only what the caller may read, by the rule on the GraphQL field that
 * shows each document field (`latestInteractionDate` needs interactions' view permission as a field, so as a
 * filter or a sort too: bisecting on it would otherwise read it). A document field no field shows is refused.
 */
export function assertReadableSearchArguments(fieldAccess: FieldAccess, viewer: Viewer, mapping: SearchMapping, args: EntitySearchArgs, summary = false): void {
  const check = (docField: string | undefined, argument: string[]) => {
    if (docField === undefined) return; // unknown filters and sorts are refused with their own errors
    const field = mapping.shows[docField];
    const answer = field ? fieldAccess(viewer, mapping.typeName, field) : new AppError('FORBIDDEN', `No field shows ${docField}.`);
    if (answer !== true) {
      throw new AppError('FORBIDDEN', `${argument.join('.')}: ${mapping.typeName}.${field ?? docField} is not readable by you, so it cannot be filtered, sorted or summarised on either. ${answer.message}`, {
        ...answer.extensions,
        argument,
      });
    }
  };
  for (const [name, value] of Object.entries(args.filter ?? {})) if (value != null) check(mapping.filters[name]?.field, ['filter', name]);
  (args.orderBy ?? []).forEach((o, i) => check(mapping.sorts[o.field], ['orderBy', String(i), 'field']));
  // Counts per value read the value too.
  if (summary && mapping.summary) check(mapping.summary.field, ['summary']);
}

/** What an entity search's cursors are positions in: its query, in its order. */
const entityScope = (mapping: SearchMapping, args: EntitySearchArgs): CursorScope => ({
  list: mapping.query,
  order: (args.orderBy ?? []).map((o) => `${o.field}:${o.direction}`).join(','),
});

/**
 * An entity search as the backend gets it (its window aside): the caller's row rules, the filters, the sort,
 * every argument checked first, the ids of its filters last (one statement, only when it has id filters).
 */
async function entityQuery(
  em: EntityManager,
  fieldAccess: FieldAccess,
  viewer: Viewer,
  mapping: SearchMapping,
  args: EntitySearchArgs,
  summary = false,
): Promise<Omit<SearchQuery, 'offset' | 'limit'>> {
  const term = cleanTerm(args.term, false);
  const filters = requireSearchable(viewer, mapping);
  assertDistinctSortFields(args.orderBy);
  assertReadableSearchArguments(fieldAccess, viewer, mapping, args, summary);
  const sort: DocSort[] = (args.orderBy ?? []).map((o) => ({ field: mapping.sorts[o.field] ?? o.field, direction: o.direction }));
  const inputFilters = docFiltersFromInput(mapping, args.filter);
  await assertKnownFilterValues(em, viewer, mapping, args.filter);
  return {
    term,
    entities: [{ entity: mapping.entity, filters: [...filters, ...inputFilters] }],
    sort,
    readable: readableGuardedFields(fieldAccess, viewer, [mapping]),
    ...(summary && mapping.summary ? { countValuesOf: mapping.summary.field } : {}),
  };
}

export function createSearchService(catalog: SearchCatalog, backend: SearchBackend, logger: Logger, fieldAccess: FieldAccess, drainer?: Drainer) {
  /** Runs a query on the backend; a failing backend is a coded error (logged with an id), never its own message. */
  async function ask<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AppError) throw error;
      const errorId = randomUUID();
      logger.error('search backend failed', { errorId, backend: backend.name, error: error instanceof Error ? error.message : String(error) });
      throw new AppError('SERVICE_UNAVAILABLE', `Search is unavailable just now; try again shortly (error id ${errorId}).`, { backend: backend.name, errorId });
    }
  }

  /**
   * The page `window` asks for of a query. The end of the results (`last` without `before`) takes two
   * questions: the total first (a page of none), then the page.
   */
  async function paged(query: Omit<SearchQuery, 'offset' | 'limit'>, window: SearchWindow): Promise<SearchResult & { offset: number }> {
    let { offset, limit } = window;
    if (window.fromEnd) {
      const counted = await ask(() => backend.search({ ...query, offset: 0, limit: 0 }));
      ({ offset, limit } = windowFromEnd(window.fromEnd, counted.total));
      if (!limit) return { ...counted, offset };
    }
    return { ...(await ask(() => backend.search({ ...query, offset, limit }))), offset };
  }

  return {
    backend,
    /** The searchable entities and their mappings (the export endpoint finds an entity's here). */
    catalog,

    /** Search's health: the backend's, the outbox's, this process's drain lag, and the jobs' latest runs. */
    async status(em: EntityManager) {
      const [backendStatus, outbox, jobs] = await Promise.all([
        backend.status(),
        outboxStatus(em),
        em.getConnection().execute(
          `select distinct on (job) job, outcome, started_on as "startedOn", finished_on as "finishedOn", counts::text as counts, error
             from job_run order by job, started_on desc`,
          [],
          'all',
        ) as Promise<Array<Record<string, unknown>>>,
      ]);
      const stats = drainer?.stats();
      return { ...backendStatus, outbox, lagP50Ms: stats?.lagP50Ms ?? null, lagP95Ms: stats?.lagP95Ms ?? null, jobs };
    },

    /**
     * Global search: the hits of the entities asked for (default: all) that the caller may see, and the count
     * of every entity it may see (the results page's tabs), under the same archived option.
     */
    async global(viewer: Viewer, args: GlobalSearchArgs): Promise<SearchPage> {
      const term = cleanTerm(args.term, true);
      const scope: CursorScope = { list: 'search', order: '' };
      const window = searchWindow(args, scope);
      const archived = archivedOption(args);
      const asked = new Set(args.entities?.length ? args.entities : catalog.entities);
      const entities = catalog.mappings.flatMap((mapping) => {
        const { allowed, filters } = searchableFor(viewer, mapping);
        if (!allowed) return [];
        const archivedFilter = mapping.filters.archived;
        const own = archived !== null && archivedFilter ? [{ field: archivedFilter.field, op: 'eq' as const, value: archived }] : [];
        return [{ entity: mapping.entity, filters: [...filters, ...own], countOnly: !asked.has(mapping.entity) }];
      });
      if (!entities.length) return { total: 0, hits: [], aggregations: [], offset: window.offset, scope };
      const readable = readableGuardedFields(fieldAccess, viewer, entities.map((e) => catalog.mapping(e.entity)));
      return { ...(await paged({ term, entities, sort: [], readable }, window)), scope };
    },

    /**
     * One entity's search with its filters and sorts (the rule on the field has checked its permission), and
     * with `summary` its mapping's counts per value (`valueCounts`).
     */
    async entity(em: EntityManager, viewer: Viewer, mapping: SearchMapping, args: EntitySearchArgs, summary = false): Promise<SearchPage> {
      const scope = entityScope(mapping, args);
      const window = searchWindow(args, scope);
      return { ...(await paged(await entityQuery(em, fieldAccess, viewer, mapping, args, summary), window)), scope };
    },

    /** Whether the rule on a field lets the caller read it (for an export's columns: ExportCaller). */
    readable: (viewer: Viewer, type: string, field: string): boolean => fieldAccess(viewer, type, field) === true,

    /** The first EXPORT_LIMIT hits of an entity search, for its CSV export. */
    async exportHits(em: EntityManager, viewer: Viewer, mapping: SearchMapping, args: EntitySearchArgs): Promise<SearchResult> {
      const query = await entityQuery(em, fieldAccess, viewer, mapping, args);
      return ask(() => backend.search({ ...query, offset: 0, limit: EXPORT_LIMIT }));
    },

    /** Prefix matches for pickers: live records the caller may see, best first. */
    async autocomplete(viewer: Viewer, entity: SearchEntity, prefix: string, first: number | null | undefined): Promise<SearchHit[]> {
      const cleaned = cleanTerm(prefix, true, 'prefix');
      if (cleaned.length > 100) throw badInput(['prefix'], 'TERM_TOO_LONG', 'A prefix is at most 100 characters.');
      const limit = first ?? 10;
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw badInput(['first'], 'PAGE_TOO_LARGE', 'first is 1 to 50.');
      const mapping = catalog.mapping(entity);
      const filters = [...requireSearchable(viewer, mapping), ...liveOnly(mapping)];
      return ask(() => backend.autocomplete({ entity, prefix: cleaned, filters, limit }));
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;

// Search as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../graphql/context.js' {
  interface Services {
    search: SearchService;
  }
}
