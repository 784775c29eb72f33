/**
 * The two sides the replicas soak compares (see soak.ts): the database's own history of events, read
 * as it grows, and the streams watchers received through the replicas; `compareStream` says what a
 * stream missed, repeated or got out of order.
 */
import type pg from 'pg';
import type { ApiClient } from '../src/client/apiClient.js';

export const API = '/apis/spectrocloud.com/v1alpha1';
export const KIND = 'ClusterProfile';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One event as compared: `rv TYPE name`. */
const line = (rv: number, type: string, name: string) => `${rv} ${type} ${name}`;

/** What one watcher received, against the database's history. */
export interface WatcherReport {
  replica: string;
  index: number;
  events: number;
  /** Streams the server ended (a watch timeout) and the watcher resumed from its last resourceVersion. */
  resumed: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  /** Events the database has no record of. */
  unknown: number;
  /** The first difference, for the report. */
  firstProblem?: string;
}

/**
 * Follows `events` of the whole database from `after` on (every kind), as committed; checks that
 * the resourceVersions it sees are contiguous, and keeps the watched kind's events of `namespace`.
 */
export class HistoryReader {
  readonly watched: SoakEvent[] = [];
  readonly gaps: string[] = [];
  all = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly db: pg.Client,
    private last: number,
    private readonly namespace: string,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await this.readOnce();
        await sleep(200);
      }
    })();
  }

  /** The newest resourceVersion read. */
  get reached(): number {
    return this.last;
  }

  async readOnce(): Promise<void> {
    const { rows } = await this.db.query<{
      rv: string;
      type: string;
      kind: string;
      namespace: string;
      name: string;
    }>('SELECT rv, type, kind, namespace, name FROM events WHERE rv > $1 ORDER BY rv LIMIT 10000', [
      this.last,
    ]);
    for (const r of rows) {
      const rv = Number(r.rv);
      if (rv !== this.last + 1) this.gaps.push(`after rv ${this.last} the next committed event is rv ${rv}`);
      this.last = rv;
      this.all++;
      if (r.kind === KIND && r.namespace === this.namespace)
        this.watched.push({ rv, text: line(rv, r.type, r.name) });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.readOnce();
  }
}

/** A watch of the kind in the namespace through one replica, resumed from its last resourceVersion. */
export class Watcher {
  readonly seen: SoakEvent[] = [];
  resumed = 0;
  errors: string[] = [];
  private lastRv: string;
  private stopped = false;
  private closeStream: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly path: string,
    fromRv: string,
  ) {
    this.lastRv = fromRv;
  }

  /** Resolves once the first stream is open (events after `fromRv` are then guaranteed to come). */
  async start(): Promise<void> {
    let opened!: () => void;
    const first = new Promise<void>((r) => (opened = r));
    this.loop = (async () => {
      for (let attempt = 0; !this.stopped; attempt++) {
        if (attempt > 0) this.resumed++;
        try {
          const w = await this.api.watch(
            `${this.path}?watch=true&allowWatchBookmarks=true&resourceVersion=${this.lastRv}`,
            (e) =>
              this.onEvent(
                e as {
                  type: string;
                  object: {
                    metadata: { name: string; resourceVersion: string };
                    code?: number;
                    message?: string;
                  };
                },
              ),
          );
          if (w.status !== 200) {
            this.errors.push(`watch answered ${w.status}`);
            w.close();
            opened();
            return;
          }
          this.closeStream = w.close;
          opened();
          await w.done;
        } catch (error) {
          if (this.stopped) return;
          this.errors.push(`watch failed: ${String(error)}`);
          await sleep(500);
        }
      }
    })();
    await first;
  }

  private onEvent(e: {
    type: string;
    object: { metadata: { name: string; resourceVersion: string }; code?: number; message?: string };
  }): void {
    if (e.type === 'ERROR') {
      // A 410 means events were lost to this watcher: what the soak is there to catch.
      this.errors.push(`ERROR event ${e.object.code}: ${e.object.message}`);
      this.stopped = true;
      this.closeStream?.();
      return;
    }
    this.lastRv = e.object.metadata.resourceVersion;
    if (e.type === 'BOOKMARK') return;
    const rv = Number(this.lastRv);
    this.seen.push({ rv, text: line(rv, e.type, e.object.metadata.name) });
  }

  get reached(): number {
    return Number(this.lastRv);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closeStream?.();
    await this.loop;
  }
}

/** One received or recorded event: its resourceVersion and `rv TYPE name`. */
export interface SoakEvent {
  rv: number;
  text: string;
}

/** Compares a watcher's stream (and the errors it met) with the history of the same events. */
export const compareStream = (
  replica: string,
  index: number,
  w: { seen: readonly SoakEvent[]; errors: readonly string[]; resumed: number },
  history: readonly SoakEvent[],
): WatcherReport => {
  const expected = new Map(history.map((h) => [h.rv, h.text]));
  const got = new Set<number>();
  let duplicates = 0;
  let outOfOrder = 0;
  let unknown = 0;
  let previous = 0;
  const problems: string[] = [...w.errors];
  for (const e of w.seen) {
    if (got.has(e.rv)) {
      duplicates++;
      problems.push(`duplicate: ${e.text}`);
    }
    if (e.rv <= previous) {
      outOfOrder++;
      problems.push(`out of order: ${e.text} after rv ${previous}`);
    }
    if (expected.get(e.rv) !== e.text) {
      unknown++;
      problems.push(`not in the history: ${e.text} (history: ${expected.get(e.rv) ?? 'nothing'})`);
    }
    got.add(e.rv);
    previous = Math.max(previous, e.rv);
  }
  const missed = history.filter((h) => !got.has(h.rv));
  if (missed.length) problems.push(`missing ${missed.length}, first: ${missed[0]!.text}`);
  return {
    replica,
    index,
    events: w.seen.length,
    resumed: w.resumed,
    missing: missed.length,
    duplicates,
    outOfOrder,
    unknown,
    ...(problems.length ? { firstProblem: problems[0] } : {}),
  };
};
