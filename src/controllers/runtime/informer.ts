/**
 * Follows every change of some kinds from one resourceVersion on, as an informer's watch does:
 * the handler sees each committed change once, in resourceVersion order per kind, including the
 * changes other processes commit to the same database. A watch the store drops (the handler fell
 * behind) is resumed from the last change it delivered.
 */
import type { Store, Watch, WatchEvent } from '../../storage/store.js';

export class ChangeFollower {
  private readonly watches = new Map<string, Watch>();
  private readonly lastRv = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly kinds: readonly string[],
    /** May return a promise: the next change waits for it (the watch holds the rest). */
    private readonly onChange: (e: WatchEvent) => Promise<void> | undefined | void,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /**
   * Starts following after `fromRv` (the store's current one when absent). Throws GoneError when
   * `fromRv` is older than the store's kept history: the caller must re-read everything.
   */
  async start(fromRv?: string): Promise<void> {
    const rv = fromRv ?? (await this.store.currentRv());
    try {
      for (const kind of this.kinds) await this.follow(kind, rv);
    } catch (e) {
      this.stop();
      throw e;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watches.values()) w.stop();
    this.watches.clear();
  }

  private async follow(kind: string, fromRv: string): Promise<void> {
    this.lastRv.set(kind, fromRv);
    const watch = await this.store.watch(
      kind,
      {},
      fromRv,
      (e) => {
        this.lastRv.set(kind, e.resourceVersion);
        return this.onChange(e);
      },
      (reason) => {
        if (reason !== 'dropped' || this.stopped) return;
        this.follow(kind, this.lastRv.get(kind)!).catch((error: unknown) => this.onError(error));
      },
    );
    this.watches.set(kind, watch);
  }
}
