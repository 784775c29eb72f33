/**
 * The changes of one open write transaction, kept for publication after its commit. A transaction
 * of many writes (a 50,000-object Studio import) would hold every object's JSON a second time on
 * the main thread until the commit (about 100 MB: issue #11): past a threshold, only each change's
 * kind and resourceVersion are kept (what a rollback undoes in the read cache, and where
 * publication stops), and the commit is published from the `events` table instead, a page at a
 * time (see {@link ChangeFeed.readBack}), which holds the same changes in the same order.
 */
import { internKind } from '../model/index.js';
import type { ChangeFeed } from './changeFeed.js';
import type { Change } from './watchEvents.js';

/** How many changes of one transaction are kept with their text (the rest are read back). */
export const DEFAULT_KEPT_CHANGES = 1_000;

export class SessionChanges {
  private readonly list: Change[] = [];
  /** The changes after the first `kept`: kind and resourceVersion only, no object per change. */
  private readonly laterKinds: string[] = [];
  private readonly laterRvs: number[] = [];

  constructor(private readonly kept: number = DEFAULT_KEPT_CHANGES) {}

  /** Records the next change (in resourceVersion order). */
  push(change: Change): void {
    if (this.list.length < this.kept) this.list.push(change);
    else {
      this.laterKinds.push(internKind(change.kind));
      this.laterRvs.push(change.rv);
    }
  }

  get length(): number {
    return this.list.length + this.laterKinds.length;
  }

  /** Forgets the changes from `at` on (their savepoint was rolled back) and returns their kinds. */
  splice(at: number): string[] {
    const later = Math.max(0, at - this.list.length);
    this.laterRvs.splice(later);
    return [...this.list.splice(at).map((c) => c.kind), ...this.laterKinds.splice(later)];
  }

  /** The kind of every change, in order. */
  *kinds(): Iterable<string> {
    for (const c of this.list) yield c.kind;
    yield* this.laterKinds;
  }

  /** The changes kept with their text (all of them when {@link length} is at most the threshold). */
  get whole(): readonly Change[] {
    return this.list;
  }

  /**
   * Hands the committed changes to `feed`: as kept, or, when some were kept without their text,
   * read back from the database through the last of them.
   */
  publish(feed: ChangeFeed): Promise<void> {
    const lastLater = this.laterRvs.at(-1);
    if (lastLater !== undefined) return feed.readBack(lastLater);
    return this.list.length ? feed.local(this.list) : Promise.resolve();
  }
}
