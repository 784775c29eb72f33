/**
 * `list`: one page of objects of a kind in `(namespace, name)` order, with Kubernetes-style
 * `limit` / `continue` chunking and `remainingItemCount`.
 */
import type { Database, Statement } from 'better-sqlite3';
import { BadRequestError } from '../model/errors.js';
import { decodeContinue, encodeContinue } from './continueToken.js';
import { assertKept } from './history.js';
import { countQuery, listQuery, type Position } from './labelQuery.js';
import type { Statements } from './statements.js';
import type { ListOptions, ListTextResult, Selection, StoredObject } from './store.js';

/** Prepared statements of the variable list SQL, one per selection shape (bounded, oldest dropped). */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly max = 256,
  ) {}

  get(sql: string): Statement {
    let s = this.statements.get(sql);
    if (s) {
      // Map keeps insertion order: re-inserting marks it as recently used.
      this.statements.delete(sql);
    } else {
      s = this.db.prepare(sql);
      if (this.statements.size >= this.max) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, s);
    return s;
  }
}

export const checkLimit = (limit: number | undefined): number | undefined => {
  if (limit === undefined || limit === 0) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new BadRequestError(`invalid limit ${limit}: expected a positive integer, or 0 for no limit`);
  }
  return limit;
};

export const positionOf = (o: StoredObject): Position => ({
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

/**
 * The most remaining objects a page counts for `remainingItemCount`. Kubernetes makes the field
 * optional and an estimate ("clients should not rely on it to be set or to be exact"): counting
 * every remaining row would make each page of a walk through a million objects cost a walk over
 * the rest (the first start's resync took minutes). Beyond this many the field is omitted.
 */
export const REMAINING_COUNT_LIMIT = 10_000;

/**
 * Whether a page of `selection` reports `remainingItemCount`: only without a label or field
 * selector, as kube-apiserver (it omits the count when a selector makes it unknown).
 */
export const countsRemaining = (selection: Selection): boolean =>
  (selection.labels ?? []).length === 0 &&
  selection.name === undefined &&
  !selection.notNames?.length &&
  !selection.notNamespaces?.length;

/** `remainingItemCount` from a count of at most `cap + 1` rows: absent when more remain. */
export const remainingFrom = (counted: number, cap: number): number | undefined =>
  counted <= cap ? counted : undefined;

/** A list request taken apart: page size, selection, and where a continue token says to start. */
export const pageRequest = (options: ListOptions) => {
  const limit = checkLimit(options.limit);
  const { limit: _l, continue: token, ...selection } = options;
  let after: Position | undefined;
  let tokenRv: number | undefined;
  if (token !== undefined && token !== '') {
    const point = decodeContinue(token);
    if (selection.namespace !== undefined && point.namespace !== selection.namespace) {
      throw new BadRequestError(
        `invalid continue token: it belongs to a list of namespace "${point.namespace}", ` +
          `not "${selection.namespace}"; list again without continue`,
      );
    }
    after = point;
    tokenRv = point.rv;
  }
  return { limit, selection, after, tokenRv };
};

/**
 * Lists `kind`. The first page is read in one read transaction together with its resourceVersion.
 * Later pages (`continue`) read the data as it is now, strictly after the previous page's last
 * object, and report the first page's resourceVersion: an object changed between pages shows up in
 * its current state, one created behind the cursor is not listed (a watch from the list's
 * resourceVersion delivers both). A token older than the kept history is 410 Expired.
 * `remainingItemCount` is given when no selector applies and at most `countLimit` objects remain
 * (see {@link REMAINING_COUNT_LIMIT}).
 */
export const listObjects = (
  db: Database,
  st: Statements,
  cache: StatementCache,
  kind: string,
  options: ListOptions = {},
  countLimit = REMAINING_COUNT_LIMIT,
): ListTextResult => {
  const { limit, selection, after, tokenRv } = pageRequest(options);
  // Inside a write transaction the reads are consistent already: a nested one would be a SAVEPOINT.
  const consistent = db.inTransaction ? (fn: () => ListTextResult) => fn() : readTransaction(db);
  return consistent((): ListTextResult => {
    if (tokenRv !== undefined) assertKept(st, 'continue', tokenRv);
    const rv = tokenRv ?? st.lastRv.get()!;
    const page = listQuery(kind, selection, after, limit === undefined ? undefined : limit + 1);
    const rows = cache
      .get(page.sql)
      .pluck()
      .all(...page.params) as string[];
    const items = rows.slice(0, limit);
    const result: ListTextResult = { items, resourceVersion: String(rv) };
    if (limit !== undefined && rows.length > limit) {
      const last = positionOf(JSON.parse(items[items.length - 1]!) as StoredObject);
      result.continue = encodeContinue({ rv, ...last });
      if (countsRemaining(selection)) {
        const count = countQuery(kind, selection, last, countLimit + 1);
        const remaining = remainingFrom(
          cache
            .get(count.sql)
            .pluck()
            .get(...count.params) as number,
          countLimit,
        );
        if (remaining !== undefined) result.remainingItemCount = remaining;
      }
    }
    return result;
  });
};

/** One compiled read transaction per connection (compiling one per call costs more than the read). */
const readTransactions = new WeakMap<Database, (fn: () => ListTextResult) => ListTextResult>();
const readTransaction = (db: Database) => {
  let run = readTransactions.get(db);
  if (!run) {
    run = db.transaction((fn: () => ListTextResult) => fn());
    readTransactions.set(db, run);
  }
  return run;
};
