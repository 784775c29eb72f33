/**
 * Building blocks of the `kubectl get` columns kind modules declare. A missing value is `null`,
 * which kubectl prints as `<none>`.
 */
import type { KubeObject } from '../model/index.js';
import type { Column } from './types.js';

type Json = Record<string, unknown>;
type Cell = string | number | boolean | null;

/** The value as an object, `{}` when it is not one. */
export const asRecord = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};

/** Reads a nested field; undefined when any step is missing. */
export const fieldAt = (o: unknown, ...path: string[]): unknown => {
  let cur: unknown = o;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Json)[p];
  }
  return cur;
};

export const text = (v: unknown): Cell =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
export const int = (v: unknown): Cell => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);
/** The `name`s of a list of references, comma-separated. */
export const names = (v: unknown): Cell => {
  if (!Array.isArray(v)) return null;
  const list = v.map((r) => fieldAt(r, 'name')).filter((n): n is string => typeof n === 'string');
  return list.length ? list.join(',') : null;
};
export const label = (o: KubeObject, key: string): Cell => text(o.metadata.labels?.[key]);

export const column = (
  name: string,
  type: Column['type'],
  description: string,
  value: Column['value'],
): Column => ({ name, type, description, value });

/**
 * A column that shows one field as it is, read at `path`: its CRD printer column is the same path
 * as a JSONPath, so `kubectl get` shows the same cell from this server and from a cluster.
 */
export const pathColumn = (
  name: string,
  type: 'string' | 'integer',
  description: string,
  path: readonly string[],
): Column => ({
  ...column(name, type, description, (o) => (type === 'integer' ? int : text)(fieldAt(o, ...path))),
  jsonPath: path.map((p) => `.${p.replace(/\./g, '\\.')}`).join(''),
});

/** A string column read from `spec.<field>`. */
export const specColumn = (name: string, field: string, description: string): Column =>
  pathColumn(name, 'string', description, ['spec', field]);

/** A column showing the value of the label `key`. */
export const labelColumn = (name: string, key: string, description: string): Column =>
  pathColumn(name, 'string', description, ['metadata', 'labels', key]);

export const PHASE_COLUMN = pathColumn('Phase', 'string', 'Lifecycle phase (status.phase).', [
  'status',
  'phase',
]);
