/**
 * The changes of one open write transaction, kept for publication after its commit. A transaction
 * of many writes (a 50,000-object Studio import) would hold every object's JSON a second time on
 * the main thread until the commit (about 100 MB: issue #11): past a threshold, changes are kept
 * without their text, and the commit is published from the `events` table instead, a page at a
 * time (see {@link ChangeFeed.readBack}), which holds the same changes in the same order.
 */
import type { ChangeFeed } from './changeFeed.js';
import type { Change } from './watchHub.js';

/** How many changes of one transaction are kept with their text (the rest are read back). */
export const DEFAULT_KEPT_CHANGES = 1_000;

export class SessionChanges implements Iterable<Change> {
  private readonly list: Change[] = [];
  /** Some change is kept without its text: the commit publishes from the `events` table. */
  private stripped = false;

  constructor(private readonly kept: number = DEFAULT_KEPT_CHANGES) {}

  /** Records the next change (in resourceVersion order). */
  push(change: Change): void {
    if (this.list.length < this.kept) this.list.push(change);
    else {
      this.stripped = true;
      this.list.push({ ...change, json: '', prevJson: null });
    }
  }

  get length(): number {
    return this.list.length;
  }

  /** Forgets the changes from `at` on (their savepoint was rolled back) and returns them. */
  splice(at: number): Change[] {
    return this.list.splice(at);
  }

  [Symbol.iterator](): Iterator<Change> {
    return this.list[Symbol.iterator]();
  }

  /**
   * Hands the committed changes to `feed`: as kept, or, when some were kept without their text,
   * read back from the database through the last of them.
   */
  publish(feed: ChangeFeed): Promise<void> {
    const last = this.list.at(-1);
    if (!last) return Promise.resolve();
    return this.stripped ? feed.readBack(last.rv) : feed.local(this.list);
  }
}
