import { Client, type API } from '@opensearch-project/opensearch';
import type { TransportRequestOptions, TransportRequestPromise } from '@opensearch-project/opensearch/lib/Transport.js';
import { currentBudget, queryTimeout } from '../db/request-budget.js';
import type { SearchBackend, SearchEntity, SearchHit, SearchQuery, SearchResult } from './search.types.js';
import { DEFAULT_INDEX_PREFIX, MAPPING_VERSION, aliasName, indexName, nextAliasName, parseDocId } from './opensearch/index-design.js';
import { backendStatus, createIndexVersion, createMissingAliases, swapAlias, type AdminContext, type EntityBuckets } from './opensearch/admin.js';
import { createSortTypes } from './opensearch/sort-types.js';
import { clientOptions, type OpenSearchOptions } from './opensearch/client.js';
import { autocompleteBody, searchBody } from './opensearch/queries.js';
import { toSearchError } from './opensearch/errors.js';
import { createWriter } from './opensearch/writes.js';
import { aliasState, reindexEntity, type IndexRef, type ReindexContext, type ReindexOptions, type ReindexResult } from './opensearch/reindex.js';

/**
 * The OpenSearch search backend. The index design (one versioned index per entity behind an alias, the
 * analysers and field mappings) is in opensearch/index-design.ts, the queries and their ranking in
 * opensearch/queries.ts, the client options (auth, TLS, timeouts) in opensearch/client.ts, the error mapping in
 * opensearch/errors.ts, writes and the dual-write during a reindex in opensearch/writes.ts, the zero-downtime
 * reindex (new index version, backfill, alias swap) in opensearch/reindex.ts, creating index versions and
 * aliases and the status in opensearch/admin.ts, the sort fields' mapped types in opensearch/sort-types.ts.
 */

export { MAPPING_VERSION } from './opensearch/index-design.js';
export { SearchUnavailableError, SearchBackendError } from './opensearch/errors.js';
export { clientOptions, type OpenSearchOptions } from './opensearch/client.js';
export type { BackfillWrite, IndexRef, ReindexFill, ReindexOptions, ReindexResult, ReindexStep } from './opensearch/reindex.js';

export type OpenSearchBackendOptions = OpenSearchOptions & {
  /** The searchable entities (`SearchCatalog.entities`): one alias each, `<prefix><entity>`. */
  entities: readonly SearchEntity[];
  /** The mapping version this backend creates and reindexes to (default MAPPING_VERSION; tests simulate a change). */
  mappingVersion?: number;
};

/** The backend, plus index management: versions, the alias, the zero-downtime reindex (`search:migrate`). */
export interface OpenSearchBackend extends SearchBackend {
  readonly name: 'opensearch';
  readonly client: Client;
  readonly mappingVersion: number;
  aliasName(entity: SearchEntity): string;
  /** The alias a reindex puts on the index it builds; writes go there too while it exists. */
  nextAliasName(entity: SearchEntity): string;
  indexName(entity: SearchEntity, version?: number): string;
  /** The index behind the entity's alias, and behind its `_next` alias (a reindex running, or interrupted). */
  aliasState(entity: SearchEntity): Promise<{ live: IndexRef | null; pending: IndexRef | null }>;
  /**
   * Moves the entity's alias to a new index of this backend's mapping version, filled by `options.fill`,
   * with no downtime: searches use the old index until the swap, and every write meanwhile goes to both.
   * Does nothing when the alias is on that version already (unless `force`); resumes an interrupted run.
   */
  reindex(entity: SearchEntity, options: ReindexOptions): Promise<ReindexResult>;
  /** Creates `<prefix><entity>_v<version>` with the current settings and mappings, unless it exists. */
  createIndexVersion(entity: SearchEntity, version?: number): Promise<string>;
  /** Points the entity's alias from one index version to another, atomically. */
  swapAlias(entity: SearchEntity, from: number, to: number): Promise<void>;
}

type Hit = { _id?: string; _score?: number | null };
/** The `values` aggregation of a search with `countValuesOf` (opensearch/queries.ts). */
type ValueBuckets = { values?: { values?: { buckets: Array<{ key: string | number; key_as_string?: string; doc_count: number }> } } };
type SearchResponseBody = API.Search_ResponseBody;

/** What the HTTP request is given beyond the time OpenSearch is told to stop at: its answer saying so. */
const BUDGET_GRACE_MS = 1_000;

/**
 * Sends a search within its GraphQL request's time budget (src/db/request-budget.ts): OpenSearch is told to
 * stop at what is left of it (`timeout`), the HTTP request times out shortly after, and a search that timed
 * out is QUERY_TIMEOUT, never partial hits. When the budget ends first (the client went away, or the request
 * was answered) the search is left to finish on its own, unawaited: aborting opensearch-js's request at
 * some points of its life threw an uncaught RequestAbortedError from the socket's 'abort' event, and the
 * search is bounded by its own timeout anyway. Outside requests the client's own timeouts apply.
 */
