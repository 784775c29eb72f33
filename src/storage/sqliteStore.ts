/**
 * The embedded store: one SQLite file through better-sqlite3, owned by one process.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database, type Transaction } from 'better-sqlite3';
import type { KubeObject } from '../model/metadata.js';
import { assertKept, DEFAULT_HISTORY_LIMIT, HistoryTrimmer } from './history.js';
import { listObjects, StatementCache } from './listObjects.js';
import { ObjectWriter } from './objectWriter.js';
import { migrate } from './schema.js';
import { prepareStatements, type Statements } from './statements.js';
import { parseRv, tooNewResourceVersion } from './storageErrors.js';
import type {
  ListOptions,
  ListResult,
  ObjectKey,
  Selection,
  Store,
  StoredObject,
  Transaction as StoreTransaction,
  Watch,
  WatchEvent,
} from './store.js';
import { WatchHub, type Change } from './watchHub.js';

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /** Events kept for watch replay and continue tokens. @default 100_000 */
  historyLimit?: number;
  /**
   * Run `PRAGMA quick_check` at open and refuse a damaged file. It reads the whole file (about
   * 0.5 s per 100,000 objects of 1 KiB), so it is off by default. @default false
   */
  quickCheck?: boolean;
  /** Called when a watch callback throws (that watch is stopped). @default process.emitWarning */
  onWatchError?: (error: unknown) => void;
  /** Clock for `creationTimestamp` (tests). @default () => new Date() */
  now?: () => Date;
}

/**
 * {@link Store} on SQLite: WAL journal, `synchronous=FULL` (a write acknowledged is on disk:
 * it survives kill -9 and power loss), foreign keys on. better-sqlite3 is synchronous, so every
 * method does its work before it returns its promise, and no two writes interleave; watchers are
 * served from memory, so the file must be written by this process only.
 */
