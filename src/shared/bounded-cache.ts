/**
 * A module-level cache that cannot grow without bound or go stale forever:
 * at most `maxEntries` (the least recently used go first) and each entry
 * lives `ttlMs`. A miss is `undefined`, so `null` can be cached.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    this.#entries.delete(key);
    if (hit.expires <= this.now()) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.#entries.set(key, hit);
    return hit.value;
  }

  /** `ttlMs` overrides the cache's own for this entry. */
  set(key: string, value: V, ttlMs: number = this.ttlMs): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expires: this.now() + ttlMs });
    while (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
