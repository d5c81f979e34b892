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
import type { SearchMapping } from './mapping.js';
import type { DocFilter, DocSort, SearchBackend, SearchEntity, SearchHit, SearchQuery, SearchResult } from './search.types.js';

/** Data Hub's limit: offset + page size never past 10,000 (OpenSearch's default result window). */
export const MAX_RESULT_WINDOW = 10_000;
export const MAX_TERM_LENGTH = 200;
export const MAX_SEARCH_PAGE = 100;

export const encodeSearchCursor = (offset: number) => Buffer.from(`search:${offset}`).toString('base64url');

function decodeSearchCursor(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  const match = /^search:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput(['after'], 'INVALID_CURSOR', 'This cursor did not come from a search.');
  return Number(match[1]) + 1;
}

/** The search window asked for, checked: page size within bounds, and never past the 10,000th result. */
export function searchWindow(first: number | null | undefined, after: string | null | undefined): { offset: number; limit: number } {
  const limit = first ?? 20;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_SEARCH_PAGE) throw badInput(['first'], 'PAGE_TOO_LARGE', `first is 0 to ${MAX_SEARCH_PAGE}.`);
  const offset = decodeSearchCursor(after);
  if (offset + limit > MAX_RESULT_WINDOW) {
    throw badInput(['after'], 'WINDOW_TOO_LARGE', `Search pages reach the first ${MAX_RESULT_WINDOW.toLocaleString('en-GB')} results only; narrow the search with filters.`);
  }
  return { offset, limit };
}

