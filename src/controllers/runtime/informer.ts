/**
 * Follows every change of some kinds from one resourceVersion on, as an informer's watch does:
 * the handler sees each committed change once, in resourceVersion order per kind, including the
 * changes other processes commit to the same database.
 */
import type { Store, Watch, WatchEvent } from '../../storage/store.js';

export class ChangeFollower {
  private readonly watches: Watch[] = [];

  constructor(
    private readonly store: Store,
    private readonly kinds: readonly string[],
    private readonly onChange: (e: WatchEvent) => void,
  ) {}

  /** Starts following after `fromRv` (the store's current one when absent). */
  async start(fromRv?: string): Promise<void> {
    const rv = fromRv ?? (await this.store.currentRv());
    for (const kind of this.kinds) this.watches.push(await this.store.watch(kind, {}, rv, this.onChange));
  }

  stop(): void {
    for (const w of this.watches.splice(0)) w.stop();
  }
}
