/**
 * A keyed work queue, as client-go's: a key waits at most once however often it is added; a key
 * being worked on is not handed to a second worker, and one added meanwhile runs again after; a
 * failed key is retried with exponential backoff.
 */

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** Workers running at once. @default 1 */
  concurrency?: number;
  /** First retry delay; doubles per failure of the same key. @default 50 */
  baseDelayMs?: number;
  /** Longest retry delay. @default 30_000 */
  maxDelayMs?: number;
  /** Told of each failure (the key is retried). */
  onError?: (key: string, error: unknown) => void;
}

export class WorkQueue {
  private readonly waiting = new Set<string>();
  private readonly running = new Set<string>();
  /** Keys added again while running: they run once more when the current run ends. */
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private roomWaiters: { below: number; resolve: () => void }[] = [];
  private stopped = false;
  private scheduled = false;

  constructor(
    private readonly work: (key: string) => Promise<void>,
    private readonly options: WorkQueueOptions = {},
  ) {}

  /** Queues `key` (no-op when it already waits). */
  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.waiting.add(key);
    // Start on a microtask, so that keys added in one go are coalesced before any runs.
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.pump();
      });
    }
  }

  /** Pending keys (waiting, running or backing off). */
  get size(): number {
    return this.waiting.size + this.running.size + this.timers.size;
  }

  /** Resolves when nothing waits or runs (retries that back off count as pending). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves once fewer than `below` keys wait or run (retries backing off do not count: a key
   * that keeps failing must not hold up whoever feeds the queue), or the queue is stopped.
   */
  room(below: number): Promise<void> {
    if (this.stopped || this.waiting.size + this.running.size < below) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ below, resolve }));
  }

  /** Stops handing out work; running work finishes, retries are dropped. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.waiting.clear();
    this.dirty.clear();
    this.checkIdle();
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 1;
    while (!this.stopped && this.running.size < concurrency && this.waiting.size > 0) {
      const key = this.waiting.values().next().value as string;
      this.waiting.delete(key);
      this.running.add(key);
      void this.run(key);
    }
  }

  private async run(key: string): Promise<void> {
    let failed = false;
    try {
      await this.work(key);
      this.failures.delete(key);
    } catch (error) {
      failed = true;
      this.options.onError?.(key, error);
    }
    this.running.delete(key);
    if (failed && !this.stopped) this.retry(key);
    else if (this.dirty.delete(key)) this.add(key);
    this.pump();
    this.checkIdle();
  }

  private retry(key: string): void {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    const delay = Math.min(
      (this.options.baseDelayMs ?? 50) * 2 ** (n - 1),
      this.options.maxDelayMs ?? 30_000,
    );
    this.dirty.delete(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  private checkIdle(): void {
    if (this.roomWaiters.length) {
      const load = this.stopped ? -Infinity : this.waiting.size + this.running.size;
      const ready = this.roomWaiters.filter((w) => load < w.below);
      this.roomWaiters = this.roomWaiters.filter((w) => load >= w.below);
      for (const w of ready) w.resolve();
    }
    if (this.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
