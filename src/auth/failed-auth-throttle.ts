import { createTokenBuckets, type BucketRate } from './rate-limit.js';

/**
 * Thrown instead of looking a credential up, for an address that has used up its failed authentications:
 * the api answers HTTP 429 RATE_LIMITED with Retry-After (src/app.ts).
 */
export class TooManyFailedAuthentications extends Error {
  readonly reason = 'TOO_MANY_FAILED_AUTHENTICATIONS';

  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed authentications from this address; try again in ${retryAfterSeconds} s.`);
    this.name = 'TooManyFailedAuthentications';
  }
}

/**
 * Failed authentications per client address, as a token bucket (`burst` of them, refilled at `perMinute`;
 * `perMinute: 0` turns it off): each refused credential takes a token, successes take none. Once an address
 * has none left, a credential from it that would have to be looked up in the database is refused before the
 * lookup, so guessing tokens costs no SQL; a credential the cache already knows (src/auth/credential-cache.ts)
 * answers as before, so callers sharing the address whose credentials are cached keep working.
 * In memory, per process, bounded like the rate limiter's buckets; `now` is injectable for tests.
 */
export function createFailedAuthThrottle(rate: BucketRate, now: () => number, maxAddresses = 100_000) {
  const buckets = createTokenBuckets(now, maxAddresses);
  const off = rate.perMinute <= 0;
  return {
    /** Before a credential lookup: throws TooManyFailedAuthentications when the address has no failures left. */
    beforeLookup(address: string): void {
      if (off) return;
      const decision = buckets.peek(address, rate);
      if (!decision.allowed) throw new TooManyFailedAuthentications(decision.retryAfterSeconds);
    },
    /** Counts one refused credential against the address. */
    failed(address: string): void {
      if (!off) buckets.take(address, rate);
    },
  };
}
