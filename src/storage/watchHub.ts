/**
 * Fan-out of committed changes to in-process watchers.
 *
 * Writers hand every committed change to {@link WatchHub.publish}, in resourceVersion order; the
 * hub only queues it on each interested watcher and returns, so writers never run consumer code
 * and never wait for a consumer. Each watcher delivers its queue on a microtask, one event after
 * another; an event a callback causes (a write inside `onEvent`) is queued behind the current one,
 * so every watcher sees strictly increasing resourceVersions. A watcher skips any change at or
 * below the last resourceVersion it has queued: that is what lets a watch replay history and then
 * take live changes with neither a gap nor a duplicate.
 *
 * Memory is bounded per watcher: a consumer may hold delivery back (its callback returns a promise,
 * e.g. until a socket drains). A watcher of a store's feed that falls behind (a page queued, or
 * its {@link WatchLimits}) reads what it has not delivered from the store's history instead, a page
 * at a time as its consumer takes it, and so does a watch from an older resourceVersion (see
 * {@link Watcher.replay}): a 50,000-object import no longer sits in every slow watcher's queue
 * (issue #11). Only history trimmed past a watcher drops it (`onClose('dropped')`), so that a
 * server can end the response as Kubernetes does after 410 Expired and the client lists again; a
 * watcher with no history to read is dropped when its queue goes over its limits.
 */
import { matchesPlace } from './labelSelector.js';
import type { Selection, Watch, WatchCallback, WatchCloseReason, WatchLimits } from './store.js';
import { toWatchEvent, type Change } from './watchEvents.js';

/** Default bound of a watcher's queue. */
export const DEFAULT_WATCH_LIMITS: Required<WatchLimits> = { events: 10_000, bytes: 64 * 1024 * 1024 };

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

/**
 * `next(get())`, synchronously when `get` answers synchronously (SQLite) and after it resolves
 * otherwise (PostgreSQL); a rejection or a throw comes back as a rejected promise.
 */
const then = <T>(get: () => Promise<T> | T, next: (value: T) => unknown): Promise<unknown> => {
  try {
    const value = get();
    return isThenable(value) ? Promise.resolve(value).then(next) : Promise.resolve(next(value));
  } catch (error) {
    return Promise.reject(error);
  }
};

/**
 * Changes of a replay read from the history at once; also how many a watcher with a history to
 * read from queues at most (past it, it reads the rest from the history: see {@link Watcher.offer}).
 * Small on purpose: a page lives while its consumer works through it, and a page of 500 lived
 * long enough for V8 to move it to the old generation, which then grew by ~100 MiB of garbage while
 * the controllers caught up with a 50,000-object import (issue #11); 100 changes are one indexed
 * range read, and die young.
 */
export const REPLAY_PAGE = 100;
/** JSON characters a watcher with a history queues at most (large objects: fewer than a page). */
const BEHIND_BYTES = 4 * 1024 * 1024;

/** Where a watcher reads the history it replays (see {@link Watcher.replay}). */
export interface ReplaySource {
  /** Changes of the watcher's kind in `(afterRv, throughRv]`, oldest first, `limit` at most. */
  history(afterRv: number, throughRv: number, limit: number): Promise<Change[]> | Change[];
  /** The oldest change kept: one after `afterRv` means nothing after it was trimmed. */
  oldestEventRv(): Promise<number | undefined> | number | undefined;
}

/** The history a watcher still has to deliver before its live changes. */
interface Replay {
  /** Read through here so far. */
  after: number;
  through: number;
  page: Change[];
  head: number;
}

/** One registered watch: a queue, delivered in order on microtasks. */
export class Watcher implements Watch {
  private queue: Change[] = [];
  private head = 0;
  /** JSON characters queued and not yet delivered. */
  private bytes = 0;
  private scheduled = false;
  private stopped = false;
  private replaying: Replay | undefined;
  /** Where committed changes can be read again (watchers of a store's feed have one). */
  private history: ReplaySource | undefined;
  /** The resourceVersion of the last change handed to the consumer (or where it started). */
  private delivered: number;
  /** The consumer holds delivery back (its last callback returned a promise not settled yet). */
  private held = false;

