/**
 * The store on PostgreSQL, for several server replicas on one database (node-postgres).
 */
import pg from 'pg';
import type { KubeObject } from '../model/metadata.js';
import { ChangeFeed } from './changeFeed.js';
import { DEFAULT_HISTORY_LIMIT, startCompaction } from './history.js';
import { PgListener } from './postgresListener.js';
import {
  pgChangesAfter,
  pgCounterRv,
  pgDependents,
  pgGet,
  pgHistory,
  pgList,
  pgOldestEventRv,
} from './postgresQuery.js';
import { migratePg } from './postgresSchema.js';
import { PostgresWriter, type PgSession } from './postgresWriter.js';
import { ReadCache } from './readCache.js';
import { SessionChanges } from './sessionChanges.js';
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
import { PgTokenTable, type TokenTable } from './tokenTable.js';
import { WatchHub } from './watchHub.js';
import { guard, WriteLane, type LaneEngine } from './writeLane.js';

/** Options of {@link PostgresStore.open}. */
export interface PostgresStoreOptions extends StoreOptions {
  /**
   * A schema of its own (created when missing; `[a-z_][a-z0-9_]*`); absent: the connection's
   * default search_path.
   */
  schema?: string;
  /** Connections of the pool (the change-feed listener has one more of its own). @default 10 */
  poolSize?: number;
  /** Safety-net poll of `events` besides LISTEN/NOTIFY; 0: never. @default 1000 */
  pollMs?: number;
  /**
   * How many changes of one transaction are kept with their text for publication; a larger
   * transaction is published from the `events` table (see {@link SessionChanges}). @default 1000
   */
  keptChanges?: number;
}

/** A quoted SQL identifier. */
const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * {@link Store} on PostgreSQL. Every write transaction first locks the one `resource_version` row,
 * so writers (of every replica) run one at a time and commit in resourceVersion order, and a
 * transaction's reads decide on data no other writer can change under it (docs/adr/0003). Single
 * writes queued in one turn of the event loop share a transaction (group commit, a savepoint each).
 * The change feed follows `events` after a `NOTIFY` sent inside each write transaction, and by a
 * poll as a safety net; this process's commits are published right after COMMIT.
 */
export class PostgresStore implements Store {
  private readonly hub: WatchHub;
  private readonly feed: ChangeFeed;
  private readonly writer: PostgresWriter;
  private readonly lane: WriteLane<PgSession>;
  private readonly listener: PgListener;
  private readonly historyLimit: number;
  private readonly trimEvery: number;
  private sinceTrim = 0;
  private readonly stopCompaction: () => void;
  private closed = false;
  private readonly countLimit: number | undefined;
  private readonly keptChanges: number | undefined;
  readonly tokens: TokenTable;

