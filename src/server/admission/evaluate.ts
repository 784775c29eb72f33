import {
  InvalidError,
  parsePath,
  type Issue,
  type KubeObject,
  type ProfileBundle,
  type StatusCause,
} from '../../model/index.js';
import { planIssues } from '../../planner/index.js';
import { checkSemantics, checkShape, resolveBundle, type IndexResolver } from '../../rules/index.js';
import type { Store } from '../../storage/store.js';
import { prefetch, type StoreReader } from './prefetch.js';

type ConditionT = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
};

/** Issue codes that mean "something referenced is not there (yet)": the object waits as Pending. */
export const MISSING_REFERENCE_CODES: ReadonlySet<string> = new Set([
  'PB008',
  'REF001',
  'WP002',
  'WP004',
  'WF005',
  'MS002',
]);

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What the rules say of an object checked against the store. */
export interface Evaluation {
  /** Errors that reject a write (422). */
  errors: Issue[];
  /** Missing references: the object is stored, Pending. */
  missing: Issue[];
  warnings: Issue[];
  resolver?: IndexResolver;
}

const deleteAt = (root: Record<string, unknown>, path: (string | number)[]): void => {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1))
    cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  if (cur && typeof cur === 'object')
    delete (cur as Record<string | number, unknown>)[path[path.length - 1]!];
};

/**
 * Checks an object with the schema and every rule, references resolved against the store.
 * Unknown fields follow `fieldValidation` (Strict: error; Warn: dropped with a warning; Ignore:
 * dropped silently), as kube-apiserver does; the object is changed in place when fields are dropped.
 */
export const evaluate = async (
  object: KubeObject,
  store: StoreReader,
  fieldValidation: FieldValidation = 'Strict',
  lists: Pick<Store, 'list'> = store,
): Promise<Evaluation> => {
  // status is the server's: it is not part of what a client is checked on
  const { status: _status, ...input } = object;
  let shape = checkShape(input);
  const warnings: Issue[] = [];
  if (fieldValidation !== 'Strict' && shape.issues.some((i) => i.code === 'SCH001')) {
    for (const i of shape.issues.filter((x) => x.code === 'SCH001')) {
      deleteAt(object, parsePath(i.path));
      if (fieldValidation === 'Warn') warnings.push({ ...i, severity: 'warning' });
    }
    const { status: _s, ...again } = object;
    shape = checkShape(again);
  }
  const shapeErrors = shape.issues.filter((i) => i.severity === 'error');
  if (shapeErrors.length || !shape.info) return { errors: shapeErrors, missing: [], warnings };
  const resolver = await prefetch(object, store, lists);
  const own = [...shape.issues, ...checkSemantics(object, resolver)];
  const planned = planIssues(object, resolver);
  const isMissing = (i: Issue) =>
    MISSING_REFERENCE_CODES.has(i.code) || (i.code === 'WF004' && i.message.includes('not found'));
  const missing = [...own, ...planned].filter((i) => i.severity === 'error' && isMissing(i));
  // A deployment whose bundles or pool are not there yet cannot be planned meaningfully: its
  // workflow findings wait with it (Pending) instead of rejecting the write.
  const planErrors = planned.filter((i) => i.severity === 'error' && !isMissing(i));
  const waiting =
    missing.length > 0 || planned.some((i) => i.code === 'MS001' && i.message.includes('no Project'));
  return {
    errors: [...own.filter((i) => i.severity === 'error' && !isMissing(i)), ...(waiting ? [] : planErrors)],
    missing: [...missing, ...(waiting ? planErrors : [])],
    warnings: [...warnings, ...[...own, ...planned].filter((i) => i.severity === 'warning')],
    resolver,
  };
};

