import { describe, expect, it } from 'vitest';
import { createFailedAuthThrottle, TooManyFailedAuthentications } from '../../src/auth/failed-auth-throttle.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';

/** The wait beforeLookup asks for, or undefined when it lets the lookup happen. */
function waitFor(check: () => void): number | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof TooManyFailedAuthentications) return error.retryAfterSeconds;
    throw error;
  }
}

describe('createFailedAuthThrottle', () => {
  it('lets `burst` failures through, then refuses lookups until one failure has refilled', () => {
    let now = 0;
    const throttle = createFailedAuthThrottle({ perMinute: 30, burst: 3 }, () => now); // one every 2 s
    for (let i = 0; i < 3; i++) {
      expect(waitFor(() => throttle.beforeLookup('10.0.0.1'))).toBeUndefined();
      throttle.failed('10.0.0.1');
    }
    expect(waitFor(() => throttle.beforeLookup('10.0.0.1'))).toBe(2);
    // Refusing does not use anything up: the wait only shrinks.
    now += 1_500;
    expect(waitFor(() => throttle.beforeLookup('10.0.0.1'))).toBe(1);
    now += 500;
    expect(waitFor(() => throttle.beforeLookup('10.0.0.1'))).toBeUndefined();
    throttle.failed('10.0.0.1');
    expect(waitFor(() => throttle.beforeLookup('10.0.0.1'))).toBe(2);
  });

  it('keeps one bucket per address, and successes (no call to failed) cost nothing', () => {
    const throttle = createFailedAuthThrottle({ perMinute: 60, burst: 1 }, () => 0);
    for (let i = 0; i < 100; i++) expect(waitFor(() => throttle.beforeLookup('10.0.0.1'))).toBeUndefined();
    throttle.failed('10.0.0.1');
    expect(waitFor(() => throttle.beforeLookup('10.0.0.1'))).toBe(1);
    expect(waitFor(() => throttle.beforeLookup('10.0.0.2'))).toBeUndefined();
  });

  it('0 per minute turns it off', () => {
    const throttle = createFailedAuthThrottle({ perMinute: 0, burst: 1 }, () => 0);
    for (let i = 0; i < 100; i++) throttle.failed('10.0.0.1');
    expect(waitFor(() => throttle.beforeLookup('10.0.0.1'))).toBeUndefined();
  });

  it('forgets the least recently seen address when full, rather than growing without bound', () => {
    const throttle = createFailedAuthThrottle({ perMinute: 60, burst: 1 }, () => 0, 2);
    throttle.failed('a');
    throttle.failed('b');
    throttle.failed('c'); // pushes a out
    expect(waitFor(() => throttle.beforeLookup('a'))).toBeUndefined();
    expect(waitFor(() => throttle.beforeLookup('b'))).toBe(1);
  });

  it('is configured by FAILED_AUTH_PER_MINUTE and FAILED_AUTH_BURST: 60 and 20 unless set', () => {
    expect(loadConfig({}).failedAuthLimit).toEqual({ perMinute: 60, burst: 20 });
    expect(loadConfig({ FAILED_AUTH_PER_MINUTE: '0', FAILED_AUTH_BURST: '5' }).failedAuthLimit).toEqual({ perMinute: 0, burst: 5 });
    expect(() => loadConfig({ FAILED_AUTH_BURST: '0' })).toThrow(ConfigError);
  });
});