/** The term as backends get it: trimmed, inner whitespace collapsed, and at most MAX_TERM_LENGTH long. */
export function cleanTerm(term: string | null | undefined, required: boolean): string {
  const cleaned = (term ?? '').replace(/\s+/g, ' ').trim();
  if (cleaned.length > MAX_TERM_LENGTH) throw badInput(['term'], 'TERM_TOO_LONG', `A search term is at most ${MAX_TERM_LENGTH} characters.`);
  if (required && !cleaned) throw badInput(['term'], 'TERM_REQUIRED', 'Give a term to search for.');
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

/** What a caller may search: the entities whose view permission it holds, each with its row-level rules. */
export function searchableFor(viewer: Viewer, mapping: SearchMapping): { allowed: boolean; filters: DocFilter[] } {
  if (!hasPermission(viewer, mapping.permission)) return { allowed: false, filters: [] };
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

export type SearchFilterInput = Record<string, unknown> | null | undefined;

/** An entity search's filter input as document filters, by the mapping's filter specs. */
export function docFiltersFromInput(mapping: SearchMapping, input: SearchFilterInput): DocFilter[] {
  const out: DocFilter[] = [];
  for (const [name, value] of Object.entries(input ?? {})) {
    if (value == null) continue;
    const spec = mapping.filters[name];
    if (!spec) throw badInput(['filter', name], 'UNKNOWN_FILTER', `${mapping.typeName} search has no filter ${name}.`);
    switch (spec.kind) {
      case 'terms': {
        const list = value as string[];
        if (list.length > 1000) throw badInput(['filter', name], 'TOO_MANY_VALUES', 'At most 1,000 values.');
        out.push({ field: spec.field, op: 'in', value: list });
        break;
      }
      case 'boolean':
        out.push({ field: spec.field, op: 'eq', value: value as boolean });
        break;
      case 'keyword':
        out.push({ field: spec.field, op: 'eq', value: spec.normalise ? spec.normalise(String(value)) : String(value) });
        break;
      case 'dateRange': {
        const { from, to } = value as { from?: string | null; to?: string | null };
        if (from && to && from > to) throw badInput(['filter', name], 'EMPTY_RANGE', 'from is after to.');
        if (from) out.push({ field: spec.field, op: 'gte', value: from });
        if (to) out.push({ field: spec.field, op: 'lte', value: to });
        break;
      }
    }
  }
  return out;
}

export type SearchArgs = { term?: string | null; first?: number | null; after?: string | null };

export type EntitySearchArgs = SearchArgs & { filter?: SearchFilterInput; orderBy?: Array<{ field: string; direction: 'ASC' | 'DESC' }> | null };

/** Data Hub's limit on a search export. */
export const EXPORT_LIMIT = 5000;

/** The caller's row rules on one entity it asked for by name; FORBIDDEN when it may not view that entity. */
function requireSearchable(viewer: Viewer, mapping: SearchMapping): DocFilter[] {
  const { allowed, filters } = searchableFor(viewer, mapping);
  if (!allowed) throw new AppError('FORBIDDEN', `This needs the ${mapping.permission} permission.`, { permission: mapping.permission });
  return filters;
}

/** Live records only, for an entity that can be archived (global search and autocomplete by default). */
const liveOnly = (mapping: SearchMapping): DocFilter[] => (mapping.readModel.fields.archived ? [{ field: 'archived', op: 'eq', value: false }] : []);

/**
 * A search's filters and sorts test only what the caller may read, by the rule on the GraphQL field that
 * shows each document field (`latestInteractionDate` needs interactions' view permission as a field, so as a
 * filter or a sort too: bisecting on it would otherwise read it). A document field no field shows is refused.
 */
export function assertReadableSearchArguments(fieldAccess: FieldAccess, viewer: Viewer, mapping: SearchMapping, args: EntitySearchArgs): void {
  const check = (docField: string | undefined, argument: string[]) => {
    if (docField === undefined) return; // unknown filters and sorts are refused with their own errors
    const field = mapping.shows[docField];
    const answer = field ? fieldAccess(viewer, mapping.typeName, field) : new AppError('FORBIDDEN', `No field shows ${docField}.`);
    if (answer !== true) {
      throw new AppError('FORBIDDEN', `${argument.join('.')}: ${mapping.typeName}.${field ?? docField} is not readable by you, so it cannot be filtered or sorted on either. ${answer.message}`, {
        ...answer.extensions,
        argument,
      });
    }
  };
  for (const [name, value] of Object.entries(args.filter ?? {})) if (value != null) check(mapping.filters[name]?.field, ['filter', name]);
  (args.orderBy ?? []).forEach((o, i) => check(mapping.sorts[o.field], ['orderBy', String(i), 'field']));
}

/** An entity search as the backend gets it: the caller's row rules, the filters, the sort, the window. */
function entityQuery(fieldAccess: FieldAccess, viewer: Viewer, mapping: SearchMapping, args: EntitySearchArgs, offset: number, limit: number): SearchQuery {
  const term = cleanTerm(args.term, false);
  const filters = requireSearchable(viewer, mapping);
  assertDistinctSortFields(args.orderBy);
  assertReadableSearchArguments(fieldAccess, viewer, mapping, args);
  const sort: DocSort[] = (args.orderBy ?? []).map((o) => ({ field: mapping.sorts[o.field] ?? o.field, direction: o.direction }));
  return {
    term,
    entities: [{ entity: mapping.entity, filters: [...filters, ...docFiltersFromInput(mapping, args.filter)] }],
    sort,
    offset,
    limit,
    readable: readableGuardedFields(fieldAccess, viewer, [mapping]),
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

    /** Global search: every entity the caller may see (of those asked for), archived records left out unless asked. */
    async global(viewer: Viewer, args: SearchArgs & { entities?: SearchEntity[] | null; includeArchived?: boolean | null }): Promise<SearchResult & { offset: number }> {
      const term = cleanTerm(args.term, true);
      const { offset, limit } = searchWindow(args.first, args.after);
      const asked = args.entities?.length ? args.entities : catalog.entities;
      const entities = asked.flatMap((entity) => {
        const mapping = catalog.mapping(entity);
        const { allowed, filters } = searchableFor(viewer, mapping);
        if (!allowed) return [];
        return [{ entity, filters: [...filters, ...(args.includeArchived ? [] : liveOnly(mapping))] }];
      });
      if (!entities.length) return { total: 0, hits: [], aggregations: [], offset };
      const readable = readableGuardedFields(fieldAccess, viewer, entities.map((e) => catalog.mapping(e.entity)));
      const result = await ask(() => backend.search({ term, entities, sort: [], offset, limit, readable }));
      return { ...result, offset };
    },

    /** One entity's search with its filters and sorts (the rule on the field has checked its permission). */
    async entity(viewer: Viewer, mapping: SearchMapping, args: EntitySearchArgs): Promise<SearchResult & { offset: number }> {
      const { offset, limit } = searchWindow(args.first, args.after);
      const result = await ask(() => backend.search(entityQuery(fieldAccess, viewer, mapping, args, offset, limit)));
      return { ...result, offset };
    },

    /** The first EXPORT_LIMIT hits of an entity search, for its CSV export. */
    async exportHits(viewer: Viewer, mapping: SearchMapping, args: EntitySearchArgs): Promise<SearchResult> {
      return ask(() => backend.search(entityQuery(fieldAccess, viewer, mapping, args, 0, EXPORT_LIMIT)));
    },

    /** Prefix matches for pickers: live records the caller may see, best first. */
    async autocomplete(viewer: Viewer, entity: SearchEntity, prefix: string, first: number | null | undefined): Promise<SearchHit[]> {
      const cleaned = cleanTerm(prefix, true);
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