async function withinBudget<T extends { body: { timed_out?: boolean } }>(
  send: (timeout: { ms?: number; options: TransportRequestOptions }) => TransportRequestPromise<T>,
): Promise<T> {
  const budget = currentBudget();
  if (!budget) return send({ options: {} });
  budget.throwIfSpent();
  const ms = Math.max(1, Math.floor(budget.remainingMs()));
  const request = send({ ms, options: { requestTimeout: ms + BUDGET_GRACE_MS, maxRetries: 0 } });
  // A search left behind when the budget ends settles later, for nobody: its outcome is dropped.
  const settled = Promise.resolve(request);
  settled.catch(() => undefined);
  let stopWatching = () => undefined as void;
  const ended = new Promise<never>((_, reject) => {
    stopWatching = budget.watch(() => reject(budget.error()));
  });
  try {
    const response = await Promise.race([settled, ended]);
    if (response.body.timed_out) throw queryTimeout('REQUEST_TIME_BUDGET', budget.limitMs);
    return response;
  } catch (error) {
    throw budget.end ? budget.error() : error;
  } finally {
    stopWatching();
  }
}
/** Runs an OpenSearch call, turning its failures into short errors (unreachable or refused). */
async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toSearchError(what, error);
  }
}

/** A search's answer: the hits of the page, the total, and the count per requested entity. */
function searchResult(query: SearchQuery, body: SearchResponseBody): SearchResult {
  const total = typeof body.hits.total === 'number' ? body.hits.total : (body.hits.total?.value ?? 0);
  const buckets = (body.aggregations as EntityBuckets | undefined)?.entities?.buckets ?? [];
  const counts = new Map(buckets.map((b) => [b.key, b.doc_count]));
  const values = (body.aggregations as ValueBuckets | undefined)?.values?.values?.buckets ?? [];
  return {
    total,
    hits: (body.hits.hits as Hit[]).map((h) => ({ ...parseDocId(h._id ?? ''), score: h._score ?? 0 })),
    aggregations: query.entities.map((e) => ({ entity: e.entity, count: counts.get(e.entity) ?? 0 })),
    ...(query.countValuesOf ? { valueCounts: values.map((b) => ({ value: b.key_as_string ?? String(b.key), count: b.doc_count })) } : {}),
  };
}

export function createOpenSearchBackend(options: OpenSearchBackendOptions): OpenSearchBackend {
  const prefix = options.indexPrefix ?? DEFAULT_INDEX_PREFIX;
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(prefix)) throw new Error(`indexPrefix must be lowercase letters, digits, _ . - (got "${prefix}")`);
  const mappingVersion = options.mappingVersion ?? MAPPING_VERSION;
  if (!Number.isInteger(mappingVersion) || mappingVersion < 1) throw new Error(`mappingVersion must be a whole number from 1 (got ${mappingVersion})`);
  const client = new Client(clientOptions(options));
  const alias = (entity: SearchEntity) => aliasName(prefix, entity);
  const { entities } = options;
  const allAliases = entities.map(alias).join(',');
  const admin: AdminContext = { client, prefix, entities, mappingVersion, call };
  const sortTypes = createSortTypes(client);

  const writer = createWriter(client, prefix, entities, call);
  const reindexContext: ReindexContext = {
    client,
    prefix,
    mappingVersion,
    call,
    targetsChanged: () => {
      writer.forgetTargets();
      sortTypes.clear();
    },
  };

  return {
    name: 'opensearch',
    client,
    mappingVersion,
    aliasName: alias,
    nextAliasName: (entity) => nextAliasName(prefix, entity),
    indexName: (entity, version = mappingVersion) => indexName(prefix, entity, version),
    aliasState: (entity) => aliasState(reindexContext, entity),
    reindex: (entity, reindexOptions) => reindexEntity(reindexContext, entity, reindexOptions),
    createIndexVersion: (entity, version) => createIndexVersion(admin, entity, version),
    async swapAlias(entity, from, to) {
      sortTypes.clear();
      await swapAlias(admin, entity, from, to);
    },

    async migrate() {
      sortTypes.clear();
      await createMissingAliases(admin);
    },

    write: writer.write,

    async search(query) {
      if (!query.entities.length) return { total: 0, hits: [], aggregations: [] };
      const index = query.entities.map((e) => alias(e.entity)).join(',');
      const response = await call('search', async () => {
        const types = query.sort.length ? await sortTypes.get(index, query.sort) : {};
        return withinBudget(({ ms, options }) => client.search({ index, body: { ...searchBody(query, types), ...(ms ? { timeout: `${ms}ms` } : {}) } as never }, options));
      });
      return searchResult(query, response.body);
    },

    async autocomplete(query) {
      if (query.limit <= 0) return [];
      const response = await call('autocomplete', () =>
        withinBudget(({ ms, options }) => client.search({ index: alias(query.entity), body: { ...autocompleteBody(query), ...(ms ? { timeout: `${ms}ms` } : {}) } as never }, options)),
      );
      return (response.body.hits.hits as Hit[]).map((h): SearchHit => ({ ...parseDocId(h._id ?? ''), score: h._score ?? 0 }));
    },

    async refresh() {
      await call('refresh', () => client.indices.refresh({ index: allAliases }));
    },

    status: () => backendStatus(admin),

    async close() {
      await client.close();
    },
  };
}
