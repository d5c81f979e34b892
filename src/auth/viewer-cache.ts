import type { EntityManager } from '@mikro-orm/core';
import { AppError } from '../errors.js';
import { viewerFromAuthorization, type Viewer } from './viewer.js';

type Entry = { at: number; viewer?: Viewer; error?: AppError };

/**
 * Token → Viewer lookups cached in memory for `ttlMs`, so a busy client costs one lookup per TTL rather than
 * one per request. The price: a revoked or expired token, or a deactivated adviser, is refused within the
 * TTL rather than at once (default 5 s; 0 turns the cache off). Refusals are cached too, briefly, so a
 * client hammering with a bad token does not hammer the database.
 */
export function createViewerCache(ttlMs: number, maxEntries = 10_000) {
  const entries = new Map<string, Entry>();
  return async function viewerFor(em: EntityManager, header: string | undefined, now = Date.now()): Promise<Viewer> {
    const key = header ?? '';
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) {
      if (hit.error) throw hit.error;
      if (hit.viewer) return hit.viewer;
    }
    try {
      const viewer = await viewerFromAuthorization(em, header, new Date(now));
      if (ttlMs > 0) remember(key, { at: now, viewer });
      return viewer;
    } catch (error) {
      if (ttlMs > 0 && error instanceof AppError) remember(key, { at: now, error });
      throw error;
    }
  };

  function remember(key: string, entry: Entry): void {
    // A plain Map keeps insertion order: dropping the oldest key bounds memory under a flood of tokens.
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.delete(key);
    entries.set(key, entry);
  }
}
