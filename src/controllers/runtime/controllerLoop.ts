/**
 * The loop every controller runs: follow the store's changes of the kinds it watches, map each
 * change to the objects it must reconcile (on the next turn of the event loop, in one batch, so a
 * write's answer is never held up by what follows from it), and reconcile them through a keyed work
 * queue with retries. It keeps a checkpoint (the resourceVersion up to which every change has been
 * handled) that the lease carries to the next leader.
 */
import { ConflictError, InvalidError, type KubeObject } from '../../model/index.js';
import type { ListTextResult, ObjectKey, Store, WatchEvent } from '../../storage/store.js';
import { ChangeFollower } from './informer.js';
import { WorkQueue } from './workQueue.js';

/** What a controller is: what it watches, what a change makes it reconcile, and how. */
export interface Reconciler {
  /** For logs (`status controller`, `compute-pool controller`). */
  readonly name: string;
  /** The kinds whose changes concern it. */
  readonly watches: readonly string[];
  /** The objects a change makes it reconcile (looked up in the next batch, after the write). */
  keysFor(change: WatchEvent): readonly ObjectKey[] | Promise<readonly ObjectKey[]>;
  /**
   * Brings one object to what it should be; throws to be retried with backoff, or asks to be
   * called again later (a cluster still provisioning).
   */
  reconcile(key: ObjectKey): Promise<void | { requeueAfterMs: number }>;
  /**
   * The objects to reconcile when it starts without a checkpoint (first start, or the store's
   * history no longer reaches the checkpoint), page by page in the background.
   */
  resync?(object: KubeObject): boolean;
  /** The kinds `resync` is asked about. @default watches */
  readonly resyncKinds?: readonly string[];
}

/** How a loop pages through the store when it resyncs. */
export interface ResyncOptions {
  /** Objects read per page. @default 500 */
  pageSize?: number;
  /**
   * Keys queued at most before the next page is read: a resync over a million objects holds a
   * page and this many keys, never every object or every key. @default 1000
   */
  queueBound?: number;
}

/** Objects of a resync page parsed between two turns of the event loop. */
const RESYNC_SLICE = 50;
/**
 * Changes waiting for their keys at most: past this many, delivery waits until they are looked up
 * (the watch holds the rest: a page of history, or its bounded queue). Issue #11: a controller that
 * resumed after a 50,000-object import held every change of it, and the server ~300 MB with them;
 * with 1,000 waiting the changes still lived long enough to reach V8's old generation (see
 * REPLAY_PAGE in watchHub.ts): 100 keep a busy controller fed and die young.
 */
export const PENDING_CHANGES = 100;

const keyString = (k: ObjectKey) => JSON.stringify([k.kind, k.namespace, k.name]);
const parseKey = (s: string): ObjectKey => {
  const [kind, namespace, name] = JSON.parse(s) as [string, string, string];
  return { kind, namespace, name };
};

