import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/bounded-cache.js';

describe('BoundedCache', () => {
  it('computes a value once and keeps it', () => {
    const cache = new BoundedCache<string, number>(2);
    let made = 0;
    const make = (key: string) => (made++, key.length);
    expect(cache.get('abc', make)).toBe(3);
    expect(cache.get('abc', make)).toBe(3);
    expect(made).toBe(1);
  });

  it('never holds more than its size, dropping the least recently used', () => {
    const cache = new BoundedCache<string, string>(2);
    const made: string[] = [];
    const make = (key: string) => (made.push(key), key.toUpperCase());
    cache.get('a', make);
    cache.get('b', make);
    cache.get('a', make); // a is now the most recently used
    cache.get('c', make); // drops b
    expect(cache.count).toBe(2);
    cache.get('a', make);
    cache.get('b', make); // made again
    expect(made).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps an undefined answer too (a document with nothing to refuse)', () => {
    const cache = new BoundedCache<string, undefined>(1);
    let made = 0;
    cache.get('x', () => void made++);
    cache.get('x', () => void made++);
    expect(made).toBe(1);
  });
});
