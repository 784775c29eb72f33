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
 */
import { matchesLabels, matchesPlace } from './labelSelector.js';
import type { Selection, StoredObject, Watch, WatchEvent, WatchEventType } from './store.js';

/** One committed change, as written to the `events` table. */
export interface Change {
  rv: number;
  type: WatchEventType;
  kind: string;
  namespace: string;
  name: string;
  /** The object after the change (for DELETED: the last state, at the delete's resourceVersion). */
  json: string;
  /** The object before a MODIFIED that changed its labels (at this change's resourceVersion). */
  prevJson: string | null;
}

/** Freezes an object and everything in it: event objects are shared by every watcher. */
export const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

const parsed = new WeakMap<Change, { object?: StoredObject; prev?: StoredObject }>();

const objectOf = (change: Change, which: 'object' | 'prev'): StoredObject => {
  let cache = parsed.get(change);
  if (!cache) parsed.set(change, (cache = {}));
  const json = which === 'object' ? change.json : change.prevJson!;
  return (cache[which] ??= deepFreeze(JSON.parse(json) as StoredObject));
};

/**
 * What a watcher with `selection` sees of `change`, following the kube-apiserver watch cache: a
 * MODIFIED that takes an object out of a label selection is a DELETED (of the previous state, at
 * the new resourceVersion), one that brings it in is an ADDED; undefined when neither side matches.
 */
export const toWatchEvent = (change: Change, selection: Selection): WatchEvent | undefined => {
  if (!matchesPlace(selection, change.namespace, change.name)) return undefined;
  const object = objectOf(change, 'object');
  const json = change.json;
  if (!selection.labels || selection.labels.length === 0) return { type: change.type, object, json };
  const now = matchesLabels(object.metadata.labels, selection.labels);
  if (change.type !== 'MODIFIED') return now ? { type: change.type, object, json } : undefined;
  const prev = change.prevJson === null ? undefined : objectOf(change, 'prev');
  const before = prev ? matchesLabels(prev.metadata.labels, selection.labels) : now;
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object, json };
  return before
    ? { type: 'DELETED', object: prev ?? object, json: prev ? change.prevJson! : json }
    : undefined;
};

/** One registered watch: a queue, delivered in order on microtasks. */
export class Watcher implements Watch {
  private queue: Change[] = [];
  private head = 0;
  private scheduled = false;
  private stopped = false;

  constructor(
    readonly kind: string,
    readonly selection: Selection,
    /** The newest resourceVersion queued so far; changes at or below it are skipped. */
    private lastRv: number,
    private readonly onEvent: (e: WatchEvent) => void,
    private readonly onStop: (w: Watcher) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Queues a change unless it was already queued (by rv) or lies outside the namespace/name. */
  offer(change: Change): void {
    if (this.stopped || change.rv <= this.lastRv) return;
    this.lastRv = change.rv;
    if (!matchesPlace(this.selection, change.namespace, change.name)) return;
    this.queue.push(change);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.drain());
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue = [];
    this.head = 0;
    this.onStop(this);
  }

  private drain(): void {
    // `scheduled` stays true while draining: what callbacks cause is appended and delivered here.
    while (!this.stopped && this.head < this.queue.length) {
      const event = toWatchEvent(this.queue[this.head++]!, this.selection);
      if (!event) continue;
      try {
        this.onEvent(event);
      } catch (error) {
        // A consumer that throws would otherwise miss events silently: end its watch, report why.
        this.stop();
        this.onError(error);
      }
    }
    this.queue = [];
    this.head = 0;
    this.scheduled = false;
  }
}

/** The watchers of one store, by kind. */
export class WatchHub {
  private readonly byKind = new Map<string, Set<Watcher>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Registers a watcher that will take changes after `afterRv` (replay them with `offer`). */
  add(kind: string, selection: Selection, afterRv: number, onEvent: (e: WatchEvent) => void): Watcher {
    const watcher = new Watcher(kind, selection, afterRv, onEvent, (w) => this.remove(w), this.onError);
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

  /** Stops every watcher (the store is closing). */
  stopAll(): void {
    for (const set of [...this.byKind.values()]) for (const w of [...set]) w.stop();
  }

  private remove(w: Watcher): void {
    const set = this.byKind.get(w.kind);
    set?.delete(w);
    if (set?.size === 0) this.byKind.delete(w.kind);
  }
}