export class ControllerLoop {
  private readonly queue: WorkQueue;
  private readonly follower: ChangeFollower;
  private resyncing: Promise<void> = Promise.resolve();
  /** While a resync runs, no checkpoint: a leader taking over must resync again. */
  private resyncDone = true;
  /**
   * Changes delivered whose keys are not queued yet, the one being looked up first: a lookup runs
   * (see {@link lookUp}) exactly while this is not empty.
   */
  private readonly changes: WatchEvent[] = [];
  /** Deliveries held back until fewer changes wait (see {@link changed}). */
  private readonly resumes: (() => void)[] = [];
  private lastSeenRv: string | undefined;
  private handledRv: string | undefined;
  /**
   * Keys a reconcile asked to see again later (a cluster still provisioning), by key. Outside the
   * work queue (its idle() must not wait for them), but they hold the checkpoint back: the next
   * leader replays from it and so polls them too, instead of leaving them half done.
   */
  private readonly requeues = new Map<string, NodeJS.Timeout>();
  /** Stopped: what was queued is dropped, so the checkpoint must not move any more. */
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly reconciler: Reconciler,
    private readonly log: (message: string) => void,
    private readonly resyncOptions: ResyncOptions = {},
  ) {
    this.queue = new WorkQueue(
      async (key) => {
        let again: void | { requeueAfterMs: number };
        try {
          again = await reconciler.reconcile(parseKey(key));
        } catch (error) {
          // A write the rules refuse will be refused again: no retry; a change to what the object
          // refers to queues it anew.
          if (error instanceof InvalidError) {
            log(`${reconciler.name}: ${key}: ${error.message}`);
            return;
          }
          throw error;
        }
        if (again) this.requeue(key, again.requeueAfterMs);
      },
      {
        onError: (key, error) => {
          // A conflict means someone wrote the object meanwhile: the retry reads it again.
          if (!(error instanceof ConflictError))
            log(`${reconciler.name}: ${key} failed (will retry): ${String(error)}`);
        },
      },
    );
    this.follower = new ChangeFollower(
      store,
      reconciler.watches,
      (e) => this.changed(e),
      (error) => log(`${reconciler.name}: following changes failed: ${String(error)}`),
    );
  }

  /**
   * Follows changes after `checkpoint` (replayed from the store's history), or, without one or when
   * the history no longer reaches it, from now on after a background resync.
   */
  async start(checkpoint?: string): Promise<'checkpoint' | 'resync'> {
    if (checkpoint) {
      try {
        await this.follower.start(checkpoint);
        this.handledRv = checkpoint;
        return 'checkpoint';
      } catch {
        // too old (410) or unreadable: fall back to a resync
      }
    }
    const now = await this.store.currentRv();
    await this.follower.start(now);
    this.handledRv = now;
    this.resyncDone = false;
    this.resyncing = this.resync().finally(() => (this.resyncDone = true));
    return 'resync';
  }

  stop(): void {
    this.stopped = true;
    this.follower.stop();
    // deliveries held back: their watches are stopped, nothing more comes
    for (const resume of this.resumes.splice(0)) resume();
    this.queue.stop();
    for (const t of this.requeues.values()) clearTimeout(t);
    this.requeues.clear();
  }

  private requeue(key: string, ms: number): void {
    clearTimeout(this.requeues.get(key));
    const timer = setTimeout(() => {
      this.requeues.delete(key);
      this.queue.add(key);
    }, ms);
    timer.unref();
    this.requeues.set(key, timer);
  }

  /** Queues an object to reconcile now (e.g. the owner of something that went away). */
  enqueue(key: ObjectKey): void {
    this.queue.add(keyString(key));
  }

  /**
   * The resourceVersion up to which every change seen has been handled (nothing queued, running,
   * retrying or waiting to be polled again); none while a resync runs (the objects it has not
   * reached yet are not handled).
   */
  checkpoint(): string | undefined {
    if (!this.resyncDone) return undefined;
    if (
      !this.stopped &&
      this.changes.length === 0 &&
      this.queue.size === 0 &&
      this.requeues.size === 0 &&
      this.lastSeenRv
    )
      this.handledRv = this.lastSeenRv;
    return this.handledRv;
  }

  /** Resolves when every change seen so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    await this.resyncing;
    // A reconcile may write, whose change is looked up a turn later and may queue more work.
    for (let quiet = 0; quiet < 2;) {
      await new Promise((r) => setImmediate(r));
      if (this.queue.size === 0 && this.changes.length === 0) quiet++;
      else {
        quiet = 0;
        await this.queue.idle();
      }
    }
  }

  /**
   * Takes a change: its keys are looked up in order, one change after another, by one lookup that
   * runs while changes wait. Returns a promise when {@link PENDING_CHANGES} wait: the next change is
   * delivered once half of them are looked up.
   */
  private changed(e: WatchEvent): Promise<void> | undefined {
    this.lastSeenRv = e.resourceVersion;
    // the first change waiting starts a lookup, a turn later: the changes delivered meanwhile are
    // looked up in the same run
    if (this.changes.push(e) === 1) setImmediate(() => void this.lookUp());
    if (this.changes.length < PENDING_CHANGES) return undefined;
    return new Promise((resume) => this.resumes.push(resume));
  }

  /** Looks up the waiting changes one after another; delivery resumes once half the bound is left. */
  private async lookUp(): Promise<void> {
    while (this.changes.length) {
      const e = this.changes[0]!; // stays counted while it is looked up
      try {
        for (const k of await this.reconciler.keysFor(e)) this.queue.add(keyString(k));
      } catch (error) {
        this.log(`${this.reconciler.name}: looking up what a change concerns failed: ${String(error)}`);
      }
      this.changes.shift();
      if (this.changes.length <= PENDING_CHANGES / 2 && this.resumes.length)
        for (const resume of this.resumes.splice(0)) resume();
    }
  }

  /**
   * Queues what the reconciler wants of every stored object, a page at a time: between pages it
   * lets the event loop run (the server answers requests meanwhile; a page is read synchronously)
   * and waits until the queue has room, so memory holds one page and a bounded number of keys.
   */
  private async resync(): Promise<void> {
    const wanted = this.reconciler.resync;
    if (!wanted) return;
    const pageSize = this.resyncOptions.pageSize ?? 500;
    const queueBound = this.resyncOptions.queueBound ?? 1_000;
    for (const kind of this.reconciler.resyncKinds ?? this.reconciler.watches) {
      let cont: string | undefined;
      for (;;) {
        await this.queue.room(queueBound);
        await new Promise((r) => setImmediate(r));
        if (this.stopped) return;
        let page: ListTextResult;
        try {
          page = await this.store.listText(kind, { limit: pageSize, ...(cont ? { continue: cont } : {}) });
        } catch (error) {
          // The page's token expired (the history moved on) or the store is closing: this kind
          // again from its start a little later (queued keys wait only once).
          if (this.stopped) return;
          this.log(`${this.reconciler.name}: resync of ${kind} failed (starting it again): ${String(error)}`);
          await new Promise((r) => setTimeout(r, 1_000).unref());
          cont = undefined;
          continue;
        }
        // Parsed a slice at a time, the event loop running in between: a page's parse is the
        // longest stretch a resync would otherwise hold the loop (a starting server waits on it).
        for (let i = 0; i < page.items.length; i++) {
          if (i > 0 && i % RESYNC_SLICE === 0) await new Promise((r) => setImmediate(r));
          if (this.stopped) return;
          const o = JSON.parse(page.items[i]!) as KubeObject;
          if (wanted(o))
            this.enqueue({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name });
        }
        cont = page.continue;
        if (!cont) break;
      }
    }
  }
}
