import type { ListOptions, ListResult, Store } from '../../storage/store.js';

/** Kinds admission lists on every write and that change rarely. */
const CACHED = new Set(['VariableSet', 'Project', 'ClusterProfile']);
const MAX_ENTRIES = 10_000;

/**
 * Caches the lists admission reads on every write (a namespace's VariableSets, the Projects, the
 * versions of a cluster profile) until an object of that kind is written. Valid while this process
 * is the only writer (embedded SQLite); replicas on PostgreSQL must invalidate from watch events.
 */
export class ListCache {
  private readonly entries = new Map<string, ListResult>();

  constructor(private readonly store: Store) {}

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    if (!CACHED.has(kind) || options.limit || options.continue) return this.store.list(kind, options);
    const key = `${kind}\u0000${JSON.stringify(options)}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    const result = await this.store.list(kind, options);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, result);
    return result;
  }

  /** Forgets every cached list of `kind` (call on each write of that kind). */
  invalidate(kind: string): void {
    if (!CACHED.has(kind)) return;
    for (const key of this.entries.keys()) if (key.startsWith(`${kind}\u0000`)) this.entries.delete(key);
  }
}