  constructor(
    readonly kind: string,
    readonly selection: Selection,
    /** The newest resourceVersion queued so far; changes at or below it are skipped. */
    private lastRv: number,
    private readonly onEvent: WatchCallback,
    private readonly hooks: {
      onStop: (w: Watcher) => void;
      onError: (error: unknown) => void;
      onClose?: ((reason: WatchCloseReason) => void) | undefined;
      limits: Required<WatchLimits>;
    },
  ) {
    this.delivered = lastRv;
  }

  /**
   * Queues a change unless it was already queued (by rv) or lies outside the namespace/name.
   *
   * A watcher that can read the history (see {@link readsHistory}) and falls behind (its consumer
   * holds delivery back with a page of changes or {@link BEHIND_BYTES} of them queued, or the queue
   * is over its bound) stops queueing: it reads what it has not delivered from the history, a page
   * at a time, as its consumer takes it (a 50,000-object import queued every change of it on each
   * slow watcher: issue #11). Any other watcher is dropped when its queue goes over its bound (its
   * client lists again).
   */
  offer(change: Change): void {
    if (this.stopped || change.rv <= this.lastRv) return;
    this.lastRv = change.rv;
    if (!matchesPlace(this.selection, change.namespace, change.name)) return;
    if (this.replaying) {
      this.replaying.through = change.rv; // read from the history in its turn
      return;
    }
    this.queue.push(change);
    this.bytes += change.json.length;
    const queued = this.queue.length - this.head;
    const { limits } = this.hooks;
    const over = queued > limits.events || this.bytes > limits.bytes;
    // a consumer that takes what comes drains a burst (a page of a large commit) on the next
    // microtask: it reads nothing again; one that holds delivery back is behind
    const behind =
      this.held &&
      (queued > Math.min(REPLAY_PAGE, limits.events) || this.bytes > Math.min(BEHIND_BYTES, limits.bytes));
    if (this.history && (behind || over)) {
      this.replaying = { after: this.delivered, through: change.rv, page: [], head: 0 };
      this.queue = [];
      this.head = 0;
      this.bytes = 0;
      return; // a delivery is under way or held by the consumer: it goes on with the history
    }
    if (over) {
      this.close('dropped');
      return;
    }
    this.schedule();
  }

  /** Lets the watcher read committed changes of its kind again: to replay, or to catch up when behind. */
  readsHistory(source: ReplaySource): this {
    this.history = source;
    return this;
  }

