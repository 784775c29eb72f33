import type { KubeObject, ObjectMeta } from '../model/index.js';
import type { TokenTable } from './tokenTable.js';

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
  /** Names left out (fieldSelector `metadata.name!=NAME`). */
  notNames?: string[];
  /** Namespaces left out (fieldSelector `metadata.namespace!=NS`). */
  notNamespaces?: string[];
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

/**
 * A list page with each item as the JSON text the store holds: an answer that only sends the items
 * on writes them as they are, without parsing and serializing each again.
 */
export interface ListTextResult extends Omit<ListResult, 'items'> {
  items: string[];
}

/** A text page as objects. */
export const parseItems = (r: ListTextResult): ListResult => ({
  ...r,
  items: r.items.map((t) => JSON.parse(t) as StoredObject),
});

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  /** The object, frozen: one instance is shared by every watcher of the change. */
  object: StoredObject;
  /**
   * `object` as JSON text, computed once per change and shared by every watcher, so that a server
   * serializes an event once however many clients watch it.
   */
  readonly json: string;
  /** Which object changed (without parsing it). */
  readonly key: ObjectKey;
  /** The change's resourceVersion (the object's `metadata.resourceVersion`). */
  readonly resourceVersion: string;
}

export interface Watch {
  /** Ends the watch; `onClose` is not called for a stop the consumer asked for. */
  stop(): void;
}

/**
 * Why a store ended a watch on its own: `dropped` when changes it had not delivered yet are gone
 * from the history (trimmed while it fell behind, or one transaction wrote more than the history
 * keeps; the server answers as for 410 Expired: the client lists again), `closed` when the store
 * closed.
 */
export type WatchCloseReason = 'dropped' | 'closed';

/**
 * Called with each event, in resourceVersion order. A consumer that returns a promise (e.g. until
 * its socket drains) gets the next event only after it settles; meanwhile events queue up to the
 * store's bound, beyond which the watch is dropped.
 */
export type WatchCallback = (e: WatchEvent) => void | Promise<unknown>;

/**
 * A reference from one object to another, kept by the store in its `references` table in the same
 * transaction as the write of the referring object. `name` `*` stands for every object of `kind` in
 * `namespace` (Model as a Service may pick any bundle of a namespace).
 */
export interface Reference {
  kind: string;
  namespace: string;
  name: string;
}

/** The `name` of a {@link Reference} to every object of a kind in a namespace. */
export const ANY_NAME = '*';

/** Reads, outside or inside a transaction. */
export interface StoreReader {
  get(key: ObjectKey): Promise<StoredObject | undefined>;
  list(kind: string, options?: ListOptions): Promise<ListResult>;
  /**
   * The objects whose stored references name `target`, sorted by kind, namespace and name. With
   * `includeAny` also those that refer to every object of `target.kind` in `target.namespace`
   * (a {@link Reference} named `*`). @default includeAny false
   */
  dependents(target: ObjectKey, options?: { includeAny?: boolean }): Promise<ObjectKey[]>;
}

/**
 * One transaction: reads see the transaction's own writes and nothing another writer has not
 * committed; all writes commit together or not at all. Writes keep the `references` table in step
 * (through the store's {@link StoreOptions.referencesOf}).
 */
export interface Transaction extends StoreReader {
  /**
   * The same reads, for callers that only read what they get (admission): answers may be shared
   * between calls and are deep-frozen, as an engine may keep them while nothing they depend on
   * changes. Absent: read through the transaction itself.
   */
  readonly sharedReads?: StoreReader;
  create(object: KubeObject): Promise<StoredObject>;
  /** Replaces the object when its stored resourceVersion equals `expectedRv`; else ConflictError. */
  update(object: KubeObject, expectedRv: string): Promise<StoredObject>;
  delete(key: ObjectKey, expectedRv?: string): Promise<StoredObject>;
}

/** What every engine takes when it opens. */
export interface StoreOptions {
  /**
   * What an object refers to; the store writes these rows with every create and update (and drops
   * them with the delete) in the same transaction. @default () => []
   */
  referencesOf?: (object: KubeObject) => Reference[];
  /**
   * The most a watcher queues undelivered: past it (or past a page of 100), a watcher reads what
   * it has not delivered from the history instead, a page at a time as its consumer takes it.
   * @default { events: 10_000, bytes: 64 MiB of event JSON }
   */
  watchLimits?: WatchLimits;
  /** Called when a watch callback throws (that watch is stopped). @default process.emitWarning */
  onWatchError?: (error: unknown) => void;
  /** Events kept for watch replay and continue tokens. @default 100_000 */
  historyLimit?: number;
  /**
   * History older than this is compacted (watches and continue tokens from before it get 410),
   * so deleted objects — Secrets' values included — do not linger. @default 300_000 (5 minutes)
   */
  historyMaxAgeMs?: number;
  /** Clock for `creationTimestamp` (tests). @default () => new Date() */
  now?: () => Date;
  /**
   * A list page gives `remainingItemCount` only while at most this many objects remain (counting
   * them costs a walk over them). @default 10_000 (REMAINING_COUNT_LIMIT)
   */
  remainingCountLimit?: number;
}

/** Bounds of one watcher's queue of undelivered events. */
export interface WatchLimits {
  events?: number;
  bytes?: number;
}

/**
 * Storage of objects behind one interface (SQLite embedded; PostgreSQL for several replicas).
 * Every write gets a new, strictly increasing resourceVersion, and commits become visible in
 * resourceVersion order, so a watch never skips a commit (docs/adr/0003). Errors are the typed
 * errors of model/errors.ts: NotFoundError, ConflictError (AlreadyExists or a stale
 * resourceVersion), GoneError (a watch from a resourceVersion no longer kept).
 */
export interface Store extends StoreReader {
  /** As {@link StoreReader.list}, each item as its stored JSON text (the API's JSON lists). */
  listText(kind: string, options?: ListOptions): Promise<ListTextResult>;
  /** One write in its own transaction (engines may commit several such writes together). */
  create(object: KubeObject): Promise<StoredObject>;
  update(object: KubeObject, expectedRv: string): Promise<StoredObject>;
  delete(key: ObjectKey, expectedRv?: string): Promise<StoredObject>;
  /**
   * Runs `fn` in one transaction: its reads and writes go through `tx`; every write commits
   * together or not at all, and watchers see the events only after the commit. When `fn` throws
   * (or its promise rejects) everything is rolled back and the error rethrown. `fn` should await
   * nothing but `tx`: other writers wait while it runs. Transactions do not nest: calling the
   * store's own `create`/`update`/`delete`/`transaction` from inside `fn` is refused with an Error
   * (it would wait for the transaction it runs in).
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Streams changes of a kind after `fromRv` (exclusive; absent: from now), in resourceVersion order,
   * including changes committed by other processes on the same database.
   * Throws GoneError when `fromRv` is older than the kept history. `onClose` tells when the store
   * ended the watch itself ({@link WatchCloseReason}).
   */
  watch(
    kind: string,
    selection: Selection,
    fromRv: string | undefined,
    onEvent: WatchCallback,
    onClose?: (reason: WatchCloseReason) => void,
  ): Promise<Watch>;
  /** The newest committed resourceVersion. */
  currentRv(): Promise<string>;
  /** The API tokens (their hashes), shared by every server of the database. */
  readonly tokens: TokenTable;
  close(): Promise<void>;
}
