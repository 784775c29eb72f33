/**
 * SQL for a list: kind, optional namespace and name, label requirements, and where the previous
 * page stopped. The shape of the SQL depends only on the shape of the selection (values are bound,
 * `in` lists go through `json_each`), so the store can cache one prepared statement per shape.
 *
 * Plan: the first `=` requirement (else the first `in`) drives the query through
 * `labels_by_selector (kind, key, value, namespace, name)`: a `key=value` list in one namespace is
 * an index range already in `(namespace, name)` order, and touches no object outside the answer.
 * Every other requirement is an `EXISTS` / `NOT EXISTS` probe of the `labels` primary key
 * `(object_id, key)`. Without such a requirement the query walks the `(kind, namespace, name)`
 * unique index of `objects`.
 */
import type { LabelRequirement, Selection } from './store.js';

/** A list position: the next page starts strictly after it. */
export interface Position {
  namespace: string;
  name: string;
}

/** SQL text and the values to bind, in order. */
export interface Sql {
  sql: string;
  params: (string | number)[];
}

interface Filter {
  from: string;
  /** The join to `objects` when the query is driven by `labels`. */
  join: string;
  where: string[];
  params: (string | number)[];
  order: string;
}

/** The label condition of one requirement on the object whose id is `id`. */
const probe = (r: LabelRequirement, id: string): Sql => {
  const base = `SELECT 1 FROM labels l WHERE l.object_id = ${id} AND l.key = ?`;
  switch (r.op) {
    case '=':
    case '!=':
      return {
        sql: `${r.op === '=' ? '' : 'NOT '}EXISTS (${base} AND l.value = ?)`,
        params: [r.key, r.value],
      };
    case 'in':
    case 'notin':
      return {
        sql: `${r.op === 'in' ? '' : 'NOT '}EXISTS (${base} AND l.value IN (SELECT value FROM json_each(?)))`,
        params: [r.key, JSON.stringify(r.values)],
      };
    case 'exists':
    case '!exists':
      return { sql: `${r.op === 'exists' ? '' : 'NOT '}EXISTS (${base})`, params: [r.key] };
  }
};

/** Picks the requirement that drives the query through the label index, if any. */
export const drivingRequirement = (labels: readonly LabelRequirement[]): number => {
  const eq = labels.findIndex((r) => r.op === '=');
  return eq >= 0 ? eq : labels.findIndex((r) => r.op === 'in');
};

const filter = (kind: string, selection: Selection, after: Position | undefined): Filter => {
  const labels = selection.labels ?? [];
  const driver = drivingRequirement(labels);
  const t = driver >= 0 ? 'd' : 'o';
  const id = driver >= 0 ? 'd.object_id' : 'o.id';
  const f: Filter = {
    from: driver >= 0 ? 'labels d' : 'objects o',
    join: driver >= 0 ? ' JOIN objects o ON o.id = d.object_id' : '',
    where: [`${t}.kind = ?`],
    params: [kind],
    order: `${t}.namespace, ${t}.name`,
  };
  if (driver >= 0) {
    const r = labels[driver]!;
    f.where.push('d.key = ?');
    f.params.push(r.key);
    if (r.op === '=') {
      f.where.push('d.value = ?');
      f.params.push(r.value);
    } else if (r.op === 'in') {
      f.where.push('d.value IN (SELECT value FROM json_each(?))');
      f.params.push(JSON.stringify(r.values));
    }
  }
  if (selection.namespace !== undefined) {
    f.where.push(`${t}.namespace = ?`);
    f.params.push(selection.namespace);
  }
  if (selection.name !== undefined) {
    f.where.push(`${t}.name = ?`);
    f.params.push(selection.name);
  }
  for (const name of selection.notNames ?? []) {
    f.where.push(`${t}.name <> ?`);
    f.params.push(name);
  }
  for (const namespace of selection.notNamespaces ?? []) {
    f.where.push(`${t}.namespace <> ?`);
    f.params.push(namespace);
  }
  if (after) {
    // Inside one namespace a plain name range; across namespaces a row-value range. Both are index ranges.
    if (selection.namespace !== undefined) {
      f.where.push(`${t}.name > ?`);
      f.params.push(after.name);
    } else {
      f.where.push(`(${t}.namespace, ${t}.name) > (?, ?)`);
      f.params.push(after.namespace, after.name);
    }
  }
  labels.forEach((r, i) => {
    if (i === driver) return;
    const p = probe(r, id);
    f.where.push(p.sql);
    f.params.push(...p.params);
  });
  return f;
};

/**
 * One page of a list, in `(namespace, name)` order, starting after `after`; `limit` rows at most
 * (absent: all). Selects the stored JSON.
 */
export const listQuery = (kind: string, selection: Selection, after?: Position, limit?: number): Sql => {
  const f = filter(kind, selection, after);
  return {
    sql: `SELECT o.json FROM ${f.from}${f.join} WHERE ${f.where.join(' AND ')} ORDER BY ${f.order} LIMIT ?`,
    params: [...f.params, limit ?? -1],
  };
};

/**
 * How many objects match after `after`, counting at most `cap` of them (for `remainingItemCount`,
 * which must not cost a walk over every remaining row); never reads the JSON.
 */
export const countQuery = (kind: string, selection: Selection, after: Position, cap: number): Sql => {
  const f = filter(kind, selection, after);
  return {
    sql: `SELECT count(*) FROM (SELECT 1 FROM ${f.from} WHERE ${f.where.join(' AND ')} LIMIT ?)`,
    params: [...f.params, cap],
  };
};
