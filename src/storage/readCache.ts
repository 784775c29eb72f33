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
import { deepFreeze } from './watchHub.js';

interface Entry {
  version: number;
  value: unknown;
}

/** The most entries kept; the least recently used go first. */
const MAX_ENTRIES = 1_000;
/** A list longer than this is not kept (memory stays small whatever is listed). */
export const MAX_CACHED_ITEMS = 50;

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
   * `keep` says it is too big to keep).
   */
  read<T>(kind: string, key: string, load: () => T, keep: (value: T) => boolean = () => true): T {
    const version = this.versions.get(kind) ?? 0;
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // Map keeps insertion order: re-inserting marks it as recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = deepFreeze(load());
    if (keep(value)) {
      this.entries.delete(key);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { version, value });
    }
    return value;
  }

  /** How many answers are kept (tests). */
  get size(): number {
    return this.entries.size;
  }
}