/** The 422 a rejected write answers, with one cause per issue (code, field path, message). */
export const invalidError = (object: KubeObject, errors: Issue[]): InvalidError => {
  const causes: StatusCause[] = errors.map((i) => ({
    reason: i.code,
    message: i.message,
    ...(i.path ? { field: i.path } : {}),
  }));
  const summary = errors.map((i) => `${i.path ? `${i.path}: ` : ''}${i.code} ${i.message}`).join('; ');
  return new InvalidError(`${object.kind} "${object.metadata.name}" is invalid: ${summary}`, {
    kind: object.kind,
    name: object.metadata.name,
    causes,
  });
};

/** Warnings as `Warning` header values (RFC 7234 style, as kube-apiserver sends them). */
export const warningHeaders = (warnings: Issue[]): string[] =>
  warnings.map((w) => {
    const text = `${w.code} ${w.path ? `${w.path}: ` : ''}${w.message}`.replace(/[\r\n]/g, ' ');
    return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });

const condition = (
  type: string,
  ok: boolean,
  reason: string,
  message: string,
  generation: number | undefined,
  previous: ConditionT[],
): ConditionT => {
  const status = ok ? 'True' : 'False';
  const old = previous.find((c) => c.type === type);
  return {
    type,
    status,
    reason,
    message,
    lastTransitionTime:
      old && old.status === status && old.lastTransitionTime
        ? old.lastTransitionTime
        : new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
};

/**
 * The status the server keeps for an object from its evaluation: `ResolvedRefs` and `Valid`
 * conditions, and for bundles the phase (Pending while references are missing) and what each
 * reference resolved to.
 */
/** Kinds whose status holds no conditions: the server keeps no status for them. */
const NO_CONDITIONS = new Set(['Namespace', 'Secret', 'ComponentDefinition', 'VariableSet']);

export const statusFor = (object: KubeObject, e: Evaluation): Record<string, unknown> | undefined => {
  if (NO_CONDITIONS.has(object.kind)) return object.status as Record<string, unknown> | undefined;
  const previous = ((object.status as { conditions?: ConditionT[] } | undefined)?.conditions ??
    []) as ConditionT[];
  const gen = object.metadata.generation;
  const missing = e.missing.map((i) => i.message).join(' ');
  const conditions = [
    condition(
      'ResolvedRefs',
      e.missing.length === 0,
      e.missing.length ? 'MissingReferences' : 'Resolved',
      missing || 'every reference resolves',
      gen,
      previous,
    ),
    condition(
      'Valid',
      e.errors.length === 0,
      e.errors.length ? 'RulesFailed' : 'RulesPassed',
      e.errors.map((i) => `${i.code} ${i.message}`).join(' ') || 'every rule passes',
      gen,
      previous,
    ),
  ];
  const base = {
    ...((object.status as Record<string, unknown>) ?? {}),
    conditions,
    ...(gen !== undefined ? { observedGeneration: gen } : {}),
  };
  // Pools and deployments stay Pending until the controllers (a later milestone) act on them.
  if (object.kind === 'ComputePool' || object.kind === 'AIWorkload') return { phase: 'Pending', ...base };
  if (object.kind !== 'ProfileBundle') return base;
  const phase = e.errors.length ? 'Invalid' : e.missing.length ? 'Pending' : 'Ready';
  const bundle = object as unknown as ProfileBundle;
  const contents = e.resolver ? resolveBundle(bundle, e.resolver) : undefined;
  return {
    ...base,
    phase,
    resolved: {
      clusterProfiles: (contents?.clusterProfiles ?? []).flatMap((r) =>
        r.object
          ? [
              {
                name: r.name,
                type: r.object.spec.type,
                cloudType: r.object.spec.cloudType,
                version: r.object.spec.version,
              },
            ]
          : [],
      ),
      workloadProfiles: (contents?.workloadProfiles ?? []).flatMap((r) =>
        r.object
          ? [{ name: r.name, type: r.object.spec.type, revision: r.object.status?.revision ?? 1 }]
          : [],
      ),
    },
  };
};
