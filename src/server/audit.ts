/**
 * The audit log: one JSON line per mutation (allowed or denied) and per refused request, written
 * synchronously before the answer leaves, so an acknowledged write has its record even after
 * kill -9. A write error (full disk, EIO, a closed descriptor) never reaches the caller: it is
 * reported once to the server log and the records are counted as dropped until writes succeed.
 */
import { closeSync, constants, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { fsProblem } from './dataDir.js';

/** One audit record: who did what to which object, when, and whether it was allowed. Never a body. */
export interface AuditRecord {
  time: string;
  /** Token name; `anonymous` when the request had no valid token. */
  user: string;
  role: string;
  verb: string;
  /** API group (`''` for the core group); absent when not known (unauthenticated requests). */
  group?: string;
  /** Plural resource (`profilebundles`), or the request path of an unauthenticated request. */
  resource: string;
  /** `status`, when the request went to a subresource. */
  subresource?: string;
  namespace?: string;
  /** The object's name: for a create, the name it was created with. */
  name?: string;
  code: number;
  allowed: boolean;
  /** The error message of a refused request (messages never quote request bodies). */
  message?: string;
}

/** What a caller hands to {@link AuditSink.record}; the sink adds the time. */
export type AuditEntry = Omit<AuditRecord, 'time'>;

/** Counters of an audit sink since it opened. */
export interface AuditStats {
  /** Records written. */
  written: number;
  /** Records lost to write errors. */
  dropped: number;
  /** Unauthenticated records not written because of the rate limit. */
  suppressed: number;
}

/**
 * Where audit records go. `record` never throws and returns only once the record is as durable as
 * the sink promises (the file sink: handed to the kernel with write(2), so it survives kill -9).
 *
 * Call-site contract (the HTTP layer):
 * - Call `record` exactly once per mutating request (create, update, patch, delete, import,
 *   allowed or refused) and per request refused with 401 or 403, AFTER the outcome is final (the
 *   store transaction committed, or the error mapped to its Status) and BEFORE the first byte of
 *   the answer is written (`writeHead`/`end`). An acknowledged write then always has its record.
 *   Do not await anything between `record` and sending the answer that could fail the request.
 * - Fill the object: `group` (`''` for core), `resource` (plural), `subresource` (`status`),
 *   `namespace`, and `name` — for a create the name of the object as created (generateName
 *   resolved), taken from the stored object, not the URL. Unauthenticated requests: `user`
 *   `anonymous`, `code` 401, `resource` the request path (the sink caps it).
 * - `message`: the Status message only, never request content (body.ts messages quote nothing).
 * - Records with `code` 401 are the unauthenticated ones; the sink rate-limits exactly those.
 * - On shutdown, `await close()` after the HTTP server stopped accepting requests.
 */
export interface AuditSink {
  record(entry: AuditEntry): void;
  stats(): AuditStats;
  /** Flushes what is pending (the rate-limit summary) and closes. Later records are dropped. */
  close(): Promise<void>;
}

/** Limits of {@link FileAuditSink}. */
export interface FileAuditOptions {
  /** A file is rotated before it would grow past this size. @default 100 MiB */
  maxBytes?: number;
  /** Rotated files kept: `audit.log.1` (newest) … `audit.log.N`. @default 5 */
  maxBackups?: number;
  /** Unauthenticated (401) records per second, on average. @default 20 */
  unauthenticatedPerSecond?: number;
  /** Unauthenticated records allowed in one burst. @default unauthenticatedPerSecond */
  unauthenticatedBurst?: number;
  /** How often a summary of suppressed records is written, when there are any. @default 60 s */
  summaryIntervalMs?: number;
  /** Longest string kept in a field (anonymous request paths can be 16 KB). @default 512 */
  maxFieldChars?: number;
  /** The server log, for write errors and recoveries. @default stderr */
  log?: (message: string) => void;
  /** @default Date.now */
  now?: () => number;
}

const MiB = 1024 * 1024;

const cap = (s: string, max: number): string =>
  s.length <= max ? s : `${s.slice(0, max)}… (${s.length - max} more characters)`;

/**
 * {@link AuditSink} on a file: `O_APPEND` writes with `fs.writeSync`, one line per record, size
 * bounded with rotation (`audit.log` → `audit.log.1` → … `audit.log.N`, the oldest removed), and
 * unauthenticated records rate-limited by a token bucket, with a periodic summary record
 * `{"summary":"N unauthenticated requests not recorded", ...}`.
 */
export class FileAuditSink implements AuditSink {
  private fd: number | undefined;
  private size = 0;
  private readonly maxBytes: number;
  private readonly maxBackups: number;
  private readonly rate: number;
  private readonly burst: number;
  private readonly maxField: number;
  private readonly log: (message: string) => void;
  private readonly now: () => number;
  private tokens: number;
  private refilled: number;
  private suppressedSince: number | undefined;
  private pendingSuppressed = 0;
  private readonly counters: AuditStats = { written: 0, dropped: 0, suppressed: 0 };
  /** Set while writes fail: the error is reported once per episode. */
  private failing: string | undefined;
  private droppedInEpisode = 0;
  /** A failed write may have left half a line: the next write starts on a new line. */
  private torn = false;
  private lastOpenAttempt = -Infinity;
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly path: string,
    options: FileAuditOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 100 * MiB;
    this.maxBackups = options.maxBackups ?? 5;
    this.rate = options.unauthenticatedPerSecond ?? 20;
    this.burst = options.unauthenticatedBurst ?? Math.max(1, this.rate);
    this.maxField = options.maxFieldChars ?? 512;
    this.log = options.log ?? ((m) => process.stderr.write(`${m}\n`));
    this.now = options.now ?? Date.now;
    this.tokens = this.burst;
    this.refilled = this.now();
    this.open();
    const interval = options.summaryIntervalMs ?? 60_000;
    if (interval > 0) {
      this.timer = setInterval(() => this.flushSummary(), interval);
      this.timer.unref();
    }
  }

  record(entry: AuditEntry): void {
    try {
      if (this.closed) {
        this.drop('the audit log is closed');
        return;
      }
      if (entry.code === 401 && !this.admitUnauthenticated()) return;
      this.flushSummary();
      this.append(this.line(entry));
    } catch (e) {
      // Never let auditing fail a request or the process; count it.
      this.drop(`unexpected error: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  stats(): AuditStats {
    return { ...this.counters };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    this.flushSummary();
    this.closed = true;
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // nothing to do: the descriptor is gone either way
      }
      this.fd = undefined;
    }
  }

  private line(entry: AuditEntry): string {
    const record: Record<string, unknown> = { time: new Date(this.now()).toISOString() };
    for (const [k, v] of Object.entries(entry)) {
      if (v === undefined) continue;
      record[k] = typeof v === 'string' ? cap(v, this.maxField) : v;
    }
    return `${JSON.stringify(record)}\n`;
  }

  /** Token bucket: true when this unauthenticated record may be written. */
  private admitUnauthenticated(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilled) / 1000) * this.rate);
    this.refilled = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.counters.suppressed++;
    this.pendingSuppressed++;
    this.suppressedSince ??= now;
    return false;
  }

  private flushSummary(): void {
    if (this.pendingSuppressed === 0 || this.closed) return;
    const n = this.pendingSuppressed;
    const since = new Date(this.suppressedSince ?? this.now()).toISOString();
    this.pendingSuppressed = 0;
    this.suppressedSince = undefined;
    this.append(
      `${JSON.stringify({
        time: new Date(this.now()).toISOString(),
        summary: `${n} unauthenticated requests not recorded (more than ${this.rate}/s)`,
        suppressed: n,
        since,
      })}\n`,
    );
  }

  private open(): boolean {
    this.lastOpenAttempt = this.now();
    try {
      this.fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
      try {
        this.size = fstatSync(this.fd).size;
      } catch {
        this.size = 0; // character devices (tests use /dev/full) and the like
      }
      return true;
    } catch (e) {
      this.fd = undefined;
      this.fail(e);
      return false;
    }
  }

  private append(text: string): void {
    if (this.fd === undefined) {
      // Re-open at most once a second after a failure (the directory may come back).
      if (this.now() - this.lastOpenAttempt < 1000 || !this.open()) {
        this.drop();
        return;
      }
    }
    const bytes = Buffer.from(this.torn ? `\n${text}` : text, 'utf8');
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    if (this.fd === undefined) {
      this.drop();
      return;
    }
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (e) {
      this.size += done;
      if (done > 0) this.torn = true;
      if (['EBADF', 'EIO'].includes((e as NodeJS.ErrnoException).code ?? '')) this.reset();
      this.fail(e);
      this.drop();
      return;
    }
    this.size += done;
    this.torn = false;
    this.counters.written++;
    if (this.failing !== undefined) {
      this.log(
        `audit log ${this.path}: writing again; ${this.droppedInEpisode} records were dropped meanwhile`,
      );
      this.failing = undefined;
      this.droppedInEpisode = 0;
    }
  }

  /** audit.log → audit.log.1 → … → audit.log.N; the oldest is removed. */
  private rotate(): void {
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
    try {
      rmSync(`${this.path}.${this.maxBackups}`, { force: true });
      for (let i = this.maxBackups - 1; i >= 1; i--) {
        try {
          renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
      if (this.maxBackups > 0) renameSync(this.path, `${this.path}.1`);
      else rmSync(this.path, { force: true });
    } catch (e) {
      this.fail(e);
    }
    this.torn = false;
    // Should the rename have failed, this re-opens the old file: records keep going there.
    this.open();
  }

  private reset(): void {
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } catch {
      // the descriptor is already gone
    }
    this.fd = undefined;
  }

  private fail(e: unknown): void {
    if (this.failing !== undefined) return;
    this.failing = fsProblem(e);
    this.log(
      `audit log ${this.path}: cannot write (${this.failing}); the server keeps running, ` +
        'audit records are dropped and counted until writes succeed again',
    );
  }

  private drop(reason?: string): void {
    this.counters.dropped++;
    this.droppedInEpisode++;
    if (reason && this.failing === undefined) {
      this.failing = reason;
      this.log(`audit log ${this.path}: ${reason}; records are dropped and counted`);
    }
  }
}
