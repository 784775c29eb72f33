import type { KubeObject, ObjectMeta } from '../model/index.js';

/** An object as stored: the server has filled uid, resourceVersion, generation and creationTimestamp. */
export interface StoredObject extends KubeObject {
  metadata: ObjectMeta & {
    uid: string;
    resourceVersion: string;
    generation: number;
    creationTimestamp: string;
  };
}

/** Where an object lives: kind (e.g. `ProfileBundle`), namespace (`''` when cluster-scoped), name. */
export interface ObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

/** One parsed requirement of a Kubernetes label selector. */
export type LabelRequirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export interface Selection {
  /** Absent: every namespace. */
  namespace?: string;
  labels?: LabelRequirement[];
  /** `metadata.name` equality (fieldSelector). */
  name?: string;
}

export interface ListOptions extends Selection {
  /** Page size; absent or 0: everything. */
  limit?: number;
  /** Opaque token from the previous page. */
  continue?: string;
}

export interface ListResult {
  items: StoredObject[];
  /** The store's resourceVersion when the list was read (pages share the first page's). */
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: StoredObject;
}

export interface Watch {
  stop(): void;
}

/** Writes made together: all of them or none. */
export interface StoreWriter {
  create(object: KubeObject): StoredObject;
  /** Replaces the object when its stored resourceVersion equals `expectedRv`; else ConflictError. */
  update(object: KubeObject, expectedRv: string): StoredObject;
  delete(key: ObjectKey, expectedRv?: string): StoredObject;
}

/**
 * Storage of objects behind one interface (SQLite embedded; PostgreSQL for several replicas).
 * Every write gets a new, strictly increasing resourceVersion; watches see every change, in order.
 * Errors are the typed errors of model/errors.ts: NotFoundError, ConflictError (AlreadyExists or a
 * stale resourceVersion), GoneError (a watch from a resourceVersion no longer kept).
 */
export interface Store {
  get(key: ObjectKey): Promise<StoredObject | undefined>;
  list(kind: string, options?: ListOptions): Promise<ListResult>;
  create(object: KubeObject): Promise<StoredObject>;
  update(object: KubeObject, expectedRv: string): Promise<StoredObject>;
  delete(key: ObjectKey, expectedRv?: string): Promise<StoredObject>;
  /**
   * Runs `fn` in one transaction: every write inside commits together or not at all, and watchers
   * see the events only after the commit. `fn` must not await other I/O.
   */
  transaction<T>(fn: (tx: StoreWriter) => T): Promise<T>;
  /**
   * Streams changes of a kind after `fromRv` (exclusive; absent: from now), in resourceVersion order.
   * Throws GoneError when `fromRv` is older than the kept history.
   */
  watch(
    kind: string,
    selection: Selection,
    fromRv: string | undefined,
    onEvent: (e: WatchEvent) => void,
  ): Promise<Watch>;
  /** The newest resourceVersion. */
  currentRv(): Promise<string>;
  close(): Promise<void>;
}
