/**
 * The write path shared by the engines: one transaction at a time, and group commit.
 *
 * Single writes and `transaction(fn)` calls queue up; the lane takes everything queued, opens one
 * database transaction, runs each in its own savepoint (one failing does not undo the others; a
 * transaction function's writes stay all or nothing), commits once (one fsync for the group) and
 * only then settles every promise. What arrives while a group runs forms the next group. A group
 * of one runs without a savepoint.
 *
 * Transactions do not nest: a call to the lane from inside a running operation (found through
 * AsyncLocalStorage) would wait for the transaction it runs in, so it is refused at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** How an engine opens, marks and ends one database transaction. */
export interface LaneEngine<S> {
  begin(): Promise<S> | S;
  savepoint(session: S): Promise<void> | void;
  release(session: S): Promise<void> | void;
  rollbackTo(session: S): Promise<void> | void;
  /**
   * Commits; unless the engine has {@link afterCommit}, also publishes the session's changes (to
   * the change feed) before it resolves.
   */
  commit(session: S): Promise<void>;
  /**
   * What must happen after the commit before the group's writes are answered (the log on disk, the
   * changes published), awaited without holding up the next group: that one may commit meanwhile.
   * Engines call it in commit order and settle in that order.
   */
  afterCommit?(session: S): Promise<void>;
  rollback(session: S): Promise<void> | void;
}

interface Op<S> {
  fn: (session: S) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export const NESTED_MESSAGE =
  'store writes and transactions do not nest: inside a transaction function, write through the ' +
  'tx it was given (the store would wait for the transaction it is called from)';

export class WriteLane<S> {
  private readonly queue: Op<S>[] = [];
  private scheduled = false;
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  /** Groups committed and not yet answered (see {@link LaneEngine.afterCommit}). */
  private readonly answering = new Set<Promise<void>>();
  private readonly inside = new AsyncLocalStorage<WriteLane<S>>();

  constructor(private readonly engine: LaneEngine<S>) {}

  /** Whether the caller runs inside one of this lane's operations. */
  get insideOperation(): boolean {
    return this.inside.getStore() === this;
  }

  /** Queues `fn` for the next group; settles after the commit (or the rollback). */
  submit<T>(fn: (session: S) => T | Promise<T>): Promise<T> {
    if (this.insideOperation) return Promise.reject(new Error(NESTED_MESSAGE));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled && !this.running) {
        this.scheduled = true;
        // Let every write of this turn of the event loop join the group.
        setImmediate(() => {
          this.scheduled = false;
          this.idle = this.drain();
        });
      }
    });
  }

  /** Resolves when everything queued so far has been committed or refused. */
  async settled(): Promise<void> {
    while (this.scheduled || this.running || this.queue.length > 0 || this.answering.size > 0) {
      await this.idle;
      await Promise.all(this.answering);
      await new Promise((r) => setImmediate(r));
    }
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) await this.runGroup(this.queue.splice(0));
    } finally {
      this.running = false;
    }
  }

  private async runGroup(group: Op<S>[]): Promise<void> {
    const e = this.engine;
    let session: S;
    try {
      session = await e.begin();
    } catch (error) {
      for (const op of group) op.reject(error);
      return;
    }
    const marks = group.length > 1;
    const outcomes: Outcome[] = [];
    let broken: unknown;
    for (const op of group) {
      try {
        if (marks) await e.savepoint(session);
        const value = await this.inside.run(this, () => op.fn(session));
        if (marks) await e.release(session);
        outcomes.push({ ok: true, value });
      } catch (error) {
        outcomes.push({ ok: false, error });
        if (!marks) {
          broken = error;
          break;
        }
        try {
          await e.rollbackTo(session);
        } catch (lost) {
          // The database ended the transaction itself: nothing of the group is left to commit.
          broken = lost;
          break;
        }
      }
    }
    if (broken === undefined) {
      try {
        await e.commit(session);
      } catch (error) {
        broken = error;
      }
    }
    if (broken !== undefined) {
      try {
        await e.rollback(session);
      } catch {
        // Already rolled back by the database.
      }
      group.forEach((op, i) => {
        const o = outcomes[i];
        op.reject(o && !o.ok ? o.error : broken);
      });
      return;
    }
    const answer = (failed?: unknown) =>
      group.forEach((op, i) => {
        const o = outcomes[i]!;
        if (o.ok && failed === undefined) op.resolve(o.value);
        else op.reject(o.ok ? failed : o.error);
      });
    const after = e.afterCommit?.(session);
    if (!after) return answer();
    const answered = after.then(
      () => answer(),
      (error: unknown) => answer(error),
    );
    this.answering.add(answered);
    void answered.finally(() => this.answering.delete(answered));
  }
}

/** Wraps a transaction handle so that it refuses use after its transaction function returned. */
export const guard = <T extends object>(make: (use: () => void) => T): { handle: T; end: () => void } => {
  let open = true;
  const handle = make(() => {
    if (!open) throw new Error('a transaction was used after its transaction function returned');
  });
  return { handle, end: () => (open = false) };
};
