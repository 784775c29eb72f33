/**
 * Reads on PostgreSQL: get, list (the PostgreSQL dialect of labelQuery.ts: labels are a jsonb
 * column), dependents, and the change feed's reads of `events`.
 */
import type { ClientBase, Pool } from 'pg';
import { encodeContinue } from './continueToken.js';
import { drivingRequirement, type Position } from './labelQuery.js';
import {
  countsRemaining,
  pageRequest,
  positionOf,
  REMAINING_COUNT_LIMIT,
  remainingFrom,
} from './listObjects.js';
import { expired } from './storageErrors.js';
import {
  type LabelRequirement,
  type ListOptions,
  type ListTextResult,
  type ObjectKey,
  type Selection,
  type StoredObject,
} from './store.js';
import type { Change } from './watchEvents.js';

export type Queryable = Pool | ClientBase;

/** FROM, WHERE and ORDER BY of a list, with their parameters ($1…). */
interface Filter {
  from: string;
  /** FROM for a count: the label index alone when every condition is on it. */
  countFrom: string;
  where: string[];
  params: unknown[];
  order: string;
}

/** A requirement checked on the object's `labels` jsonb column (`o.labels`). */
const labelCondition = (r: LabelRequirement, p: (v: unknown) => string): string => {
  switch (r.op) {
    case '=':
      return `o.labels @> ${p(JSON.stringify({ [r.key]: r.value }))}::jsonb`;
    case '!=':
      return `(o.labels ->> ${p(r.key)}) IS DISTINCT FROM ${p(r.value)}`;
    case 'in':
      return `(o.labels ->> ${p(r.key)}) = ANY (${p(r.values)}::text[])`;
    case 'notin':
      return `NOT coalesce((o.labels ->> ${p(r.key)}) = ANY (${p(r.values)}::text[]), false)`;
    case 'exists':
      return `o.labels ? ${p(r.key)}`;
    case '!exists':
      return `NOT (o.labels ? ${p(r.key)})`;
  }
};

/**
 * The list of `kind` after `after`. As on SQLite (labelQuery.ts), the first `=` requirement (else
 * the first `in`) drives the query through `labels_by_selector (kind, key, value, namespace, name)`
 * — a `key=value` list in one namespace is one index range already in list order — and the other
 * requirements are checked on the object row. Without one, the `objects` primary key
 * `(kind, namespace, name)` drives it.
 */
export const pgFilter = (kind: string, selection: Selection, after: Position | undefined): Filter => {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const labels = selection.labels ?? [];
  const driver = drivingRequirement(labels);
  const t = driver >= 0 ? 'd' : 'o';
  const where = [`${t}.kind = ${p(kind)}`];
  if (driver >= 0) {
    const r = labels[driver]!;
    where.push(`d.key = ${p(r.key)}`);
    if (r.op === '=') where.push(`d.value = ${p(r.value)}`);
    else if (r.op === 'in') where.push(`d.value = ANY (${p(r.values)}::text[])`);
  }
  if (selection.namespace !== undefined) where.push(`${t}.namespace = ${p(selection.namespace)}`);
  if (selection.name !== undefined) where.push(`${t}.name = ${p(selection.name)}`);
  for (const name of selection.notNames ?? []) where.push(`${t}.name <> ${p(name)}`);
  for (const namespace of selection.notNamespaces ?? []) where.push(`${t}.namespace <> ${p(namespace)}`);
  if (after) {
    where.push(
      selection.namespace !== undefined
        ? `${t}.name > ${p(after.name)}`
        : `(${t}.namespace, ${t}.name) > (${p(after.namespace)}, ${p(after.name)})`,
    );
  }
  labels.forEach((r, i) => {
    if (i !== driver) where.push(labelCondition(r, p));
  });
  const join = 'labels d JOIN objects o ON o.kind = d.kind AND o.namespace = d.namespace AND o.name = d.name';
  return {
    from: driver >= 0 ? join : 'objects o',
    countFrom: driver < 0 ? 'objects o' : labels.length > 1 ? join : 'labels d',
    where,
    params,
    order: `${t}.namespace, ${t}.name`,
  };
};

const num = (v: unknown): number => Number(v);

/** The oldest event kept, or undefined. */
export const pgOldestEventRv = async (q: Queryable): Promise<number | undefined> => {
  const { rows } = await q.query<{ rv: string | null }>('SELECT min(rv) AS rv FROM events');
  return rows[0]?.rv == null ? undefined : num(rows[0].rv);
};

/** The committed resourceVersion (as this connection's snapshot sees it). */
export const pgCounterRv = async (q: Queryable): Promise<number> => {
  const { rows } = await q.query<{ rv: string }>('SELECT rv FROM resource_version WHERE id = 1');
  return num(rows[0]!.rv);
};

export const pgGet = async (q: Queryable, key: ObjectKey): Promise<StoredObject | undefined> => {
  const { rows } = await q.query<{ json: string }>({
    name: 'paletteai-get',
    text: 'SELECT json FROM objects WHERE kind = $1 AND namespace = $2 AND name = $3',
    values: [key.kind, key.namespace, key.name],
  });
  return rows[0] ? (JSON.parse(rows[0].json) as StoredObject) : undefined;
};

