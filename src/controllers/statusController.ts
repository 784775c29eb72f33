/**
 * The status controller: when an object changes, the objects that refer to it are checked again
 * and their status written when it changes (a bundle waiting for its profile turns Ready, a pool
 * waiting for its bundle resolves), so `kubectl apply -f dir/` works in any file order. It follows
 * the store's changes, whichever process or path wrote them, and writes through the write pipeline.
 */
import { ConflictError, KINDS, type KubeObject } from '../model/index.js';
import { kindModule, servedNamespace } from '../kinds/index.js';
import type { WritePipeline } from '../apiserver/index.js';
import type { ObjectKey, Store, WatchEvent } from '../storage/store.js';
import { ChangeFollower } from './runtime/informer.js';
import { WorkQueue } from './runtime/workQueue.js';

const keyString = (k: ObjectKey) => JSON.stringify([k.kind, k.namespace, k.name]);
const parseKey = (s: string): ObjectKey => {
  const [kind, namespace, name] = JSON.parse(s) as [string, string, string];
  return { kind, namespace, name };
};

/** Whether an object's references were all there when its status was last computed. */
const resolved = (o: KubeObject): boolean =>
  ((o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
    (c) => c.type === 'ResolvedRefs' && c.status === 'True',
  );

export class StatusController {
  private readonly queue: WorkQueue;
  private readonly follower: ChangeFollower;
  private resync: Promise<void> = Promise.resolve();
  /** Changes seen whose referrers are not queued yet. */
  private pendingChanges = 0;
  private lastSeenRv: string | undefined;
  /** Changed objects (as references to look up) waiting for the next batch. */
  private readonly changes = new Map<string, ObjectKey>();
  private handledRv: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly pipeline: WritePipeline,
    log: (message: string) => void,
  ) {
    this.queue = new WorkQueue((key) => this.reconcile(parseKey(key)), {
      onError: (key, error) => {
        if (!(error instanceof ConflictError))
          log(`status controller: re-checking ${key} failed (will retry): ${String(error)}`);
      },
    });
    this.follower = new ChangeFollower(
      store,
      KINDS.map((k) => k.kind),
      (e) => this.changed(e),
      (error) => log(`status controller: following changes failed: ${String(error)}`),
    );
  }

  /**
   * Follows changes after `checkpoint` (where the previous controller left off: its changes are
   * replayed from the store's history), or, without one or when the history no longer reaches it,
   * from now on after re-checking in the background every object that waits for references.
   * Start-up work then grows with what changed meanwhile, not with what is stored.
   */
  async start(checkpoint?: string): Promise<'checkpoint' | 'resync'> {
    if (checkpoint) {
      try {
        await this.follower.start(checkpoint);
        return 'checkpoint';
      } catch {
        // too old (410) or unreadable: fall back to reading everything that waits
      }
    }
    await this.follower.start();
    this.resync = this.resyncWaiting();
    return 'resync';
  }

  /**
   * The resourceVersion up to which every change has been handled (its referrers re-checked), for
   * the lease, so that a successor carries on from there.
   */
  checkpoint(): string | undefined {
    if (this.pendingChanges === 0 && this.queue.size === 0 && this.lastSeenRv)
      this.handledRv = this.lastSeenRv;
    return this.handledRv;
  }

  stop(): void {
    this.follower.stop();
    this.queue.stop();
  }

  /** Resolves when every change seen so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    await this.resync;
    // A re-check may write a status, whose change re-checks that object's referrers in turn; and
    // a change is looked up a turn of the event loop after it arrives.
    for (let quiet = 0; quiet < 2;) {
      await new Promise((r) => setImmediate(r));
      if (this.queue.size === 0 && this.pendingChanges === 0 && this.changes.size === 0) quiet++;
      else {
        quiet = 0;
        await this.queue.idle();
      }
    }
  }

  /**
   * Notes a change; its referrers are looked up on the next turn of the event loop, in one batch,
   * so that a write's answer is not held up by what follows from it (a 10,000-object import).
   * Only a kind that serves another namespace (a Project) needs its object read.
   */
  private changed(e: WatchEvent): void {
    this.lastSeenRv = e.resourceVersion;
    const module = kindModule(e.key.kind);
    const target = module.servedNamespace ? { ...e.key, namespace: servedNamespace(e.object) } : e.key;
    this.changes.set(keyString(target), target);
    if (this.changes.size === 1) {
      this.pendingChanges++;
      setImmediate(() => void this.lookUpReferrers());
    }
  }

  private async lookUpReferrers(): Promise<void> {
    const batch = [...this.changes.values()];
    this.changes.clear();
    try {
      for (const target of batch)
        for (const d of await this.store.dependents(target, { includeAny: true }))
          this.queue.add(keyString(d));
    } catch {
      // The store is closing; a later start re-checks what waits.
    } finally {
      this.pendingChanges--;
    }
  }

  private async reconcile(key: ObjectKey): Promise<void> {
    await this.pipeline.recheck(key);
  }

  private async resyncWaiting(): Promise<void> {
    for (const k of KINDS.filter((x) => kindModule(x.kind).status)) {
      let cont: string | undefined;
      do {
        const page = await this.store
          .list(k.kind, { limit: 500, ...(cont ? { continue: cont } : {}) })
          .catch(() => undefined);
        if (!page) return;
        for (const o of page.items)
          if (!resolved(o))
            this.queue.add(
              keyString({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name }),
            );
        cont = page.continue;
      } while (cont);
    }
  }
}
