/**
 * The change feed of a store: follows the committed `events` of the database in resourceVersion
 * order, whoever wrote them (this process or another), and hands them to the {@link WatchHub}.
 *
 * Everything that publishes or registers a watcher runs one task at a time on one chain, so a
 * watch's history read and its registration see the same `lastSeen` and no change falls between
 * them. This process's own commits are published at once when they follow `lastSeen` directly;
 * otherwise (another process committed in between) the feed reads the `events` table after
 * `lastSeen`, which holds both. Engines poke the feed on a notification and on a timer.
 */
import type { Selection, WatchCallback, WatchCloseReason } from './store.js';
import { expired, tooNewResourceVersion } from './storageErrors.js';
import type { Change } from './watchEvents.js';
import type { ReplaySource, Watcher, WatchHub } from './watchHub.js';

/** What a feed reads from its database (committed data only). */
export interface FeedSource {
  /** Committed changes of every kind after `afterRv`, oldest first, `limit` at most. */
  changesAfter(afterRv: number, limit: number): Promise<Change[]> | Change[];
  /** Committed changes of `kind` in `(afterRv, throughRv]`, oldest first, `limit` at most. */
  history(kind: string, afterRv: number, throughRv: number, limit: number): Promise<Change[]> | Change[];
  /** The oldest event kept; undefined when the table is empty. */
  oldestEventRv(): Promise<number | undefined> | number | undefined;
}

/**
 * Changes read and published at once when the feed catches up (another process's commits, or one
 * of this process's too large to keep in memory): every watcher holds the page while it takes it,
 * so it stays small (200: see REPLAY_PAGE in watchHub.ts).
 */
const PAGE = 200;

export class ChangeFeed {
  private chain: Promise<unknown> = Promise.resolve();
  private pokePending = false;
  private closed = false;

  constructor(
    private readonly hub: WatchHub,
    private readonly source: FeedSource,
    /** The newest change handed to the hub (the committed resourceVersion at open). */
    private lastSeen: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The newest resourceVersion published to watchers. */
  get seen(): number {
    return this.lastSeen;
  }

  /** Runs `task` after every task queued before it. */
  private run<T>(task: () => Promise<T> | T): Promise<T> {
    const p = this.chain.then(task);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /**
   * Publishes changes this process has just committed (in resourceVersion order). Never rejects:
   * the writes are committed whatever happens here; should the catch-up read fail, the error is
   * reported and the next poke reads them (lastSeen did not move).
   */
  local(changes: readonly Change[]): Promise<void> {
    if (changes.length === 0 || this.closed) return Promise.resolve();
    return this.run(async () => {
      const last = changes[changes.length - 1]!.rv;
      if (last <= this.lastSeen) return;
      if (changes[0]!.rv === this.lastSeen + 1) {
        this.hub.publish(changes);
        this.lastSeen = last;
      } else {
        await this.catchUp();
      }
    }).catch(this.onError);
  }

  /**
   * Publishes what was committed after `lastSeen` through `through`, read from the database a page
   * at a time: a commit of this process with too many changes to keep their text in memory (see
   * {@link SessionChanges}). Not past `through`: a later commit of this process may not be on disk
   * yet. Never rejects (as {@link local}). Should the history have been trimmed past `lastSeen`
   * meanwhile (one transaction wrote more than the history limit), every watch is closed
   * (`dropped`): its client lists again, as after kube-apiserver's 410.
   */
  readBack(through: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.run(() => this.catchUp(through)).catch(this.onError);
  }

  /** Reads what was committed since `lastSeen` (a notification came, or the poll timer fired). */
  poke(): void {
    if (this.pokePending || this.closed) return;
    this.pokePending = true;
    this.run(async () => {
      this.pokePending = false;
      if (!this.closed) await this.catchUp();
    }).catch(this.onError);
  }

  /** Publishes the committed changes after `lastSeen`, through `through` at most. */
  private async catchUp(through = Infinity): Promise<void> {
    while (this.lastSeen < through) {
      const page = await this.source.changesAfter(this.lastSeen, PAGE);
      const rows =
        page.length && page[page.length - 1]!.rv > through ? page.filter((r) => r.rv <= through) : page;
      if (rows.length === 0) return;
      if (rows[0]!.rv > this.lastSeen + 1) {
        // Changes after lastSeen were trimmed before this feed read them: watchers would miss them.
        const oldest = await this.source.oldestEventRv();
        if (oldest !== undefined && oldest > this.lastSeen + 1) this.hub.closeAll('dropped');
      }
      this.hub.publish(rows);
      this.lastSeen = rows[rows.length - 1]!.rv;
      if (page.length < PAGE) return;
    }
  }

  /**
   * Registers a watcher of `kind` after `from` (0: from now): replays the kept history up to what
   * the hub has published, a page at a time as the consumer takes it (see `Watcher.replay`), then
   * takes live changes. GoneError when `from` is older than the kept history or newer than the
   * database.
   */
  watch(
    kind: string,
    selection: Selection,
    from: number,
    onEvent: WatchCallback,
    onClose?: (reason: WatchCloseReason) => void,
  ): Promise<Watcher> {
    const sel: Selection = { ...selection, labels: selection.labels?.map((r) => ({ ...r })) };
    return this.run(async () => {
      if (this.closed) throw new Error('the store is closed');
      await this.catchUp();
      const current = this.lastSeen;
      const history: ReplaySource = {
        history: (after, through, limit) => this.source.history(kind, after, through, limit),
        oldestEventRv: () => this.source.oldestEventRv(),
      };
      if (from === 0) return this.hub.add(kind, sel, current, onEvent, onClose).readsHistory(history);
      if (from > current) throw tooNewResourceVersion(from, current);
      const oldest = (await this.source.oldestEventRv()) ?? current + 1;
      if (from < oldest - 1) throw expired('watch', from, oldest);
      const watcher = this.hub.add(kind, sel, current, onEvent, onClose).readsHistory(history);
      watcher.replay(from, current);
      return watcher;
    });
  }

  /** Stops following and ends every watch (`closed`). */
  async close(): Promise<void> {
    this.closed = true;
    await this.run(() => undefined);
    this.hub.closeAll('closed');
  }
}
