/**
 * Support of the field matrix (fieldMatrix.test.ts): path helpers and the builders of its cases.
 * Test-only; excluded from the build.
 */
import { BASELINES } from './baselines.js';
import { parsePath } from './index.js';

export type Obj = Record<string, unknown>;
export type KindName = keyof typeof BASELINES;

// ---------------------------------------------------------------------------------------------
// Path helpers: `spec.clusterProfiles[0].name`, `metadata.labels["palette.ai/x"]` (as in issues)
// ---------------------------------------------------------------------------------------------

export type Container = Record<string | number, unknown>;

export const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

/** Defines an own, enumerable property (so `constructor` or `__proto__` become plain fields). */
export const define = (target: Container, key: string | number, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

export const getAt = (obj: unknown, segs: readonly (string | number)[]): unknown => {
  let cur = obj;
  for (const seg of segs) {
    if (!isContainer(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = cur[seg];
  }
  return cur;
};

export const getPath = (obj: unknown, path: string): unknown => getAt(obj, parsePath(path));

export const setPath = (obj: Obj, path: string, value: unknown): Obj => {
  const segs = parsePath(path);
  let cur: Container = obj;
  segs.slice(0, -1).forEach((seg, i) => {
    let next = Object.prototype.hasOwnProperty.call(cur, seg) ? cur[seg] : undefined;
    if (!isContainer(next)) {
      next = typeof segs[i + 1] === 'number' ? [] : {};
      define(cur, seg, next);
    }
    cur = next as Container;
  });
  define(cur, segs[segs.length - 1]!, value);
  return obj;
};

export const deletePath = (obj: Obj, path: string): Obj => {
  const segs = parsePath(path);
  const parent = getAt(obj, segs.slice(0, -1));
  if (isContainer(parent)) delete parent[segs[segs.length - 1]!];
  return obj;
};

export const baseline = (kind: KindName): Obj => structuredClone(BASELINES[kind]) as unknown as Obj;

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

export interface Want {
  code: string;
  path: string;
  /** Words the message must hold (substring), or a pattern it must match. */
  message?: string | RegExp;
}

export interface Case {
  name: string;
  path: string;
  op: 'set' | 'delete';
  value?: unknown;
  want: Want[];
  /** Strings no message may hold (e.g. a secret value, or "did you mean" when nothing is close). */
  absent?: string[];
}

export const words = (v: unknown): string => {
  if (v === null) return 'null';
  if (typeof v === 'string') {
    if (v === '') return 'an empty string';
    return v.length > 32 ? `a ${v.length}-character string` : JSON.stringify(v);
  }
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') return Object.keys(v).length === 0 ? 'an empty object' : 'an object';
  return String(v);
};

export const requiredMissing = (path: string): Case => ({
  name: `rejects a missing ${path} (SCH002)`,
  path,
  op: 'delete',
  want: [
    { code: 'SCH002', path, message: `missing required field ${JSON.stringify(parsePath(path).at(-1))}` },
  ],
});

export const optionalMissing = (path: string): Case => ({
  name: `accepts a missing ${path} (optional)`,
  path,
  op: 'delete',
  want: [],
});

export const wrongType = (
  path: string,
  value: unknown,
  message?: string | RegExp,
  absent?: string[],
): Case => ({
  name: `rejects ${path} given as ${words(value)} (SCH003)`,
  path,
  op: 'set',
  value,
  want: [{ code: 'SCH003', path, message: message ?? /^expected |fits none/ }],
  ...(absent ? { absent } : {}),
});

export const rejects = (
  path: string,
  value: unknown,
  code: string,
  message?: string | RegExp,
  absent?: string[],
): Case => ({
  name: `rejects ${path} given as ${words(value)} (${code})`,
  path,
  op: 'set',
  value,
  want: [{ code, path, ...(message !== undefined ? { message } : {}) }],
  ...(absent ? { absent } : {}),
});

export const accepts = (path: string, value: unknown, why = ''): Case => ({
  name: `accepts ${path} given as ${words(value)}${why ? ` (${why})` : ''}`,
  path,
  op: 'set',
  value,
  want: [],
});

/** An unknown field next to real ones; `guess` is the real field a "did you mean" must name. */
export const unknownField = (path: string, guess?: string, value: unknown = 'x'): Case => ({
  name: `rejects the unknown field ${path} (SCH001)${guess ? `, suggesting ${guess}` : ''}`,
  path,
  op: 'set',
  value,
  want: [
    {
      code: 'SCH001',
      path,
      message: guess
        ? `unknown field ${JSON.stringify(parsePath(path).at(-1))}; did you mean ${JSON.stringify(guess)}?`
        : 'Known fields here:',
    },
  ],
  ...(guess ? {} : { absent: ['did you mean'] }),
});

export const list = (n: number, item: (i: number) => unknown) => Array.from({ length: n }, (_, i) => item(i));
export const long = (n: number) => 'x'.repeat(n);
