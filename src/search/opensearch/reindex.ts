import type { Client } from '@opensearch-project/opensearch';
import type { SearchDocument, SearchEntity } from '../search.types.js';
import { SearchBackendError } from './errors.js';
import { INDEX_MAPPINGS, INDEX_SETTINGS, aliasName, docId, indexName, nextAliasName, parseIndexName, rebuildIndexName, source } from './index-design.js';
import { BACKFILL_VERSION, REINDEX_SETTLE_MS, bulkFailures } from './writes.js';

/**
 * Moving an entity's alias to a new index without downtime (see writes.ts for the dual-write):
 *   1. create `<prefix><entity>_v<N>` (the code's mapping version; a forced rebuild of the live version gets
 *      `_v<N>_r<k>`) with the current mappings and the `_next` alias, in one request;
 *   2. wait REINDEX_SETTLE_MS, so every process writes changes to both indices from then on;
 *   3. backfill it from the database (the caller's filler, through the `_next` alias, never overwriting);
 *   4. refresh it, and in one _aliases request move the alias to it and drop `_next`;
 *   5. delete the old index (or keep it).
 * Searches use the alias throughout. A run that died leaves `_next`: the next run resumes into that index
 * if it is for the code's mapping version (the backfill skips what is there), otherwise drops it and starts
 * again. Two runs at once are not supported: the second one's swap fails (its old index is gone).
 */

/** Writes one batch of documents into the index being built. */
export type BackfillWrite = (documents: SearchDocument[]) => Promise<void>;
/** Writes every document of the entity (from the database) through `write`; returns how many it read. */
export type ReindexFill = (write: BackfillWrite) => Promise<number>;

export type ReindexOptions = {
  fill: ReindexFill;
  /** Rebuild even when the alias is on the code's mapping version (or a newer one). */
  force?: boolean;
  /** Keep the old index after the swap (default: delete it). */
  keepOld?: boolean;
  /** Called at each step: create (or resume, dropped), backfill, swap, delete. */
  onStep?: (step: ReindexStep) => void;
};

export type ReindexStep = { step: 'dropped' | 'created' | 'resumed' | 'backfill' | 'swapped' | 'deleted'; index: string };

export type IndexRef = { index: string; version: number | null };

export type ReindexResult = {
  entity: SearchEntity;
  /** up-to-date: on the code's version, nothing done; ahead: on a newer version than the code's, left alone. */
  outcome: 'reindexed' | 'up-to-date' | 'ahead';
  from: IndexRef;
  /** The index the alias points to now. */
  to: IndexRef;
  /** Documents the filler read, and of those the ones already there (written by the dual-write, or a previous run). */
  documents: number;
  skipped: number;
  resumed: boolean;
  /** A `_next` index for another version that was dropped first. */
  dropped: string | null;
  oldIndex: 'deleted' | 'kept' | null;
};

export type ReindexContext = {
  client: Client;
  prefix: string;
  mappingVersion: number;
  call: <T>(what: string, run: () => Promise<T>) => Promise<T>;
  /** The alias or `_next` moved: forget cached write targets and sort types. */
  targetsChanged: () => void;
  settleMs?: number;
};

