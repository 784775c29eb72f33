/**
 * The kept change history (`events`): how far back it reaches, and its trimming. A resourceVersion
 * `rv` is "kept" when every change after it is still in the table, i.e. `rv >= oldest kept - 1`.
 */
import type { Statements } from './statements.js';
import { expired } from './storageErrors.js';

/** Default number of events kept for watch replay and continue tokens. */
export const DEFAULT_HISTORY_LIMIT = 100_000;

/** The oldest event still kept; one past the newest when there is none (an empty store). */
export const oldestKeptRv = (st: Statements): number => st.oldestEventRv.get() ?? st.lastRv.get()! + 1;

/** Throws GoneError (410 Expired) when changes after `rv` are no longer all kept. */
export const assertKept = (st: Statements, what: 'watch' | 'continue', rv: number): void => {
  const oldest = oldestKeptRv(st);
  if (rv < oldest - 1) throw expired(what, rv, oldest);
};

/**
 * Trims the history to `limit` events, a batch at a time: the store calls {@link HistoryTrimmer.written}
 * inside each write transaction, and one write in every `every` also deletes the events beyond the
 * limit, so the table holds between `limit` and `limit + every` events and trimming costs one
 * indexed range delete per batch rather than one per write.
 */
export class HistoryTrimmer {
  private sinceTrim = 0;
  readonly every: number;

  constructor(
    private readonly st: Statements,
    readonly limit: number,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`historyLimit must be a positive integer, got ${limit}`);
    }
    this.every = Math.max(1, Math.min(1_000, Math.ceil(limit / 10)));
  }

  /** Counts `writes` new events; trims when a batch is due. Call inside the write transaction. */
  written(writes: number): void {
    this.sinceTrim += writes;
    if (this.sinceTrim >= this.every) this.trim();
  }

  /** Deletes every event older than the newest `limit`. */
  trim(): void {
    this.sinceTrim = 0;
    const through = this.st.lastRv.get()! - this.limit;
    if (through > 0) this.st.trimEvents.run(through);
  }
}

/** Default age after which history is compacted (kube-apiserver compacts etcd every 5 minutes). */
export const DEFAULT_HISTORY_MAX_AGE_MS = 5 * 60_000;

/**
 * Compaction by age, as kube-apiserver compacts etcd: every so often the store notes its newest
 * resourceVersion, and history up to a version noted `maxAgeMs` ago is dropped. Without it the
 * events of a deleted Secret (its values included) would stay until 100,000 later writes pushed
 * them out; a client that resumes from before the compaction lists again after a 410.
 */
export class AgeCompaction {
  private readonly marks: { at: number; rv: number }[] = [];
  /** How often the store should call {@link mark}. */
  readonly everyMs: number;

  constructor(
    readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isFinite(maxAgeMs) || maxAgeMs < 1)
      throw new RangeError(`historyMaxAgeMs must be a positive number, got ${maxAgeMs}`);
    this.everyMs = Math.max(10, Math.min(60_000, Math.floor(maxAgeMs / 5)));
  }

  /** Notes the newest committed `rv`; returns the version through which history may go, if any. */
  mark(rv: number): number | undefined {
    const at = this.now();
    this.marks.push({ at, rv });
    let through: number | undefined;
    while (this.marks.length > 0 && at - this.marks[0]!.at >= this.maxAgeMs) through = this.marks.shift()!.rv;
    return through;
  }
}

/** What an engine gives {@link startCompaction}: its newest committed version and a trim. */
export interface CompactionEngine {
  lastRv(): number | Promise<number>;
  /** Deletes every event at or below `rv` (through the engine's write path where it has one). */
  trimThrough(rv: number): Promise<unknown>;
  onError(error: unknown): void;
}

/**
 * Runs {@link AgeCompaction} on its own timer (not keeping the process alive); returns the function
 * that stops it. One ticker for every engine: each only says how to read its version and trim.
 */
export const startCompaction = (maxAgeMs: number | undefined, engine: CompactionEngine): (() => void) => {
  const compaction = new AgeCompaction(maxAgeMs ?? DEFAULT_HISTORY_MAX_AGE_MS);
  let stopped = false;
  const timer = setInterval(() => {
    void (async () => {
      const through = compaction.mark(await engine.lastRv());
      if (through !== undefined && !stopped) await engine.trimThrough(through);
    })().catch(engine.onError);
  }, compaction.everyMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
};