export const pgDependents = async (
  q: Queryable,
  target: ObjectKey,
  options?: { includeAny?: boolean },
): Promise<ObjectKey[]> => {
  const { rows } = await q.query<ObjectKey>({
    name: 'paletteai-dependents',
    text:
      'SELECT DISTINCT from_kind AS kind, from_namespace AS namespace, from_name AS name FROM "references" ' +
      'WHERE to_kind = $1 AND to_namespace = $2 AND to_name IN ($3, $4) ORDER BY 1, 2, 3',
    values: [target.kind, target.namespace, target.name, options?.includeAny ? '*' : target.name],
  });
  return rows.map((r) => ({ kind: r.kind, namespace: r.namespace, name: r.name }));
};

/**
 * One page of a list. `rv` is the resourceVersion the caller's view stands for (inside a write
 * transaction: its last), or `'counter'`: read it from `resource_version` in the same statement as
 * the page, so that both come from one snapshot. Later pages report the token's resourceVersion
 * and are 410 Expired once the history no longer reaches it, as on SQLite. `remainingItemCount`
 * is counted by a second statement, as on SQLite: without a selector and up to `countLimit`.
 */
export const pgList = async (
  q: Queryable,
  kind: string,
  options: ListOptions,
  rvOf: number | 'counter',
  countLimit = REMAINING_COUNT_LIMIT,
): Promise<ListTextResult> => {
  const { limit, selection, after, tokenRv } = pageRequest(options);
  if (tokenRv !== undefined) {
    const oldest = (await pgOldestEventRv(q)) ?? (rvOf === 'counter' ? await pgCounterRv(q) : rvOf) + 1;
    if (tokenRv < oldest - 1) throw expired('continue', tokenRv, oldest);
  }
  const f = pgFilter(kind, selection, after);
  const where = f.where.join(' AND ');
  const n = `$${f.params.length + 1}`;
  // With the label index holding every condition, take the page from it alone (an ordered index
  // range) and join only those rows: left to itself the planner may join every match and sort.
  const page =
    f.countFrom === 'labels d'
      ? `SELECT o.json FROM (SELECT d.kind, d.namespace, d.name FROM labels d WHERE ${where} ORDER BY ${f.order} LIMIT ${n}) d ` +
        'JOIN objects o ON o.kind = d.kind AND o.namespace = d.namespace AND o.name = d.name ORDER BY d.namespace, d.name'
      : `SELECT o.json FROM ${f.from} WHERE ${where} ORDER BY ${f.order} LIMIT ${n}`;
  const values = [...f.params, limit === undefined ? null : limit + 1];
  let rv: number;
  let rows: { json: string }[];
  if (tokenRv === undefined && rvOf === 'counter') {
    const r = await q.query<{ rv: string; json: string | null }>(
      `SELECT c.rv, p.json FROM (SELECT rv FROM resource_version WHERE id = 1) c LEFT JOIN LATERAL (${page}) p ON true`,
      values,
    );
    rv = Number(r.rows[0]!.rv);
    rows = r.rows.filter((x): x is { rv: string; json: string } => x.json !== null);
  } else {
    rv = tokenRv ?? (rvOf as number);
    rows = (await q.query<{ json: string }>(page, values)).rows;
  }
  const items = rows.slice(0, limit).map((r) => r.json);
  const result: ListTextResult = { items, resourceVersion: String(rv) };
  if (limit !== undefined && rows.length > limit) {
    const last = positionOf(JSON.parse(items[items.length - 1]!) as StoredObject);
    result.continue = encodeContinue({ rv, ...last });
    if (countsRemaining(selection)) {
      const c = pgFilter(kind, selection, last);
      const count = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${c.countFrom} WHERE ${c.where.join(' AND ')} LIMIT $${c.params.length + 1}) s`,
        [...c.params, countLimit + 1],
      );
      const remaining = remainingFrom(count.rows[0]!.n, countLimit);
      if (remaining !== undefined) result.remainingItemCount = remaining;
    }
  }
  return result;
};

interface EventRow {
  rv: string;
  type: Change['type'];
  kind: string;
  namespace: string;
  name: string;
  json: string;
  prev_json: string | null;
}

const toChange = (r: EventRow): Change => ({
  rv: num(r.rv),
  type: r.type,
  kind: r.kind,
  namespace: r.namespace,
  name: r.name,
  json: r.json,
  prevJson: r.prev_json,
});

const EVENT_COLUMNS = 'rv, type, kind, namespace, name, json, prev_json';

export const pgChangesAfter = async (q: Queryable, afterRv: number, limit: number): Promise<Change[]> =>
  (
    await q.query<EventRow>({
      name: 'paletteai-changes-after',
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE rv > $1 ORDER BY rv LIMIT $2`,
      values: [afterRv, limit],
    })
  ).rows.map(toChange);

export const pgHistory = async (
  q: Queryable,
  kind: string,
  afterRv: number,
  throughRv: number,
  limit: number,
): Promise<Change[]> =>
  (
    await q.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE kind = $1 AND rv > $2 AND rv <= $3 ORDER BY rv LIMIT $4`,
      [kind, afterRv, throughRv, limit],
    )
  ).rows.map(toChange);
