import type { CallerKind, CallerLimits } from '../config/config.js';
import type { Reason } from '../errors.js';
import type { Viewer } from './viewer.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; at: number };

/** A bucket's size and how fast it refills. */
export type BucketRate = { perMinute: number; burst: number };

/**
 * Token buckets by key, in memory, refilled continuously from `now`. At most `maxBuckets` are kept, least
 * recently used first out (that key then starts again with a full bucket, which errs on the lenient side).
 */
export function createTokenBuckets(now: () => number, maxBuckets = 100_000) {
  const buckets = new Map<string, Bucket>();

  /** The key's bucket refilled to now and made the most recently used; undefined if it has none and `create` is false. */
  function current(key: string, rate: BucketRate, create: boolean): Bucket | undefined {
    const t = now();
    const found = buckets.get(key);
    if (!found && !create) return undefined;
    const bucket = found ?? { tokens: rate.burst, at: t };
    bucket.tokens = Math.min(rate.burst, bucket.tokens + Math.max(0, t - bucket.at) * (rate.perMinute / 60_000));
    bucket.at = t;
    // Re-inserting keeps the Map in least-recently-used order.
    buckets.delete(key);
    if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value!);
    buckets.set(key, bucket);
    return bucket;
  }

  const refusal = (bucket: Bucket, rate: BucketRate): RateDecision => ({
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / (rate.perMinute / 60_000) / 1000)),
  });

  return {
    /** Takes a token when there is one; otherwise says how long until there is. */
    take(key: string, rate: BucketRate): RateDecision {
      const bucket = current(key, rate, true)!;
      if (bucket.tokens < 1) return refusal(bucket, rate);
      bucket.tokens -= 1;
      return { allowed: true };
    },
    /** Whether a token is there, taking none; a key never seen has a full bucket and is not stored. */
    peek(key: string, rate: BucketRate): RateDecision {
      const bucket = current(key, rate, false);
      return !bucket || bucket.tokens >= 1 ? { allowed: true } : refusal(bucket, rate);
    },
  };
}

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
  const buckets = createTokenBuckets(now, maxBuckets);
  return function take(viewer: Viewer): RateDecision {
    const { ratePerMinute, rateBurst } = limits[viewer.kind];
    if (ratePerMinute <= 0) return { allowed: true };
    return buckets.take(callerKey(viewer), { perMinute: ratePerMinute, burst: rateBurst });
  };
}

/** The 429 body: GraphQL-shaped, like every other refusal, with the wait in seconds (and why, when not the caller's own rate). */
export function rateLimitedBody(retryAfterSeconds: number, reason?: Reason, message = `Too many requests; try again in ${retryAfterSeconds} s.`) {
  return {
    errors: [
      {
        message,
        extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterSeconds, ...(reason ? { reason } : {}) },
      },
    ],
  };
}
