import type { EntityManager } from '@mikro-orm/core';
import { AppError } from '../errors.js';
import type { AuthScheme } from './api-client.entity.js';
import { findCredential, type Credential } from './viewer.js';

type Entry = { at: number; credential?: Credential; error?: AppError };

/**
 * Credential lookups (a bearer token, or a Hawk id) cached in memory for `ttlMs`, so a busy client costs one
 * lookup per TTL rather than one per request (Flagsmith caches its environment keys the same way). The
 * price: a revoked or expired credential, or a deactivated adviser, is refused within the TTL rather than at
 * once (default 5 s; 0 turns the cache off). Refusals are cached too, briefly, so a client hammering with a
 * bad token does not hammer the database. What changes per request (a Hawk MAC, the caller's IP) is checked
 * on every request, after the lookup. `beforeLookup` runs only when the database is about to be asked (the
 * failed-authentication throttle refuses there: src/auth/failed-auth-throttle.ts).
 */
export function createCredentialCache(ttlMs: number, maxEntries = 10_000) {
  const entries = new Map<string, Entry>();
  return async function credentialFor(
    em: EntityManager,
    scheme: AuthScheme,
    secretOrId: string,
    now = Date.now(),
    beforeLookup?: () => void,
  ): Promise<Credential> {
    const key = `${scheme}:${secretOrId}`;
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) {
      if (hit.error) throw hit.error;
      if (hit.credential) return hit.credential;
    }
    beforeLookup?.();
    try {
      const credential = await findCredential(em, scheme, secretOrId, new Date(now));
      if (ttlMs > 0) remember(key, { at: now, credential });
      return credential;
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
