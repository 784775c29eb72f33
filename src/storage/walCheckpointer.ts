/**
 * SQLite's WAL checkpoints, off the event loop (ADR 0006, continued).
 *
 * SQLite copies the write-ahead log back into the database file once the log passes 1,000 pages,
 * inside whichever COMMIT crosses that line: under a stream of writes that COMMIT stood still for
 * the copy and two fsyncs (the log's and the database's), every few hundred creates — 4 % of the
 * server's time and the tail of its write latency. The store turns that off on its writer
 * connection and runs the same PASSIVE checkpoint here, on a connection of its own in a worker
 * thread: it never blocks the writer, and the writer never waits for it.
 *
 * The worker starts only once the log has grown past a threshold (short-lived stores, as most
 * tests open, never start one). If the worker fails, the writer goes back to SQLite's own
 * checkpoints: the log never grows without bound.
 */
import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/** What one PASSIVE checkpoint did (SQLite's `wal_checkpoint` row). */
export interface CheckpointResult {
  /** 1 when the checkpoint could not run at all (another one held the lock). */
  busy: number;
  /** Pages in the log. */
  log: number;
  /** Pages of the log now in the database file. */
  checkpointed: number;
}

export interface WalCheckpointerOptions {
  /** The store's writer connection: its own checkpoints stop while the worker runs. */
  writer: Database;
  /** The database file the worker opens. @default the writer's */
  file?: string;
  /** Descriptor of the log file, to see how large it grew before a worker is started. */
  walFd: () => number | undefined;
  /** Told if the worker fails (the writer has gone back to checkpointing by itself). */
  onFailure: (error: Error) => void;
  /**
   * Log size after which the worker starts: below SQLite's own threshold (1,000 pages of 4 KiB),
   * which would otherwise keep the log from ever reaching it. @default 1 MiB
   */
  startAfterBytes?: number;
  /** Pause between checkpoints while writes go on. @default 100 ms */
  intervalMs?: number;
}

/** The worker: one connection, a PASSIVE checkpoint per message, then closes on `null`. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('fullfsync = ON');
} catch (e) {
  try { if (db) db.close(); } catch {}
  db = undefined;
  parentPort.postMessage({ error: String((e && e.message) || e) });
}
parentPort.on('message', (m) => {
  if (m === null) {
    try { if (db) db.close(); } finally { parentPort.close(); }
    return;
  }
  if (!db) return;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ result: { busy: r.busy, log: r.log, checkpointed: r.checkpointed } });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
});
`;

type Reply = { result: CheckpointResult } | { error: string };

export class WalCheckpointer {
  private worker: Worker | undefined;
  private failed = false;
  private closed = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  /** Commits since the running checkpoint started: another one is due. */
  private pending = false;
  private settle: (() => void)[] = [];
  /** Checkpoints run, and the last one's result (tests and the benchmark read them). */
  readonly stats: { runs: number; last?: CheckpointResult } = { runs: 0 };

  constructor(private readonly options: WalCheckpointerOptions) {}

  /** Whether the worker runs (the writer's own checkpoints are off). */
  get active(): boolean {
    return this.worker !== undefined && !this.failed;
  }

  /** Tells of a commit: a checkpoint follows within the interval. */
  committed(): void {
    if (this.failed || this.closed) return;
    if (!this.worker) {
      const fd = this.options.walFd();
      if (fd === undefined || fstatSync(fd).size < (this.options.startAfterBytes ?? 1024 * 1024)) return;
      this.start();
    }
    if (this.running) this.pending = true;
    else this.timer ??= setTimeout(() => this.run(), this.options.intervalMs ?? 100);
  }

  /** Resolves when no checkpoint is running or due. */
  async idle(): Promise<void> {
    while ((this.running || this.timer) && !this.failed && !this.closed)
      await new Promise<void>((r) => this.settle.push(r));
  }

  /** Ends the worker (its connection closed) after the checkpoint it runs, if any. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise((r) => worker.once('exit', r));
    // Referenced again until it has gone: an unreferenced worker would let the event loop empty
    // while the store's close awaits it (a server exiting with 13, "unsettled top-level await").
    worker.ref();
    worker.postMessage(null);
    await exited;
    for (const s of this.settle.splice(0)) s();
  }

  private start(): void {
    const worker = new Worker(WORKER, {
      eval: true,
      // It runs one pragma per message: the smallest young generation will do (V8's default
      // commits 16 MiB, and the worker starts when a large commit has just made the server's peak).
      resourceLimits: { maxYoungGenerationSizeMb: 2 },
      workerData: {
        file: this.options.file ?? this.options.writer.name,
        module: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => this.done(reply));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => {
      if (!this.closed) this.fail(new Error('the checkpoint worker stopped'));
    });
    this.worker = worker;
    this.options.writer.pragma('wal_autocheckpoint = 0');
  }

  private run(): void {
    this.timer = undefined;
    if (!this.worker || this.failed || this.closed) return;
    this.running = true;
    this.pending = false;
    this.worker.postMessage('checkpoint');
  }

  private done(reply: Reply): void {
    if ('error' in reply) return this.fail(new Error(reply.error));
    this.running = false;
    this.stats.runs++;
    this.stats.last = reply.result;
    if (this.pending) this.timer = setTimeout(() => this.run(), this.options.intervalMs ?? 100);
    else for (const s of this.settle.splice(0)) s();
  }

  private fail(error: Error): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    // Asked to close rather than terminated: a worker terminated inside a SQLite call that then
    // fails aborts the whole process (better-sqlite3 cannot raise its error in a dying isolate).
    worker?.postMessage(null);
    for (const s of this.settle.splice(0)) s();
    if (this.options.writer.open) this.options.writer.pragma('wal_autocheckpoint = 1000');
    this.options.onFailure(error);
  }
}