  /**
   * Delivers the history in `(afterRv, throughRv]` before any live change (needs
   * {@link readsHistory}): read a page at a time when the previous page is delivered, so that
   * memory holds one page however far back the watch starts and however slowly its consumer
   * takes it. Should the history be trimmed past the replay meanwhile, the watch is dropped (its
   * client lists again). Call once, right after the watcher is registered at `throughRv`.
   */
  replay(afterRv: number, throughRv: number): void {
    if (afterRv >= throughRv) return;
    this.delivered = afterRv;
    this.replaying = { after: afterRv, through: throughRv, page: [], head: 0 };
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.drain());
  }

  /** The next change to deliver: the replay's first, then the queue's; undefined when none is at hand. */
  private next(): Change | undefined {
    const r = this.replaying;
    if (r && r.head < r.page.length) return r.page[r.head++];
    if (r && r.after < r.through) return undefined; // the next page is being read
    this.replaying = undefined;
    if (this.head >= this.queue.length) return undefined;
    const change = this.queue[this.head++]!;
    this.bytes -= change.json.length;
    return change;
  }

  /**
   * Reads the replay's next page on a later turn of the event loop (other work runs between pages:
   * an SQLite read blocks), then goes on delivering. The oldest kept change is read after the page:
   * a trim that removed part of it shows there.
   */
  private readPage(r: Replay): void {
    const source = this.history!;
    const { after, through } = r; // (live changes may move `r.through` on while the page is read)
    const done = (page: Change[], oldest: number | undefined): void => {
      if (this.stopped) return;
      if (oldest !== undefined && oldest > after + 1) {
        this.close('dropped'); // trimmed while replaying: changes after `after` may be gone
        return;
      }
      r.page = page;
      r.head = 0;
      r.after = page.length < REPLAY_PAGE ? through : page[page.length - 1]!.rv;
      this.drain();
    };
    setImmediate(() => {
      if (this.stopped) return;
      void then(
        () => source.history(after, through, REPLAY_PAGE),
        (page) => then(source.oldestEventRv.bind(source), (oldest) => done(page, oldest)),
      ).catch((error: unknown) => this.fail(error));
    });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue = [];
    this.head = 0;
    this.bytes = 0;
    this.hooks.onStop(this);
  }

  /** Ends the watch on the store's side and tells the consumer why. */
  close(reason: WatchCloseReason): void {
    if (this.stopped) return;
    this.stop();
    try {
      this.hooks.onClose?.(reason);
    } catch (error) {
      this.hooks.onError(error);
    }
  }

  private fail(error: unknown): void {
    // A consumer that throws would otherwise miss events silently: end its watch, report why.
    this.stop();
    this.hooks.onError(error);
  }

  private drain(): void {
    // `scheduled` stays true while draining: what callbacks cause is appended and delivered here.
    while (!this.stopped) {
      const change = this.next();
      if (!change) {
        if (this.replaying) {
          this.readPage(this.replaying); // drains again once the page is read
          return;
        }
        break;
      }
      this.delivered = change.rv;
      const event = toWatchEvent(change, this.selection);
      if (!event) continue;
      let result: unknown;
      try {
        result = this.onEvent(event);
      } catch (error) {
        this.fail(error);
        return;
      }
      if (isThenable(result)) {
        // The consumer holds delivery back until it is ready; the queue grows meanwhile.
        this.held = true;
        result.then(
          () => {
            this.held = false;
            this.drain();
          },
          (error: unknown) => this.fail(error),
        );
        return;
      }
    }
    this.queue = [];
    this.head = 0;
    this.bytes = 0;
    this.scheduled = false;
  }
}

/** The watchers of one store, by kind. */
export class WatchHub {
  private readonly byKind = new Map<string, Set<Watcher>>();
  private readonly limits: Required<WatchLimits>;

  constructor(
    private readonly onError: (error: unknown) => void,
    limits: WatchLimits = {},
  ) {
    this.limits = { ...DEFAULT_WATCH_LIMITS, ...limits };
  }

  /** Registers a watcher that will take changes after `afterRv` (replay them with `offer`). */
  add(
    kind: string,
    selection: Selection,
    afterRv: number,
    onEvent: WatchCallback,
    onClose?: (reason: WatchCloseReason) => void,
  ): Watcher {
    const watcher = new Watcher(kind, selection, afterRv, onEvent, {
      onStop: (w) => this.remove(w),
      onError: this.onError,
      onClose,
      limits: this.limits,
    });
    let set = this.byKind.get(kind);
    if (!set) this.byKind.set(kind, (set = new Set()));
    set.add(watcher);
    return watcher;
  }

  /** Hands committed changes, in resourceVersion order, to the watchers of their kind. */
  publish(changes: readonly Change[]): void {
    for (const change of changes) {
      const set = this.byKind.get(change.kind);
      if (set) for (const w of set) w.offer(change);
    }
  }

  /** How many watchers are registered. */
  get size(): number {
    let n = 0;
    for (const set of this.byKind.values()) n += set.size;
    return n;
  }

  /** Ends every watcher with `reason` (`closed`: the store is closing; `dropped`: history lost). */
  closeAll(reason: WatchCloseReason): void {
    for (const set of [...this.byKind.values()]) for (const w of [...set]) w.close(reason);
  }

  private remove(w: Watcher): void {
    const set = this.byKind.get(w.kind);
    set?.delete(w);
    if (set?.size === 0) this.byKind.delete(w.kind);
  }
}