export class SqliteStore implements Store {
  private readonly st: Statements;
  private readonly lists: StatementCache;
  private readonly hub: WatchHub;
  private readonly trimmer: HistoryTrimmer;
  private readonly writer: ObjectWriter;
  /** Single writes waiting for the next group commit. */
  private readonly queue: {
    fn: (w: ObjectWriter) => unknown;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[] = [];
  /** Changes written by the open transaction, published when the outermost one commits. */
  private pending: Change[] = [];
  private readonly runInTransaction: Transaction<(fn: () => unknown) => unknown>;
  private closed = false;
  /** Compile fix: transactions run one after another; single writes wait while one is open. */
  private txChain: Promise<unknown> = Promise.resolve();
  private txOpen = false;

  private constructor(
    private readonly db: Database,
    options: SqliteStoreOptions,
  ) {
    this.st = prepareStatements(db);
    this.lists = new StatementCache(db);
    this.hub = new WatchHub(
      options.onWatchError ??
        ((error) =>
          process.emitWarning(error instanceof Error ? error : String(error), 'WatchCallbackError')),
    );
    this.trimmer = new HistoryTrimmer(this.st, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    this.writer = new ObjectWriter(this.st, (c) => this.pending.push(c), options.now);
    this.runInTransaction = db.transaction((fn: () => unknown) => fn());
  }

  /**
   * Opens (creating the file and its directory when missing) and migrates the database at `path`;
   * `:memory:` for a throwaway store.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    if (path !== ':memory:' && path !== '') {
      // The file holds Secrets: readable by its owner only (SQLite gives -wal and -shm the same mode).
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      closeSync(openSync(path, 'a', 0o600));
    }
    const db = new BetterSqlite3(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('fullfsync = ON'); // macOS: fsync alone does not reach the platter
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -32768'); // 32 MiB
      if (options.quickCheck) {
        const result = db.pragma('quick_check', { simple: true });
        if (result !== 'ok') throw new Error(`SQLite quick_check failed on ${path}: ${String(result)}`);
      }
      migrate(db);
      const store = new SqliteStore(db, options);
      store.write(() => store.trimmer.trim());
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async get(key: ObjectKey): Promise<StoredObject | undefined> {
    this.assertOpen();
    const json = this.st.getJson.get(key.kind, key.namespace, key.name);
    return json === undefined ? undefined : (JSON.parse(json) as StoredObject);
  }

  /** {@inheritDoc listObjects} */
  async list(kind: string, options?: ListOptions): Promise<ListResult> {
    this.assertOpen();
    return listObjects(this.db, this.st, this.lists, kind, options);
  }

  async create(object: KubeObject): Promise<StoredObject> {
    return this.enqueue((w) => w.create(object));
  }

  async update(object: KubeObject, expectedRv: string): Promise<StoredObject> {
    return this.enqueue((w) => w.update(object, expectedRv));
  }

  async delete(key: ObjectKey, expectedRv?: string): Promise<StoredObject> {
    return this.enqueue((w) => w.delete(key, expectedRv));
  }

  /**
   * Group commit: single writes that arrive in the same turn of the event loop are committed in
   * one transaction (one fsync), each in its own savepoint so one failing write does not undo the
   * others. Every promise settles only after the commit, so an acknowledged write is durable.
   */
  private enqueue<T>(fn: (w: ObjectWriter) => T): Promise<T> {
    this.assertOpen();
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.txOpen) return; // the open transaction flushes when it ends
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    if (this.closed) {
      for (const op of batch) op.reject(new Error('the store is closed'));
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.write(() => {
        for (const op of batch) {
          try {
            outcomes.push({ ok: true, value: this.write(op.fn) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    batch.forEach((op, i) => {
      const o = outcomes[i]!;
      if (o.ok) op.resolve(o.value);
      else op.reject(o.error);
    });
  }

  /** Not kept by this engine yet (Store v2 is being implemented on wip-storage). */
  async dependents(): Promise<ObjectKey[]> {
    throw new Error('SqliteStore.dependents is not implemented yet');
  }

  /**
   * Compile fix while Store v2 lands: the async callback runs between a hand-made BEGIN IMMEDIATE
   * and COMMIT, one transaction at a time; group commits wait meanwhile (see flush).
   */
  async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.assertOpen();
      this.flush();
      let open = true;
      const use = (): ObjectWriter => {
        if (!open) throw new Error('a transaction writer was used after its transaction ended');
        return this.writer;
      };
      const tx: StoreTransaction = {
        get: (k) => (use(), this.get(k)),
        list: (k, o) => (use(), this.list(k, o)),
        dependents: () => this.dependents(),
        create: async (o) => use().create(o),
        update: async (o, rv) => use().update(o, rv),
        delete: async (k, rv) => use().delete(k, rv),
      };
      this.db.exec('BEGIN IMMEDIATE');
      this.txOpen = true;
      try {
        const result = await fn(tx);
        this.trimmer.written(this.pending.length);
        this.db.exec('COMMIT');
        const changes = this.pending;
        this.pending = [];
        this.hub.publish(changes);
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        this.pending = [];
        throw error;
      } finally {
        open = false;
        this.txOpen = false;
        if (this.queue.length) setImmediate(() => this.flush());
      }
    };
    const result = this.txChain.then(run, run);
    this.txChain = result.catch(() => {});
    return result;
  }

  async watch(
    kind: string,
    selection: Selection,
    fromRv: string | undefined,
    onEvent: (e: WatchEvent) => void,
  ): Promise<Watch> {
    this.assertOpen();
    if (this.db.inTransaction) {
      // It would replay, and count as "now", changes that may still roll back.
      throw new Error('a watch cannot start inside a transaction');
    }
    const current = this.st.lastRv.get()!;
    const from = fromRv === undefined || fromRv === '' ? 0 : parseRv(fromRv);
    const sel: Selection = { ...selection, labels: selection.labels?.map((r) => ({ ...r })) };
    if (from === 0) return this.hub.add(kind, sel, current, onEvent);
    if (from > current) throw tooNewResourceVersion(from, current);
    assertKept(this.st, 'watch', from);
    // Synchronous from here to the return, and every commit is published before its write returns:
    // no change can fall between the history read and the registration. Should one ever be both in
    // the history and published live, the watcher skips it the second time (by resourceVersion).
    const watcher = this.hub.add(kind, sel, from, onEvent);
    for (const row of this.st.history.iterate(kind, from)) {
      watcher.offer({ ...row, kind, prevJson: row.prev_json });
    }
    return watcher;
  }

  async currentRv(): Promise<string> {
    this.assertOpen();
    return String(this.st.lastRv.get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.hub.stopAll();
    this.db.close();
  }

  /** The raw connection, for tests and maintenance (EXPLAIN, integrity checks). */
  get database(): Database {
    return this.db;
  }

  /**
   * Runs `fn` in a transaction (a savepoint when nested) and publishes its changes after the
   * outermost commit; on any error the changes are rolled back and dropped, and the error rethrown.
   */
  private write<T>(fn: (w: ObjectWriter) => T): T {
    this.assertOpen();
    const outermost = !this.db.inTransaction;
    const mark = this.pending.length;
    let result: T;
    try {
      // IMMEDIATE: take the write lock up front rather than fail to upgrade a read lock.
      result = this.runInTransaction.immediate(() => {
        const r = fn(this.writer);
        if (outermost) this.trimmer.written(this.pending.length);
        return r;
      }) as T;
    } catch (error) {
      this.pending.length = mark;
      throw error;
    }
    if (outermost) {
      const changes = this.pending;
      this.pending = [];
      this.hub.publish(changes);
    }
    return result;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the store is closed');
  }
}
