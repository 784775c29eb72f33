/**
 * What a watcher sees of a committed change: the change as the `events` table holds it, and the
 * watch event made of it for a selection (label selections follow the kube-apiserver watch cache).
 * Event objects are parsed once, when first read, and shared by every watcher of the change.
 */
import { matchesLabels, matchesPlace } from './labelSelector.js';
import type { Selection, StoredObject, WatchEvent, WatchEventType } from './store.js';

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
 * The object and its JSON text are the change's own, shared by every watcher.
 */
export const toWatchEvent = (change: Change, selection: Selection): WatchEvent | undefined => {
  if (!matchesPlace(selection, change.namespace, change.name)) return undefined;
  const json = change.json;
  // Without a label selector nothing needs the object: it is parsed only if a consumer reads it
  // (most use `json`, `key` and `resourceVersion`), once for every watcher of the change.
  if (!selection.labels || selection.labels.length === 0)
    return lazyEvent(change.type, change, 'object', json);
  const object = objectOf(change, 'object');
  const now = matchesLabels(object.metadata.labels, selection.labels);
  if (change.type !== 'MODIFIED') return now ? lazyEvent(change.type, change, 'object', json) : undefined;
  const prev = change.prevJson === null ? undefined : objectOf(change, 'prev');
  const before = prev ? matchesLabels(prev.metadata.labels, selection.labels) : now;
  if (now) return lazyEvent(before ? 'MODIFIED' : 'ADDED', change, 'object', json);
  if (!before) return undefined;
  return prev
    ? lazyEvent('DELETED', change, 'prev', change.prevJson!)
    : lazyEvent('DELETED', change, 'object', json);
};

/** A watch event whose `object` is parsed from the change on first read (and shared). */
const lazyEvent = (
  type: WatchEvent['type'],
  change: Change,
  which: 'object' | 'prev',
  json: string,
): WatchEvent => ({
  type,
  json,
  key: { kind: change.kind, namespace: change.namespace, name: change.name },
  resourceVersion: String(change.rv),
  get object() {
    return objectOf(change, which);
  },
});