  private constructor(
    private readonly pool: pg.Pool,
    startRv: number,
    private readonly channel: string,
    listenerConfig: pg.ClientConfig,
    options: PostgresStoreOptions,
  ) {
    const onError =
      options.onWatchError ??
      ((error: unknown) =>
        process.emitWarning(error instanceof Error ? error : String(error), 'WatchCallbackError'));
    this.hub = new WatchHub(onError, options.watchLimits);
    this.countLimit = options.remainingCountLimit;
    this.keptChanges = options.keptChanges;
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isSafeInteger(this.historyLimit) || this.historyLimit < 1) {
      throw new RangeError(`historyLimit must be a positive integer, got ${this.historyLimit}`);
    }
    this.trimEvery = Math.max(1, Math.min(1_000, Math.ceil(this.historyLimit / 10)));
    this.writer = new PostgresWriter(options.now, options.referencesOf);
    this.feed = new ChangeFeed(
      this.hub,
      {
        changesAfter: (after, limit) => pgChangesAfter(pool, after, limit),
        history: (kind, after, through, limit) => pgHistory(pool, kind, after, through, limit),
        oldestEventRv: () => pgOldestEventRv(pool),
      },
      startRv,
      onError,
    );
    this.lane = new WriteLane<PgSession>(this.laneEngine());
    this.tokens = new PgTokenTable(pool);
    this.stopCompaction = startCompaction(options.historyMaxAgeMs, {
      lastRv: () => pgCounterRv(pool),
      trimThrough: (rv) => pool.query('DELETE FROM events WHERE rv <= $1', [rv]),
      onError,
    });
    this.listener = new PgListener(listenerConfig, channel, () => this.feed.poke(), options.pollMs ?? 1_000);
  }

  /**
   * Connects to `url` (`postgres://user:password@host:port/database`), creates the schema when
   * asked, migrates it, and starts following the change feed.
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,40}$/.test(options.schema)) {
      // It also names the NOTIFY channel, written into SQL text.
      throw new Error(
        `invalid PostgreSQL schema name ${JSON.stringify(options.schema)}: use lowercase letters, digits and _ (at most 41)`,
      );
    }
    const config: pg.ClientConfig = {
      connectionString: url,
      ...(options.schema ? { options: `-c search_path=${ident(options.schema)}` } : {}),
    };
    const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10 });
    // An idle connection that breaks is dropped by the pool; without a listener it would crash the process.
    pool.on('error', () => undefined);
    try {
      if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${ident(options.schema)}`);
      await migratePg(pool, { referencesOf: options.referencesOf });
      const channel = `paletteai_events${options.schema ? `_${options.schema}` : ''}`.slice(0, 63);
      const store = new PostgresStore(pool, await pgCounterRv(pool), channel, config, options);
      await store.trimNow();
      await store.listener.start();
      return store;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  private laneEngine(): LaneEngine<PgSession> {
    return {
      begin: async () => {
        const client = await this.pool.connect();
        try {
          const results = (await client.query(
            'BEGIN; SELECT rv FROM resource_version WHERE id = 1 FOR UPDATE',
          )) as unknown as pg.QueryResult<{ rv: string }>[];
          const rv = Number(results[1]!.rows[0]!.rv);
          const changes = new SessionChanges(this.keptChanges);
          return { client, nextRv: rv + 1, changes, marks: [], released: false, cache: new ReadCache() };
        } catch (error) {
          client.release(error as Error);
          throw error;
        }
      },
      savepoint: async (s) => {
        await s.client.query(s.releasePending ? 'RELEASE SAVEPOINT w; SAVEPOINT w' : 'SAVEPOINT w');
        s.releasePending = false;
        s.marks.push({ changes: s.changes.length, nextRv: s.nextRv });
      },
      release: (s) => {
        s.releasePending = true;
        s.marks.pop();
      },
      rollbackTo: async (s) => {
        const mark = s.marks.pop()!;
        for (const kind of s.changes.splice(mark.changes)) s.cache.changed(kind);
        s.nextRv = mark.nextRv;
        await s.client.query('ROLLBACK TO SAVEPOINT w; RELEASE SAVEPOINT w');
      },
      commit: async (s) => {
        const n = s.changes.length;
        if (n === 0) {
          await s.client.query('COMMIT');
        } else {
          const last = s.nextRv - 1;
          this.sinceTrim += n;
          const trim = this.sinceTrim >= this.trimEvery && last > this.historyLimit;
          // Integers of our own and a fixed channel name: one round trip as a simple query.
          await s.client.query(
            `UPDATE resource_version SET rv = ${last} WHERE id = 1; ` +
              (trim ? `DELETE FROM events WHERE rv <= ${last - this.historyLimit}; ` : '') +
              `SELECT pg_notify('${this.channel}', '${last}'); COMMIT`,
          );
          if (trim) this.sinceTrim = 0;
        }
        s.released = true;
        s.client.release();
        await s.changes.publish(this.feed);
      },
      rollback: async (s) => {
        if (s.released) return;
        s.released = true;
        try {
          await s.client.query('ROLLBACK');
          s.client.release();
        } catch (error) {
          s.client.release(error as Error);
        }
      },
    };
  }

  /** Deletes the events beyond the history limit (at open: the limit may have gone down). */
  private async trimNow(): Promise<void> {
    await this.pool.query(
      'DELETE FROM events WHERE rv <= (SELECT rv FROM resource_version WHERE id = 1) - $1',
      [this.historyLimit],
    );
  }

  async get(key: ObjectKey): Promise<StoredObject | undefined> {
    this.assertOpen();
    return pgGet(this.pool, key);
  }

  /** The first page and its resourceVersion come from one statement, so from one snapshot. */
  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    return parseItems(await this.listText(kind, options));
  }

  /** {@inheritDoc list} */
  async listText(kind: string, options: ListOptions = {}): Promise<ListTextResult> {
    this.assertOpen();
    return pgList(this.pool, kind, options, 'counter', this.countLimit);
  }

  async dependents(target: ObjectKey, options?: { includeAny?: boolean }): Promise<ObjectKey[]> {
    this.assertOpen();
    return pgDependents(this.pool, target, options);
  }

  async create(object: KubeObject): Promise<StoredObject> {
    this.assertOpen();
    return this.lane.submit((s) => this.writer.create(s, object));
  }

  async update(object: KubeObject, expectedRv: string): Promise<StoredObject> {
    this.assertOpen();
    return this.lane.submit((s) => this.writer.update(s, object, expectedRv));
  }

  async delete(key: ObjectKey, expectedRv?: string): Promise<StoredObject> {
    this.assertOpen();
    return this.lane.submit((s) => this.writer.delete(s, key, expectedRv));
  }

  /**
   * Joins the next group commit as one savepoint. `tx` works on the transaction's connection,
   * which holds the counter lock: its reads see its own writes and no other writer's
   * uncommitted (or concurrent) ones.
   */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.lane.submit(async (s) => {
      const { handle, end } = guard<Transaction>((use) => {
        const reads: StoreReader = {
          get: async (key) => (use(), pgGet(s.client, key)),
          list: async (kind, options = {}) => (
            use(),
            parseItems(await pgList(s.client, kind, options, s.nextRv - 1, this.countLimit))
          ),
          dependents: async (target, options) => (use(), pgDependents(s.client, target, options)),
        };
        return {
          ...reads,
          sharedReads: s.cache.over(reads, () => String(s.nextRv - 1)),
          create: async (object) => (use(), this.writer.create(s, object)),
          update: async (object, rv) => (use(), this.writer.update(s, object, rv)),
          delete: async (key, rv) => (use(), this.writer.delete(s, key, rv)),
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
    return String(await pgCounterRv(this.pool));
  }

  /** Waits for queued writes, ends every watch, the listener connection and the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopCompaction();
    await this.lane.settled();
    await this.listener.stop();
    await this.feed.close();
    await this.pool.end();
  }

  /** The pool, for tests and maintenance. */
  get database(): pg.Pool {
    return this.pool;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the store is closed');
  }
}
