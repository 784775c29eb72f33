/**
 * The fsync of SQLite's write-ahead log, off the event loop (ADR 0006).
 *
 * With `synchronous=FULL` every COMMIT fsyncs the WAL inside better-sqlite3's synchronous call: the
 * event loop stood still for the whole fsync (a tenth of the server's time under writes, and every
 * read waiting behind it). The store now commits with `synchronous=NORMAL` (the COMMIT writes the
 * log, no fsync) and syncs the log file here, on libuv's thread pool, before any write of the
 * group is answered or published. Linux's fsync flushes the file, whichever descriptor asks, so
 * what is acknowledged is on disk exactly as with FULL. Syncs coalesce: groups that committed while
 * one fsync ran share the next.
 */
import { openSync, closeSync, fsync } from 'node:fs';

/** Syncs one file on the thread pool; the groups waiting when a sync starts are settled by it. */
export class WalSync {
  private fd: number | undefined;
  private running = false;
  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private failure: unknown;

  /**
   * @param path the WAL file (`<database>-wal`; SQLite created it when the database went to WAL
   * mode, and keeps it while a connection is open).
   * @param syncFile the fsync to use (tests observe when it runs). @default fs.fsync
   */
  constructor(
    path: string,
    private readonly syncFile: (fd: number, done: (error: Error | null) => void) => void = fsync,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** The log's descriptor (undefined once closed). */
  get descriptor(): number | undefined {
    return this.fd;
  }

  /** Whether a sync is running or waited for (the store's poll stays away from the log meanwhile). */
  get busy(): boolean {
    return this.running || this.waiting.length > 0;
  }

  /**
   * Resolves once everything committed before the call is on disk. After a failed fsync the store
   * cannot tell what the disk kept: every later call fails too (as PostgreSQL stops on one).
   */
  durable(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.running) this.next();
    });
  }

  private next(): void {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0 || this.fd === undefined) return;
    this.running = true;
    this.syncFile(this.fd, (error) => {
      this.running = false;
      if (error) {
        this.failure = new Error(
          `the disk did not keep a write (fsync of the SQLite log failed: ${error.message}); ` +
            'restart the server: what was not acknowledged may be lost',
        );
        for (const w of [...batch, ...this.waiting.splice(0)]) w.reject(this.failure);
        return;
      }
      for (const w of batch) w.resolve();
      this.next();
    });
  }

  /** Closes the descriptor (after the last write was settled). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
