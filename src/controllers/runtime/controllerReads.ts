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
import { ReadCache } from '../../storage/readCache.js';
import type { ObjectKey, Store, StoredObject, Watch, WatchEvent } from '../../storage/store.js';
import { deepFreeze } from '../../storage/watchEvents.js';

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

const keyOf = (k: ObjectKey) => `${k.kind}\0${k.namespace}\0${k.name}`;

export class ControllerReads {
  /** The referrers asked for per change, as promises: every controller asking shares one read. */
  private readonly referrers = new Map<string, Promise<readonly ObjectKey[]>>();
  /** Lists of the followed kinds, each kind's dropped at its next change (the store's ReadCache). */
  private readonly kept: ReadCache;
  /** The kinds whose changes are followed now: only their lists are kept. */
  private readonly followed = new Set<string>();
  private readonly watches = new Map<string, Watch>();
  private readonly maxEntries: number;
  private readonly maxItems: number;
  private running = false;
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly options: ControllerReadsOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 256;
    this.maxItems = options.maxItems ?? 5_000;
    this.kept = new ReadCache({ entries: this.maxEntries, items: this.maxItems });
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
    this.followed.clear();
    this.referrers.clear();
    this.kept.clear();
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
    if (this.referrers.size > this.maxEntries) this.referrers.delete(this.referrers.keys().next().value!);
    asked.catch(() => this.referrers.delete(key));
    return asked;
  }

  /**
   * The objects of `kind` (in `namespace`, or all), deep-frozen: the last answer while no change of
   * the kind has reached this process since it was read.
   */
  async list<T = StoredObject>(kind: string, namespace?: string): Promise<readonly T[]> {
    const load = async () =>
      (await this.store.list(kind, namespace === undefined ? {} : { namespace })).items;
    const items = this.followed.has(kind)
      ? await this.kept.read(kind, `${kind}\0${namespace ?? ''}`, load, (l) => l.length <= this.maxItems)
      : await load();
    return items as unknown as readonly T[];
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
      () => this.kept.changed(kind),
      () => {
        this.followed.delete(kind);
        this.kept.changed(kind);
        this.watches.delete(kind);
        if (this.running && generation === this.generation)
          this.follow(kind, generation).catch(() => undefined);
      },
    );
    if (!this.running || generation !== this.generation) return watch.stop();
    this.watches.set(kind, watch);
    this.followed.add(kind);
  }
}
