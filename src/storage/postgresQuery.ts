/**
 * Reads on PostgreSQL: get, list (the PostgreSQL dialect of labelQuery.ts: labels are a jsonb
 * column), dependents, and the change feed's reads of `events`.
 */
import type { ClientBase, Pool } from 'pg';
import { encodeContinue } from './continueToken.js';
import type { Position } from './labelQuery.js';
import { pageRequest, positionOf } from './listObjects.js';
import { expired } from './storageErrors.js';
import type {
  LabelRequirement,
  ListOptions,
  ListResult,
  ObjectKey,
  Selection,
  StoredObject,
} from './store.js';
import type { Change } from './watchHub.js';

export type Queryable = Pool | ClientBase;

interface Filter {
  where: string[];
  params: unknown[];
}

const labelCondition = (r: LabelRequirement, p: (v: unknown) => string): string => {
  switch (r.op) {
    case '=':
      return `labels @> ${p(JSON.stringify({ [r.key]: r.value }))}::jsonb`;
    case '!=':
      return `(labels ->> ${p(r.key)}) IS DISTINCT FROM ${p(r.value)}`;
    case 'in':
      return `(labels ->> ${p(r.key)}) = ANY (${p(r.values)}::text[])`;
    case 'notin':
      return `NOT coalesce((labels ->> ${p(r.key)}) = ANY (${p(r.values)}::text[]), false)`;
    case 'exists':
      return `labels ? ${p(r.key)}`;
    case '!exists':
      return `NOT (labels ? ${p(r.key)})`;
  }
};

/** WHERE conditions of a list of `kind` after `after`, with their parameters ($1…). */
export const pgFilter = (kind: string, selection: Selection, after: Position | undefined): Filter => {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`kind = ${p(kind)}`];
  if (selection.namespace !== undefined) where.push(`namespace = ${p(selection.namespace)}`);
  if (selection.name !== undefined) where.push(`name = ${p(selection.name)}`);
  if (after) {
    where.push(
      selection.namespace !== undefined
        ? `name > ${p(after.name)}`
        : `(namespace, name) > (${p(after.namespace)}, ${p(after.name)})`,
    );
  }
  for (const r of selection.labels ?? []) where.push(labelCondition(r, p));
  return { where, params };
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
 * One page of a list, on a connection whose snapshot the caller chose: `rvNow` is the
 * resourceVersion that snapshot stands for. Same paging and 410 rules as the SQLite engine.
 */
export const pgList = async (
  q: Queryable,
  kind: string,
  options: ListOptions,
  rvNow: () => Promise<number> | number,
): Promise<ListResult> => {
  const { limit, selection, after, tokenRv } = pageRequest(options);
  const rv = tokenRv ?? (await rvNow());
  if (tokenRv !== undefined) {
    const oldest = (await pgOldestEventRv(q)) ?? (await rvNow()) + 1;
    if (tokenRv < oldest - 1) throw expired('continue', tokenRv, oldest);
  }
  const f = pgFilter(kind, selection, after);
  const { rows } = await q.query<{ json: string }>(
    `SELECT json FROM objects WHERE ${f.where.join(' AND ')} ORDER BY namespace, name LIMIT $${f.params.length + 1}`,
    [...f.params, limit === undefined ? null : limit + 1],
  );
  const items = rows.slice(0, limit).map((r) => JSON.parse(r.json) as StoredObject);
  const result: ListResult = { items, resourceVersion: String(rv) };
  if (limit !== undefined && rows.length > limit) {
    const last = positionOf(items[items.length - 1]!);
    const c = pgFilter(kind, selection, last);
    const count = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM objects WHERE ${c.where.join(' AND ')}`,
      c.params,
    );
    result.continue = encodeContinue({ rv, ...last });
    result.remainingItemCount = count.rows[0]!.n;
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
): Promise<Change[]> =>
  (
    await q.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE kind = $1 AND rv > $2 AND rv <= $3 ORDER BY rv`,
      [kind, afterRv, throughRv],
    )
  ).rows.map(toChange);
