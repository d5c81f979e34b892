import type { CallerKind, CallerLimits } from '../config/config.js';
import type { Viewer } from './viewer.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; at: number };

/** The bucket key: one bucket per caller, whatever token it uses (a client with two tokens shares one). */
export function callerKey(viewer: Viewer): string {
  switch (viewer.kind) {
    case 'adviser':
      return `adviser:${viewer.adviserId}`;
    case 'client':
      return `client:${viewer.clientId}`;
  }
}

/**
 * A token bucket per caller, in memory: it holds up to `rateBurst` requests and refills at
 * `ratePerMinute`, continuously. `ratePerMinute: 0` turns the limit off for that kind of caller.
 * In memory means per process: with N api processes a caller gets up to N times the rate, which is
 * acceptable for a limit that exists to stop runaway clients, not to meter them.
 * `now` is injectable so tests can move time instead of sleeping.
 */
export function createRateLimiter(
  limits: Record<CallerKind, Pick<CallerLimits, 'ratePerMinute' | 'rateBurst'>>,
  now: () => number = Date.now,
  maxBuckets = 100_000,
) {
  const buckets = new Map<string, Bucket>();
  return function take(viewer: Viewer): RateDecision {
    const { ratePerMinute, rateBurst } = limits[viewer.kind];
    if (ratePerMinute <= 0) return { allowed: true };
    const perMs = ratePerMinute / 60_000;
    const key = callerKey(viewer);
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: rateBurst, at: t };
    bucket.tokens = Math.min(rateBurst, bucket.tokens + Math.max(0, t - bucket.at) * perMs);
    bucket.at = t;
    // Re-inserting keeps the Map in least-recently-used order; the oldest goes when it is full (that
    // caller then starts again with a full bucket, which errs on the lenient side).
    buckets.delete(key);
    if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value!);
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  };
}

/** The 429 body: GraphQL-shaped, like every other refusal, with the wait in seconds. */
export function rateLimitedBody(retryAfterSeconds: number) {
  return {
    errors: [
      {
        message: `Too many requests; try again in ${retryAfterSeconds} s.`,
        extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterSeconds },
      },
    ],
  };
}
