/**
 * The embedded store: one SQLite file through better-sqlite3.
 */
import type { Database } from 'better-sqlite3';
import type { KubeObject } from '../model/metadata.js';
import { ChangeFeed, type FeedSource } from './changeFeed.js';
import { DEFAULT_HISTORY_LIMIT, HistoryTrimmer, startCompaction } from './history.js';
import { listObjects, StatementCache } from './listObjects.js';
import { ObjectWriter } from './objectWriter.js';
import { ReadCache } from './readCache.js';
import { WalCheckpointer } from './walCheckpointer.js';
import { WalSync } from './walSync.js';
import { closeSqliteFile, openSqliteFile } from './sqliteFile.js';
import { prepareStatements, type EventRow, type Statements } from './statements.js';
import { parseRv } from './storageErrors.js';
import {
  type ListOptions,
  type ListResult,
  type ListTextResult,
  type ObjectKey,
  parseItems,
  type Selection,
  type Store,
  type StoredObject,
  type StoreOptions,
  type StoreReader,
  type Transaction,
  type Watch,
  type WatchCallback,
  type WatchCloseReason,
} from './store.js';
import { SqliteTokenTable, type TokenTable } from './tokenTable.js';
import { SessionChanges } from './sessionChanges.js';
import type { Change } from './watchEvents.js';
import { WatchHub } from './watchHub.js';
import { guard, WriteLane, type LaneEngine } from './writeLane.js';

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions extends StoreOptions {
  /**
   * Run `PRAGMA quick_check` at open and refuse a damaged file. It reads the whole file (about
   * 0.5 s per 100,000 objects of 1 KiB), so it is off by default. @default false
   */
  quickCheck?: boolean;
  /** How often to look for changes committed by another process on the same file; 0: never. @default 1000 */
  pollMs?: number;
  /** The fsync of the log (tests observe when it runs). @default fs.fsync */
  syncFile?: (fd: number, done: (error: Error | null) => void) => void;
  /**
   * How many changes of one transaction are kept with their text for publication; a larger
   * transaction is published from the `events` table (see {@link SessionChanges}). @default 1000
   */
  keptChanges?: number;
}

/** One open write transaction: its changes, published after the commit. */
interface Session {
  changes: SessionChanges;
  /** The resourceVersion the next write takes: read once at BEGIN, counted in memory. */
  nextRv: number;
  /** Where each open savepoint began: rolling back to it restores both. */
  marks: { changes: number; nextRv: number }[];
}

const toChange = (kind: string, row: EventRow): Change => {
  if (row.json === null) {
    // A CURRENT event whose object row moved on without keeping its text: not replayed as garbage.
    throw new Error(
      `the change history has no text for ${kind} ${row.namespace}/${row.name} at resourceVersion ` +
        `${row.rv} (its object changed without keeping it); watches from before it cannot be served: list again`,
    );
  }
  return {
    rv: row.rv,
    type: row.type,
    kind,
    namespace: row.namespace,
    name: row.name,
    json: row.json,
    prevJson: row.prev_json,
  };
};

/**
 * {@link Store} on SQLite: WAL journal, `synchronous=FULL` (a write acknowledged is on disk: it
 * survives kill -9 and power loss), foreign keys on. Writes and transactions run one at a time on
 * the writer connection (`BEGIN IMMEDIATE`), single writes of one event-loop turn in one group
 * commit ({@link WriteLane}). Reads outside a transaction go through a second, read-only connection,
 * which WAL gives the last committed snapshot: they never see a transaction in progress.
 */
export class SqliteStore implements Store {
  private readonly st: Statements;
  private readonly rst: Statements;
  private readonly lists: StatementCache;
  private readonly readerLists: StatementCache;
  private readonly hub: WatchHub;
  private readonly feed: ChangeFeed;
  private readonly trimmer: HistoryTrimmer;
  private readonly writer: ObjectWriter;
  private readonly lane: WriteLane<Session>;
  private session: Session | undefined;
  /** Reads of write transactions, kept exact (see {@link ReadCache}). */
  private readonly cache = new ReadCache();
  private readonly poll: NodeJS.Timeout | undefined;
  private readonly stopCompaction: () => void;
  /** The log's fsync off the event loop; none for a throwaway store (nothing to keep). */
  private readonly wal: WalSync | undefined;
  /** The log's checkpoints off the event loop (with `wal`). */
  private readonly checkpointer: WalCheckpointer | undefined;
  /** The last group's publication: the next one publishes after it. */
  private publishing: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly countLimit: number | undefined;
  private readonly keptChanges: number | undefined;
  readonly tokens: TokenTable;