const ADMIN = { requestTimeout: 60_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The index behind the entity's alias and the one behind its `_next` alias, if any. */
export async function aliasState(ctx: ReindexContext, entity: SearchEntity): Promise<{ live: IndexRef | null; pending: IndexRef | null }> {
  const names = [aliasName(ctx.prefix, entity), nextAliasName(ctx.prefix, entity)];
  const response = await ctx.call(`look up aliases of ${entity}`, () => ctx.client.indices.getAlias({ name: names.join(',') }, { ignore: [404] }));
  const holders = (name: string) =>
    Object.entries((response.body ?? {}) as Record<string, unknown>)
      .filter(([, value]) => name in ((value as { aliases?: object } | null)?.aliases ?? {}))
      .map(([index]): IndexRef => ({ index, version: parseIndexName(ctx.prefix, entity, index)?.version ?? null }));
  const [live, pending] = names.map(holders);
  if (live.length > 1 || pending.length > 1) throw new SearchBackendError(`Alias ${names[live.length > 1 ? 0 : 1]} points to several indices (${[...live, ...pending].map((i) => i.index).join(', ')}); fix it by hand.`);
  return { live: live[0] ?? null, pending: pending[0] ?? null };
}

async function deleteIndex(ctx: ReindexContext, index: string) {
  await ctx.call(`delete index ${index}`, () => ctx.client.indices.delete({ index }, { ...ADMIN, ignore: [404] }));
}

/** The name of the index to build: the code's version, or the next rebuild of it if that is the live one. */
function targetName(ctx: ReindexContext, entity: SearchEntity, live: string): string {
  const parsed = parseIndexName(ctx.prefix, entity, live);
  if (parsed?.version !== ctx.mappingVersion) return indexName(ctx.prefix, entity, ctx.mappingVersion);
  return rebuildIndexName(ctx.prefix, entity, ctx.mappingVersion, parsed.rebuild + 1);
}

/** Writes a batch into the index being built, never over a document already there (counted in `result.skipped`). */
function backfillWriter(ctx: ReindexContext, next: string, target: string, result: ReindexResult): BackfillWrite {
  return async (documents) => {
    if (!documents.length) return;
    const version = { version: BACKFILL_VERSION, version_type: 'external' };
    const body = documents.flatMap((doc) => [{ index: { _index: next, _id: docId(doc.entity, doc.id), ...version } }, source(doc)]);
    // Through `_next` with require_alias: if the reindex was dropped meanwhile, this fails instead of creating an index.
    const response = await ctx.call(`backfill ${target}`, () => ctx.client.bulk({ body, require_alias: true }));
    if (!response.body.errors) return;
    // A version conflict means the document is there already, written by the dual-write (newer) or an earlier run.
    const failures = bulkFailures(response.body.items, (_action, item) => item.error?.type === 'version_conflict_engine_exception');
    result.skipped += failures.skipped;
    if (failures.count) throw new SearchBackendError(`OpenSearch rejected ${failures.count} of ${documents.length} backfill writes into ${target}: ${failures.reasons.join('; ')}`);
  };
}

export async function reindexEntity(ctx: ReindexContext, entity: SearchEntity, options: ReindexOptions): Promise<ReindexResult> {
  const { client, prefix, call } = ctx;
  const alias = aliasName(prefix, entity);
  const next = nextAliasName(prefix, entity);
  const { live, pending } = await aliasState(ctx, entity);
  if (!live) throw new SearchBackendError(`There is no alias ${alias}: run search:migrate first.`);
  const result: ReindexResult = { entity, outcome: 'reindexed', from: live, to: live, documents: 0, skipped: 0, resumed: false, dropped: null, oldIndex: null };

  let target: string;
  // Resumed: a `_next` index for the code's version (unless that would move a newer alias back unasked).
  if (pending && pending.version === ctx.mappingVersion && pending.index !== live.index && (options.force || (live.version ?? 0) <= ctx.mappingVersion)) {
    target = pending.index;
    result.resumed = true;
    options.onStep?.({ step: 'resumed', index: target });
  } else {
    if (pending) {
      // A dead run for another version: nobody reads it, and its contents are of no use to this one.
      await call(`drop ${next}`, () => client.indices.deleteAlias({ index: pending.index, name: next }, { ...ADMIN, ignore: [404] }));
      if (pending.index !== live.index) await deleteIndex(ctx, pending.index);
      ctx.targetsChanged();
      result.dropped = pending.index;
      options.onStep?.({ step: 'dropped', index: pending.index });
    }
    const version = live.version ?? 0;
    if (!options.force && version >= ctx.mappingVersion) return { ...result, outcome: version === ctx.mappingVersion ? 'up-to-date' : 'ahead' };
    target = targetName(ctx, entity, live.index);
    // Not live and not pending: a leftover (created by hand, or kept from an earlier version) that no write
    // has kept up to date; built again from scratch.
    await deleteIndex(ctx, target);
    await call(`create index ${target}`, () =>
      client.indices.create(
        {
          index: target,
          // No refresh while it is filled (nothing searches it yet); the usual interval is restored before the swap.
          body: { settings: { ...INDEX_SETTINGS, refresh_interval: '-1' }, mappings: INDEX_MAPPINGS, aliases: { [next]: { is_write_index: true } } } as never,
        },
        ADMIN,
      ),
    );
    options.onStep?.({ step: 'created', index: target });
  }
  ctx.targetsChanged();
  // Until now another process may have written a change to the live index only: wait until all see `_next`.
  await sleep(ctx.settleMs ?? REINDEX_SETTLE_MS);

  options.onStep?.({ step: 'backfill', index: target });
  const backfill = backfillWriter(ctx, next, target, result);
  result.documents = await options.fill(backfill);

  await call(`settle ${target}`, async () => {
    await client.indices.putSettings({ index: target, body: { index: { refresh_interval: null } } as never }, ADMIN);
    await client.indices.refresh({ index: target }, ADMIN);
  });
  // One request: the alias moves and the dual-write ends together (a remove of an alias that moved meanwhile fails it all).
  await call(`swap ${alias} to ${target}`, () =>
    client.indices.updateAliases(
      {
        body: {
          actions: [
            { remove: { index: live.index, alias } },
            { add: { index: target, alias, is_write_index: true } },
            { remove: { index: target, alias: next } },
          ],
        },
      },
      ADMIN,
    ),
  );
  ctx.targetsChanged();
  result.to = { index: target, version: ctx.mappingVersion };
  options.onStep?.({ step: 'swapped', index: target });

  if (options.keepOld) result.oldIndex = 'kept';
  else {
    await deleteIndex(ctx, live.index);
    result.oldIndex = 'deleted';
    options.onStep?.({ step: 'deleted', index: live.index });
  }
  return result;
}
