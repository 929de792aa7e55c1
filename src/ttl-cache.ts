/**
 * The one in-process cache of the bot: entries trusted for a time, at most so many of them (the
 * oldest used goes first). Every process-local cache (installation tokens, the web server's repo
 * config, the worker's repository files and branch heads) is one of these, so expiry, the size
 * bound, single flight and failed reads behave the same everywhere.
 *
 * Values kept past their time are not thrown away: {@link TtlCache.last} still gives them, as the
 * fallback when a new read fails, and `staleMs` lets {@link TtlCache.load} answer with them at once
 * while one read refreshes them in the background (stale-while-revalidate).
 */

export interface TtlCacheOptions {
  /** How long a value is fresh, in milliseconds. */
  ttlMs: number;
  /**
   * How long after that `load` still answers with the old value at once while it is read again in
   * the background. Default 0: an expired value is read again before answering.
   */
  staleMs?: number;
  /** Entries kept at most; the least recently used goes first. Default 5,000. */
  maxEntries?: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry<V> {
  /** When `value` was stored; undefined while the first read is on its way. */
  at?: number;
  value?: V;
  /** The read in flight, shared by every caller that asks meanwhile. */
  reading?: Promise<V>;
  ttlMs: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: TtlCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.staleMs = options.staleMs ?? 0;
    this.maxEntries = Math.max(1, options.maxEntries ?? 5_000);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The fresh value of `key`, or undefined. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.at === undefined || this.age(entry) >= entry.ttlMs) return undefined;
    this.touch(key, entry);
    return entry.value;
  }

  /** The last value stored for `key`, however old; undefined when none was. */
  last(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry?.at === undefined ? undefined : entry.value;
  }

  /** Stores a value, fresh for `ttlMs` (default: the cache's). */
  set(key: string, value: V, ttlMs = this.ttlMs): void {
    const entry = this.entries.get(key);
    this.touch(key, { at: this.now(), value, ttlMs, reading: entry?.reading });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /**
   * The value of `key`: fresh from the cache; stale (within `staleMs`) from the cache at once, with
   * one `read` refreshing it in the background; otherwise from `read`, which every caller asking
   * meanwhile shares. A failed read stores nothing (the old value, if any, stays for {@link last}),
   * and the next call reads again.
   */
  load(key: string, read: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry?.at !== undefined) {
      const age = this.age(entry);
      if (age < entry.ttlMs) {
        this.touch(key, entry);
        return Promise.resolve(entry.value as V);
      }
      if (age < entry.ttlMs + this.staleMs) {
        // Settled here: nobody awaits a background refresh, and its failure changes nothing.
        this.refresh(key, read).catch(() => {});
        return Promise.resolve(entry.value as V);
      }
    }
    return this.refresh(key, read);
  }

  private refresh(key: string, read: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry?.reading) return entry.reading;
    const reading = read();
    const current: Entry<V> = entry ?? { ttlMs: this.ttlMs };
    current.reading = reading;
    this.touch(key, current);
    const done = (): void => {
      const now = this.entries.get(key);
      if (now?.reading === reading) now.reading = undefined;
    };
    reading.then(
      (value) => {
        done();
        // Deleted meanwhile (or evicted): the value is still the caller's, but not kept.
        if (this.entries.get(key) === current) this.set(key, value);
      },
      () => {
        done();
        if (this.entries.get(key) === current && current.at === undefined) this.entries.delete(key);
      },
    );
    return reading;
  }

  private age(entry: Entry<V>): number {
    return this.now() - (entry.at ?? 0);
  }

  /** Re-inserts `key` as the most recently used, evicting the least recently used past the bound. */
  private touch(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
  }
}
