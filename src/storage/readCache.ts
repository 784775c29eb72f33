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
import { deepFreeze } from './watchHub.js';

interface Entry {
  version: number;
  value: unknown;
}

/** The most entries kept; the least recently used go first. */
const MAX_ENTRIES = 1_000;
/** A list longer than this is not kept (memory stays small whatever is listed). */
const MAX_CACHED_ITEMS = 50;

export class ReadCache {
  /** Per kind: how many times it changed (or may have) since the cache started. */
  private readonly versions = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();

  /** Forgets what was read of `kind`: it was written, or a write of it was undone. */
  changed(kind: string): void {
    this.versions.set(kind, (this.versions.get(kind) ?? 0) + 1);
  }

  /** Forgets everything (another connection committed). */
  clear(): void {
    this.entries.clear();
    this.versions.clear();
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
      this.entries.delete(key);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { version, value });
    }
    return value;
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
