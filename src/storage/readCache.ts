/**
 * Reads inside write transactions, remembered while nothing they depend on can have changed.
 *
 * Every create re-read the same few objects (a bundle's two profiles, its namespace, the variable
 * sets of its namespace): a tenth of the write path's time went to those queries and to parsing
 * their JSON again. The cache sits on the writer connection, which sees every change that matters:
 * a kind's entries are dropped when this process writes that kind (at the write, so a transaction
 * sees its own writes) or rolls a write of it back, and all entries are dropped when another
 * connection has committed (SQLite's `PRAGMA data_version`, checked when each transaction begins).
 * It is exact, not eventually consistent: nothing read from it differs from what the query would
 * answer at that point of the transaction.
 *
 * Answers are shared between callers and deep-frozen: they are for code that only reads them.
 */
import type { StoreReader } from './store.js';
import { deepFreeze } from './watchEvents.js';

interface Entry {
  version: number;
  value: unknown;
  /** Items it holds (an array's length), counted against {@link ReadCacheLimits.items}. */
  items: number;
}

/** A list longer than this is not kept by {@link ReadCache.over} (admission's reads stay small). */
const MAX_CACHED_ITEMS = 50;

/** How much a {@link ReadCache} keeps; the least recently used answers go first. */
export interface ReadCacheLimits {
  /** Answers kept. @default 1,000 */
  entries?: number;
  /** Items of the kept answers that are arrays (lists), in all. @default no bound */
  items?: number;
}

export class ReadCache {
  /** Per kind: how many times it changed (or may have) since the cache started. */
  private readonly versions = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();
  private items = 0;
  private readonly maxEntries: number;
  private readonly maxItems: number;

  constructor(limits: ReadCacheLimits = {}) {
    this.maxEntries = limits.entries ?? 1_000;
    this.maxItems = limits.items ?? Infinity;
  }

  /** Forgets what was read of `kind`: it was written, or a write of it was undone. */
  changed(kind: string): void {
    this.versions.set(kind, (this.versions.get(kind) ?? 0) + 1);
  }

  /** Forgets everything (another connection committed). */
  clear(): void {
    this.entries.clear();
    this.versions.clear();
    this.items = 0;
  }

  /**
   * The answer remembered under `key` for `kind`, else `load()`'s (frozen, and remembered unless
   * `keep` says it is too big to keep). The version is taken before loading: a change meanwhile
   * leaves the entry stale from the start, never wrong.
   */
  async read<T>(
    kind: string,
    key: string,
    load: () => Promise<T>,
    keep: (value: T) => boolean = () => true,
  ): Promise<T> {
    const version = this.versions.get(kind) ?? 0;
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // Map keeps insertion order: re-inserting marks it as recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = deepFreeze(await load());
    if (keep(value)) {
      this.forget(key);
      const entry = { version, value, items: Array.isArray(value) ? value.length : 0 };
      this.entries.set(key, entry);
      this.items += entry.items;
      while (this.entries.size > this.maxEntries || this.items > this.maxItems)
        this.forget(this.entries.keys().next().value!);
    }
    return value;
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.items -= entry.items;
    this.entries.delete(key);
  }

  /**
   * `reader`'s gets and whole lists answered through this cache; `now` is the resourceVersion a
   * list reports (the transaction's, not the one of when its items were read). Pages carry
   * positions and counts of their moment: they are read each time.
   */
  over(reader: StoreReader, now: () => string): StoreReader {
    return {
      get: (key) =>
        this.read(key.kind, `g\u0000${key.kind}\u0000${key.namespace}\u0000${key.name}`, () =>
          reader.get(key),
        ),
      list: async (kind, options = {}) => {
        if (options.limit || options.continue) return reader.list(kind, options);
        const items = await this.read(
          kind,
          `l\u0000${kind}\u0000${JSON.stringify(options)}`,
          async () => (await reader.list(kind, options)).items,
          (found) => found.length <= MAX_CACHED_ITEMS,
        );
        return { items, resourceVersion: now() };
      },
      dependents: (target, options) => reader.dependents(target, options),
    };
  }

  /** How many answers are kept (tests). */
  get size(): number {
    return this.entries.size;
  }
}