  private constructor(
    private readonly db: Database,
    private readonly reader: Database,
    options: SqliteStoreOptions,
    private readonly tempDir: string | undefined,
  ) {
    this.wal = tempDir ? undefined : new WalSync(`${db.name}-wal`, options.syncFile);
    this.countLimit = options.remainingCountLimit;
    this.keptChanges = options.keptChanges;
    this.st = prepareStatements(db);
    this.rst = prepareStatements(reader);
    this.lists = new StatementCache(db);
    this.readerLists = new StatementCache(reader);
    const onError =
      options.onWatchError ??
      ((error: unknown) =>
        process.emitWarning(error instanceof Error ? error : String(error), 'WatchCallbackError'));
    this.hub = new WatchHub(onError, options.watchLimits);
    const wal = this.wal;
    this.checkpointer = wal
      ? new WalCheckpointer({
          writer: db,
          walFd: () => wal.descriptor,
          onFailure: (e) => onError(new Error(`WAL checkpoints are back on the writer: ${e.message}`)),
        })
      : undefined;
    this.trimmer = new HistoryTrimmer(this.st, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    const record = Object.assign(
      (c: Change) => {
        const s = this.session!;
        s.changes.push(c);
        s.nextRv = c.rv + 1;
        this.cache.changed(c.kind);
      },
      { nextRv: () => this.session!.nextRv },
    );
    this.writer = new ObjectWriter(this.st, record, options.now, options.referencesOf);
    const rst = this.rst;
    const source: FeedSource = {
      changesAfter: (after, limit) => rst.changesAfter.all(after, limit).map((r) => toChange(r.kind, r)),
      history: (kind, after, through, limit) =>
        rst.history.all(kind, after, through, limit).map((r) => toChange(kind, r)),
      oldestEventRv: () => rst.oldestEventRv.get() ?? undefined,
    };
    this.feed = new ChangeFeed(this.hub, source, rst.lastRv.get()!, onError);
    this.lane = new WriteLane<Session>(this.laneEngine());
    this.tokens = new SqliteTokenTable(
      reader,
      db,
      (fn) => (this.assertOpen(), this.lane.submit(fn)),
      () => this.st.dataVersion.get()!,
    );
    this.stopCompaction = startCompaction(options.historyMaxAgeMs, {
      lastRv: () => this.rst.lastRv.get()!,
      // Through the lane: the writer connection may be inside a group's transaction right now.
      trimThrough: (rv) => this.lane.submit(() => this.st.trimEvents.run(rv)),
      onError,
    });
    const pollMs = options.pollMs ?? 1_000;
    if (pollMs > 0) {
      // Not while a sync runs: the poll would publish a commit before it is on disk.
      this.poll = setInterval(() => this.wal?.busy || this.feed.poke(), pollMs);
      this.poll.unref();
    }
  }

  /**
   * Opens (creating the file and its directory when missing) and migrates the database at `path`;
   * `:memory:` for a throwaway store (a file in a temporary directory, removed at close). An
   * existing file that is empty or not SQLite is refused with an Error that says how to recover.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const { db, reader, tempDir } = openSqliteFile(path, options);
    try {
      const store = new SqliteStore(db, reader, options, tempDir);
      db.transaction(() => store.trimmer.trim()).immediate();
      return store;
    } catch (error) {
      closeSqliteFile({ db, reader, tempDir });
      throw error;
    }
  }

  private laneEngine(): LaneEngine<Session> {
    const db = this.db;
    // Prepared once: `exec` parses its SQL text on every call, and a group runs these per write.
    const tc = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      savepoint: db.prepare('SAVEPOINT w'),
      release: db.prepare('RELEASE w'),
      rollbackTo: db.prepare('ROLLBACK TO w'),
      commit: db.prepare('COMMIT'),
    };
    let dataVersion = this.st.dataVersion.get()!;
    const undo = (kinds: Iterable<string>) => {
      for (const kind of kinds) this.cache.changed(kind);
    };
    return {
      begin: () => {
        // IMMEDIATE: take the write lock up front rather than fail to upgrade a read lock.
        tc.begin.run();
        const now = this.st.dataVersion.get()!;
        if (now !== dataVersion) this.cache.clear();
        dataVersion = now;
        return (this.session = {
          changes: new SessionChanges(this.keptChanges),
          nextRv: this.st.lastRv.get()! + 1,
          marks: [],
        });
      },
      savepoint: (s) => {
        tc.savepoint.run();
        s.marks.push({ changes: s.changes.length, nextRv: s.nextRv });
      },
      release: (s) => {
        tc.release.run();
        s.marks.pop();
      },
      rollbackTo: (s) => {
        const mark = s.marks.pop()!;
        undo(s.changes.splice(mark.changes));
        s.nextRv = mark.nextRv;
        if (!db.inTransaction) throw new Error('SQLite rolled the transaction back');
        tc.rollbackTo.run();
        tc.release.run();
      },
      commit: async (s) => {
        this.trimmer.written(s.changes.length);
        tc.commit.run();
        this.session = undefined;
        this.checkpointer?.committed();
        if (!this.wal) await s.changes.publish(this.feed);
      },
      afterCommit: this.wal
        ? (s) => {
            const wal = this.wal!;
            const published = Promise.all([this.publishing, wal.durable()]).then(() =>
              s.changes.publish(this.feed),
            );
            this.publishing = published.catch(() => undefined);
            return published;
          }
        : undefined,
      rollback: (s) => {
        undo(s.changes.kinds());
        this.session = undefined;
        if (db.inTransaction) db.exec('ROLLBACK');
      },
    };
  }

  async get(key: ObjectKey): Promise<StoredObject | undefined> {
    this.assertOpen();
    return this.getOn(this.rst, key);
  }

  /** {@inheritDoc listObjects} */
  async list(kind: string, options?: ListOptions): Promise<ListResult> {
    return parseItems(await this.listText(kind, options));
  }

  async listText(kind: string, options?: ListOptions): Promise<ListTextResult> {
    this.assertOpen();
    return listObjects(this.reader, this.rst, this.readerLists, kind, options, this.countLimit);
  }

  async dependents(target: ObjectKey, options?: { includeAny?: boolean }): Promise<ObjectKey[]> {
    this.assertOpen();
    return this.dependentsOn(this.rst, target, options);
  }

  async create(object: KubeObject): Promise<StoredObject> {
    this.assertOpen();
    return this.lane.submit(() => this.writer.create(object));
  }

  async update(object: KubeObject, expectedRv: string): Promise<StoredObject> {
    this.assertOpen();
    return this.lane.submit(() => this.writer.update(object, expectedRv));
  }

  async delete(key: ObjectKey, expectedRv?: string): Promise<StoredObject> {
    this.assertOpen();
    return this.lane.submit(() => this.writer.delete(key, expectedRv));
  }

  /**
   * Joins the next group commit as one savepoint; `tx` reads and writes on the writer connection,
   * inside the open transaction (its own writes included).
   */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.lane.submit(async () => {
      const { handle, end } = guard<Transaction>((use) => {
        const reads: StoreReader = {
          get: async (key) => (use(), this.getOn(this.st, key)),
          list: async (kind, options) => (
            use(),
            parseItems(listObjects(this.db, this.st, this.lists, kind, options, this.countLimit))
          ),
          dependents: async (target, options) => (use(), this.dependentsOn(this.st, target, options)),
        };
        return {
          ...reads,
          // Frozen, shared, exact (ReadCache): for admission, which only reads.
          sharedReads: this.cache.over(reads, () => String(this.session!.nextRv - 1)),
          create: async (object) => (use(), this.writer.create(object)),
          update: async (object, rv) => (use(), this.writer.update(object, rv)),
          delete: async (key, rv) => (use(), this.writer.delete(key, rv)),
        };
      });
      try {
        return await fn(handle);
      } finally {
        end();
      }
    });
  }

