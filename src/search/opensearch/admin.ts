import type { Client } from '@opensearch-project/opensearch';
import type { BackendStatus, SearchEntity } from '../search.types.js';
import { shorten, toSearchError } from './errors.js';
import { INDEX_MAPPINGS, INDEX_SETTINGS, aliasName, indexName, nextAliasName, parseIndexName } from './index-design.js';

/*
 * Index administration for the OpenSearch backend: creating an index version, pointing an alias at it,
 * creating the aliases that are missing (migrate), and the backend's status.
 */

export type AdminContext = {
  client: Client;
  prefix: string;
  /** The searchable entities (the catalog's): one alias, and one index per version, each. */
  entities: readonly SearchEntity[];
  mappingVersion: number;
  call: <T>(what: string, run: () => Promise<T>) => Promise<T>;
};

const STATUS_TIMEOUT_MS = 5_000;
const ADMIN_TIMEOUT_MS = 60_000;

export type EntityBuckets = { entities?: { buckets?: Array<{ key: string; doc_count: number }> } };

const alias = (ctx: AdminContext, entity: SearchEntity) => aliasName(ctx.prefix, entity);
const allAliases = (ctx: AdminContext) => ctx.entities.map((e) => alias(ctx, e)).join(',');

/** Creates `<prefix><entity>_v<version>` with the current settings and mappings, unless it exists. */
export async function createIndexVersion(ctx: AdminContext, entity: SearchEntity, version = ctx.mappingVersion): Promise<string> {
  const index = indexName(ctx.prefix, entity, version);
  await ctx.call(`create index ${index}`, async () => {
    const exists = await ctx.client.indices.exists({ index });
    if (exists.body) return;
    try {
      await ctx.client.indices.create({ index, body: { settings: INDEX_SETTINGS, mappings: INDEX_MAPPINGS } as never }, { requestTimeout: ADMIN_TIMEOUT_MS });
    } catch (error) {
      // Another process created it between the check and the create: fine.
      const type = (error as { body?: { error?: { type?: string } } }).body?.error?.type;
      if (type !== 'resource_already_exists_exception') throw error;
    }
  });
  return index;
}

/** Points the entity's alias from one index version to another, atomically. */
export async function swapAlias(ctx: AdminContext, entity: SearchEntity, from: number, to: number): Promise<void> {
  const name = alias(ctx, entity);
  await ctx.call(`swap alias ${name}`, () =>
    ctx.client.indices.updateAliases(
      {
        body: {
          actions: [
            { remove: { index: indexName(ctx.prefix, entity, from), alias: name } },
            { add: { index: indexName(ctx.prefix, entity, to), alias: name, is_write_index: true } },
          ],
        },
      },
      { requestTimeout: ADMIN_TIMEOUT_MS },
    ),
  );
}

/** Creates each entity's alias, on a new index of the mapping version, where it is missing. */
export async function createMissingAliases(ctx: AdminContext): Promise<void> {
  for (const entity of ctx.entities) {
    const name = alias(ctx, entity);
    const exists = await ctx.call(`check alias ${name}`, () => ctx.client.indices.existsAlias({ name }));
    // An existing alias is left alone, whatever version it points to: moving it is reindex()'s job.
    if (exists.body) continue;
    const index = await createIndexVersion(ctx, entity);
    await ctx.call(`create alias ${name}`, () =>
      ctx.client.indices.updateAliases({ body: { actions: [{ add: { index, alias: name, is_write_index: true } }] } }, { requestTimeout: ADMIN_TIMEOUT_MS }),
    );
  }
}

/** The cluster's health, each entity's documents, and what wants doing (migrate, a reindex running or due). */
export async function backendStatus(ctx: AdminContext): Promise<BackendStatus> {
  const documents: BackendStatus['documents'] = {};
  try {
    const opts = { requestTimeout: STATUS_TIMEOUT_MS, maxRetries: 0 };
    const health = await ctx.client.cluster.health({}, opts);
    const names = ctx.entities.flatMap((e) => [alias(ctx, e), nextAliasName(ctx.prefix, e)]).join(',');
    const aliases = await ctx.client.indices.getAlias({ name: names }, { ...opts, ignore: [404] });
    const byIndex = Object.entries((aliases.body ?? {}) as Record<string, { aliases?: Record<string, unknown> } | null>);
    const holder = (name: string) => byIndex.find(([, i]) => name in (i?.aliases ?? {}))?.[0];
    const missing = ctx.entities.filter((e) => !holder(alias(ctx, e)));
    // An alias still on another index version works, but wants the reindex CLI: say so, still healthy.
    const outdated = ctx.entities.filter((e) => {
      const index = holder(alias(ctx, e));
      return index !== undefined && parseIndexName(ctx.prefix, e, index)?.version !== ctx.mappingVersion;
    });
    const reindexing = ctx.entities.flatMap((e) => {
      const index = holder(nextAliasName(ctx.prefix, e));
      return index ? [`${e} → ${index}`] : [];
    });
    const counts = await ctx.client.search(
      { index: allAliases(ctx), ignore_unavailable: true, allow_no_indices: true, body: { size: 0, track_total_hits: true, aggs: { entities: { terms: { field: 'entity', size: ctx.entities.length } } } } as never },
      opts,
    );
    for (const entity of ctx.entities) if (holder(alias(ctx, entity))) documents[entity] = 0;
    for (const b of (counts.body.aggregations as EntityBuckets | undefined)?.entities?.buckets ?? []) documents[b.key] = b.doc_count;
    const cluster = String(health.body.status);
    const problems = [
      ...(cluster === 'red' ? [`cluster health is red`] : []),
      ...(missing.length ? [`no index for ${missing.join(', ')} (run migrate)`] : []),
    ];
    const notes = [
      ...(outdated.length ? [`${outdated.join(', ')} not on mapping v${ctx.mappingVersion} yet (search:migrate reindexes)`] : []),
      ...(reindexing.length ? [`reindex in progress or interrupted: ${reindexing.join(', ')}`] : []),
    ];
    return { backend: 'opensearch', documents, healthy: problems.length === 0, detail: [...problems, `cluster ${cluster}`, ...notes].join('; ') };
  } catch (error) {
    return { backend: 'opensearch', documents, healthy: false, detail: shorten(toSearchError('status', error).message, 200) };
  }
}
