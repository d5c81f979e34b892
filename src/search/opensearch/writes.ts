import type { Client } from '@opensearch-project/opensearch';
import type { SearchDocument, SearchEntity } from '../search.types.js';
import { SearchBackendError, errorReason } from './errors.js';
import { aliasName, docId, nextAliasName, source } from './index-design.js';

/**
 * Writes, and the dual-write that keeps a reindex lossless across processes.
 *
 * Every write goes to the entity's alias (the live index). While a reindex builds a new index, that index
 * carries a second alias, `<prefix><entity>_next`; a backend that sees it writes each change there too. The
 * backends look the `_next` aliases up at most every WRITE_TARGETS_TTL_MS (one small request, shared by the
 * writes meanwhile), and a reindex waits REINDEX_SETTLE_MS after adding the alias before it reads the
 * database: by then every process's view includes it, so any change the backfill may have read too early
 * reaches the new index through the dual-write.
 *
 * Versions order the two writers of the new index (external versioning, on that index only): the backfill
 * writes version BACKFILL_VERSION and never overwrites, the dual-write writes LIVE_VERSION (`external_gte`,
 * so it always wins and may repeat). A backfill batch read before a change and written after it is thus
 * refused for the changed documents, and a record deleted meanwhile stays deleted (a delete leaves a
 * versioned tombstone for index.gc_deletes, 60 s). After the swap the alias writes with internal versions,
 * which simply go on from there.
 */

export const WRITE_TARGETS_TTL_MS = 1_000;
/** Longer than WRITE_TARGETS_TTL_MS (with a margin for a slow lookup): the protocol between processes. */
export const REINDEX_SETTLE_MS = 3_000;
export const BACKFILL_VERSION = 1;
export const LIVE_VERSION = 2;

type BulkItem = Record<string, { _id?: string; _index?: string; status?: number; error?: { type?: string } & Record<string, unknown> } | undefined>;
type Call = <T>(what: string, run: () => Promise<T>) => Promise<T>;

/** The items that failed (a missing document to delete is not a failure), with `skip` deciding which to ignore. */
export function bulkFailures(items: BulkItem[], skip: (action: string, item: NonNullable<BulkItem[string]>) => boolean = () => false) {
  const failed = new Set<string>();
  const reasons: string[] = [];
  let skipped = 0;
  for (const item of items) {
    for (const [action, result] of Object.entries(item)) {
      if (!result?.error) continue;
      if (skip(action, result)) {
        skipped += 1;
        continue;
      }
      const key = `${action} ${result._id}`;
      if (!failed.has(key) && reasons.length < 3) reasons.push(`${key}: ${errorReason(result.error)}`);
      failed.add(key);
    }
  }
  return { count: failed.size, reasons, skipped };
}

const errorType = (item: { error?: { type?: string } }) => item.error?.type;

/** `write()` of the backend: the alias always, the entity's `_next` index too while one exists. */
export function createWriter(client: Client, prefix: string, entities: readonly SearchEntity[], call: Call) {
  const nextAliases = entities.map((e) => nextAliasName(prefix, e));
  let view: { pending: Set<SearchEntity>; until: number } | undefined;
  let lookup: Promise<Set<SearchEntity>> | undefined;

  /** The entities with a `_next` index, at most WRITE_TARGETS_TTL_MS old (counted from the request). */
  async function pendingEntities(): Promise<Set<SearchEntity>> {
    if (view && view.until > Date.now()) return view.pending;
    lookup ??= (async () => {
      const asked = Date.now();
      try {
        const response = await call('look up reindex aliases', () => client.indices.getAlias({ name: nextAliases.join(',') }, { ignore: [404] }));
        const byIndex = Object.values((response.body ?? {}) as Record<string, { aliases?: Record<string, unknown> } | unknown>);
        const present = new Set(byIndex.flatMap((i) => Object.keys((i as { aliases?: object } | null)?.aliases ?? {})));
        const pending = new Set(entities.filter((e) => present.has(nextAliasName(prefix, e))));
        view = { pending, until: asked + WRITE_TARGETS_TTL_MS };
        return pending;
      } finally {
        lookup = undefined;
      }
    })();
    return lookup;
  }

  async function write(documents: SearchDocument[], deleted: Array<{ entity: SearchEntity; id: string }>): Promise<void> {
    if (!documents.length && !deleted.length) return;
    const pending = await pendingEntities();
    const live = { version: LIVE_VERSION, version_type: 'external_gte' };
    const body: object[] = [];
    for (const doc of documents) {
      const _id = docId(doc.entity, doc.id);
      body.push({ index: { _index: aliasName(prefix, doc.entity), _id } }, source(doc));
      if (pending.has(doc.entity)) body.push({ index: { _index: nextAliasName(prefix, doc.entity), _id, ...live } }, source(doc));
    }
    // Deletions last: a record both written and deleted in one batch ends up deleted.
    for (const d of deleted) {
      const _id = docId(d.entity, d.id);
      body.push({ delete: { _index: aliasName(prefix, d.entity), _id } });
      if (pending.has(d.entity)) body.push({ delete: { _index: nextAliasName(prefix, d.entity), _id, ...live } });
    }
    // require_alias: a write before migrate() fails instead of auto-creating an index in the alias's place,
    // and a `_next` alias that is gone (the swap happened, or the reindex was dropped) fails instead of
    // creating one: that part of the dual-write is simply no longer needed.
    const response = await call('bulk write', () => client.bulk({ body, require_alias: true }));
    if (!response.body.errors) return;
    const nextSet = new Set(nextAliases);
    let stale = false;
    const { count, reasons } = bulkFailures(response.body.items as BulkItem[], (_action, item) => {
      const gone = nextSet.has(item._index ?? '') && errorType(item) === 'index_not_found_exception';
      stale ||= gone;
      return gone;
    });
    if (stale) view = undefined;
    if (count) throw new SearchBackendError(`OpenSearch rejected ${count} of ${documents.length + deleted.length} writes: ${reasons.join('; ')}`);
  }

  return {
    write,
    /** Forgets the `_next` aliases seen (this process added or removed one). */
    forgetTargets() {
      view = undefined;
    },
  };
}
