/**
 * A map that keeps at most `size` entries, dropping the least recently used: for answers worked out from a
 * request's text (a document's measure, an embed's column name) that repeat from request to request, where
 * a caller sending ever new texts must not grow the process's memory.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly size: number) {}

  /** The value for `key`, computed by `make` on a miss and kept. */
  get(key: K, make: (key: K) => V): V {
    const entries = this.entries;
    if (entries.has(key)) {
      const value = entries.get(key) as V;
      // A Map iterates in insertion order: re-inserting marks the entry as the most recently used.
      entries.delete(key);
      entries.set(key, value);
      return value;
    }
    const value = make(key);
    entries.set(key, value);
    if (entries.size > this.size) entries.delete(entries.keys().next().value as K);
    return value;
  }

  get count(): number {
    return this.entries.size;
  }
}
