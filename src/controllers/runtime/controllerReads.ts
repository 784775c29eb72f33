/**
 * The reads controllers make to find what a change concerns, shared between them and kept while
 * still true — what client-go's shared informers and listers give a Kubernetes controller manager,
 * without holding every object in memory.
 *
 * Every controller sees every change and asks about it: under a stream of creates, five loops each
 * read the store once or twice per change (the referrers of the new object, the Projects, the
 * deployments of its namespace). Two things make most of those reads unnecessary:
 * - the referrers of one change are asked by several controllers: they are read once per change
 *   (its resourceVersion) and the answer shared. An answer read after the change committed holds
 *   everything that referred to it when it was made; what refers to it later has its own change.
 * - a list of a kind that has not changed since it was read is still the answer: lists of the
 *   followed kinds are kept until the next change of their kind reaches this process (the same
 *   moment the controllers themselves learn of it, so a controller never acts on a list older than
 *   what it has been told).
 * Both are bounded (entries and items), so memory does not grow with the number of objects.
 */
import { deepFreeze } from '../../storage/watchHub.js';
import type { ObjectKey, Store, StoredObject, Watch, WatchEvent } from '../../storage/store.js';

export interface ControllerReadsOptions {
  /** Kinds whose lists are kept between their changes. */
  listKinds: readonly string[];
  /** How many answers of each sort are kept (the oldest go first); default 256. */
  maxEntries?: number;
  /**
   * How many listed objects are kept in all (the oldest lists go first; a longer list is not kept):
   * memory stays bounded whatever the number of objects and namespaces. @default 5,000
   */
  maxItems?: number;
}

/**
 * A map bounded in entries and in their total weight, that forgets its oldest entries first.
 */
class Recent<V> extends Map<string, V> {
  private total = 0;

  constructor(
    private readonly bound: number,
    private readonly weightBound = Infinity,
    private readonly weight: (v: V) => number = () => 0,
  ) {
    super();
  }

  override set(key: string, value: V): this {
    this.delete(key);
    super.set(key, value);
    this.total += this.weight(value);
    while (this.size > this.bound || this.total > this.weightBound) this.delete(this.keys().next().value!);
    return this;
  }

  override delete(key: string): boolean {
    const had = this.get(key);
    if (had !== undefined) this.total -= this.weight(had);
    return super.delete(key);
  }

  override clear(): void {
    this.total = 0;
    super.clear();
  }
}

const keyOf = (k: ObjectKey) => `${k.kind}\0${k.namespace}\0${k.name}`;

export class ControllerReads {
  private readonly referrers: Recent<Promise<readonly ObjectKey[]>>;
  private readonly lists: Recent<{ version: number; items: readonly StoredObject[] }>;
  /** Per followed kind, a number that changes with each of its changes; absent while not followed. */
  private readonly versions = new Map<string, number>();
  private readonly watches = new Map<string, Watch>();
  private readonly maxItems: number;
  private running = false;
  private generation = 0;
  /** Source of the versions: never repeats, so no answer kept before a re-watch can match again. */
  private counter = 0;

  constructor(
    private readonly store: Store,
    private readonly options: ControllerReadsOptions,
  ) {
    this.referrers = new Recent(options.maxEntries ?? 256);
    this.maxItems = options.maxItems ?? 5_000;
    this.lists = new Recent(options.maxEntries ?? 256, this.maxItems, (l) => l.items.length);
  }

  /** Starts following the list kinds' changes (lists are read through until then). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    await Promise.all(this.options.listKinds.map((kind) => this.follow(kind, generation)));
  }

  /** Stops following and forgets every answer. */
  stop(): void {
    this.running = false;
    this.generation++;
    for (const w of this.watches.values()) w.stop();
    this.watches.clear();
    this.versions.clear();
    this.referrers.clear();
    this.lists.clear();
  }

  /**
   * What refers to `target`, or may pick any object of its kind (`dependents` with `includeAny`),
   * read once for `change` whichever controller asks first.
   */
  dependents(change: WatchEvent, target: ObjectKey): Promise<readonly ObjectKey[]> {
    const key = `${change.resourceVersion}\0${keyOf(target)}`;
    const known = this.referrers.get(key);
    if (known) return known;
    const asked = this.store.dependents(target, { includeAny: true }).then((keys) => deepFreeze(keys));
    this.referrers.set(key, asked);
    asked.catch(() => this.referrers.delete(key));
    return asked;
  }

  /**
   * The objects of `kind` (in `namespace`, or all), deep-frozen: the last answer while no change of
   * the kind has reached this process since it was read.
   */
  async list<T = StoredObject>(kind: string, namespace?: string): Promise<readonly T[]> {
    const key = `${kind}\0${namespace ?? ''}`;
    const version = this.versions.get(kind);
    const kept = this.lists.get(key);
    if (version !== undefined && kept?.version === version) return kept.items as unknown as readonly T[];
    const { items } = await this.store.list(kind, namespace === undefined ? {} : { namespace });
    // Kept only if nothing of the kind changed while the answer was on its way.
    if (version !== undefined && this.versions.get(kind) === version && items.length <= this.maxItems)
      this.lists.set(key, { version, items: deepFreeze(items) });
    return items as unknown as readonly T[];
  }

  private changed(kind: string): void {
    this.versions.set(kind, ++this.counter);
  }

  /**
   * Watches `kind` from the store's current resourceVersion: lists read from then on see every
   * change up to that point, and each later change invalidates them. A dropped watch stops the
   * keeping (lists read through) until it is watched again.
   */
  private async follow(kind: string, generation: number): Promise<void> {
    const watch = await this.store.watch(
      kind,
      {},
      undefined,
      () => this.changed(kind),
      () => {
        this.versions.delete(kind);
        this.watches.delete(kind);
        if (this.running && generation === this.generation)
          this.follow(kind, generation).catch(() => undefined);
      },
    );
    if (!this.running || generation !== this.generation) return watch.stop();
    this.watches.set(kind, watch);
    this.versions.set(kind, ++this.counter);
  }
}