  async watch(
    kind: string,
    selection: Selection,
    fromRv: string | undefined,
    onEvent: WatchCallback,
    onClose?: (reason: WatchCloseReason) => void,
  ): Promise<Watch> {
    this.assertOpen();
    const from = fromRv === undefined || fromRv === '' ? 0 : parseRv(fromRv);
    return this.feed.watch(kind, selection, from, onEvent, onClose);
  }

  async currentRv(): Promise<string> {
    this.assertOpen();
    return String(this.rst.lastRv.get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopCompaction();
    await this.lane.settled();
    if (this.poll) clearInterval(this.poll);
    await this.feed.close();
    await this.checkpointer?.close();
    this.wal?.close();
    closeSqliteFile({ db: this.db, reader: this.reader, tempDir: this.tempDir });
  }

  /** The writer connection, for tests and maintenance (EXPLAIN, integrity checks). */
  get database(): Database {
    return this.db;
  }

  private getOn(st: Statements, key: ObjectKey): StoredObject | undefined {
    const json = st.getJson.get(key.kind, key.namespace, key.name);
    return json === undefined ? undefined : (JSON.parse(json) as StoredObject);
  }

  private dependentsOn(st: Statements, target: ObjectKey, options?: { includeAny?: boolean }): ObjectKey[] {
    const also = options?.includeAny ? '*' : target.name;
    return st.dependents.all(target.kind, target.namespace, target.name, also);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the store is closed');
  }
}
