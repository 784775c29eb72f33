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

/** A string column read from `spec.<field>`. */
export const specColumn = (name: string, field: string, description: string): Column =>
  column(name, 'string', description, (o) => text(fieldAt(o, 'spec', field)));

export const PHASE_COLUMN = column('Phase', 'string', 'Lifecycle phase (status.phase).', (o) =>
  text(fieldAt(o, 'status', 'phase')),
);
