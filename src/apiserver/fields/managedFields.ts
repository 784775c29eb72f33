/**
 * `metadata.managedFields`: who owns which fields of an object. Decoded into one entry per manager
 * identity (manager name, operation, subresource, and for updates the API version), encoded back in
 * kube-apiserver's order (Apply before Update, then oldest first).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/#System
 */
import { isPrintable } from '../../model/index.js';
import { FieldSet } from './fieldSet.js';

/** One `metadata.managedFields` entry, as kube-apiserver writes it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** A manager's identity and the fields it owns. */
export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: FieldSet;
}

/** kube-apiserver's limits on a manager name and a subresource name. */
export const FIELD_MANAGER_MAX_LENGTH = 128;
const SUBRESOURCE_MAX_LENGTH = 256;

/** Why a manager name is invalid (kube-apiserver's ValidateFieldManager), or undefined. */
export const fieldManagerProblem = (name: string): string | undefined => {
  if (Buffer.byteLength(name) > FIELD_MANAGER_MAX_LENGTH)
    return `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`;
  const at = [...name].findIndex((c) => !isPrintable(c));
  return at < 0 ? undefined : `Invalid value: invalid character at position ${at}: use printable characters`;
};

/**
 * The identity that entries share when they are the same manager: an applier keeps one entry
 * whatever API version it applies with; an updater has one per API version (as kube-apiserver).
 */
export const managerKey = (
  m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string =>
  JSON.stringify([m.manager, m.operation, m.operation === 'Apply' ? '' : m.apiVersion, m.subresource ?? '']);

/**
 * Reads a managedFields list. Returns an error message for anything kube-apiserver would not accept:
 * an entry that is not an object, an operation other than Apply/Update, a fieldsType other than
 * FieldsV1, an invalid manager name, a malformed fieldsV1, a time that is not a timestamp, or two
 * entries for one manager. An entry that owns nothing (`{}`) is accepted and dropped: the documented
 * way to clear managedFields is to write `[{}]`.
 */
export const decodeManagedFields = (value: unknown): { managers: Manager[] } | { error: string } => {
  if (!Array.isArray(value)) return { error: 'metadata.managedFields must be a list' };
  const managers: Manager[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of value.entries()) {
    const at = `metadata.managedFields[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      return { error: `${at}: must be an object` };
    const e = entry as Record<string, unknown>;
    let fields: FieldSet;
    try {
      fields =
        e.fieldsV1 === undefined || e.fieldsV1 === null
          ? FieldSet.empty()
          : FieldSet.fromFieldsV1(e.fieldsV1);
    } catch (err) {
      return { error: `${at}.fieldsV1: ${(err as Error).message}` };
    }
    if (fields.isEmpty()) continue;
    if (e.operation !== 'Apply' && e.operation !== 'Update')
      return { error: `${at}.operation: must be Apply or Update` };
    if (e.fieldsType !== undefined && e.fieldsType !== '' && e.fieldsType !== 'FieldsV1')
      return { error: `${at}.fieldsType: must be FieldsV1` };
    if (typeof e.manager !== 'string') return { error: `${at}.manager: must be a string` };
    const problem = fieldManagerProblem(e.manager);
    if (problem) return { error: `${at}.manager: ${problem}` };
    if (e.apiVersion !== undefined && typeof e.apiVersion !== 'string')
      return { error: `${at}.apiVersion: must be a string` };
    if (
      e.time !== undefined &&
      e.time !== null &&
      (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time)))
    )
      return { error: `${at}.time: must be an RFC 3339 timestamp` };
    const sub = e.subresource ?? '';
    if (typeof sub !== 'string' || sub.length > SUBRESOURCE_MAX_LENGTH)
      return { error: `${at}.subresource: must be a string of at most ${SUBRESOURCE_MAX_LENGTH} characters` };
    const m: Manager = {
      manager: e.manager,
      operation: e.operation,
      apiVersion: (e.apiVersion as string | undefined) ?? '',
      ...(sub ? { subresource: sub } : {}),
      ...(typeof e.time === 'string' ? { time: e.time } : {}),
      fields,
    };
    const key = managerKey(m);
    if (seen.has(key))
      return { error: `${at}: a second entry for manager ${JSON.stringify(m.manager)} (${m.operation})` };
    seen.add(key);
    managers.push(m);
  }
  return { managers };
};

const order = (a: Manager, b: Manager): number => {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const seconds = (m: Manager) => (m.time ? Math.floor(Date.parse(m.time) / 1000) : 0);
  return (
    cmp(a.operation, b.operation) ||
    seconds(a) - seconds(b) ||
    cmp(a.manager, b.manager) ||
    cmp(a.apiVersion, b.apiVersion) ||
    cmp(a.subresource ?? '', b.subresource ?? '')
  );
};

/** kube-apiserver keeps at most this many Update entries; older ones merge into one. */
export const MAX_UPDATE_MANAGERS = 10;
/** The entry the oldest updaters merge into (kube-apiserver's name). */
export const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Caps the Update entries at {@link MAX_UPDATE_MANAGERS}, as kube-apiserver does, so that writers
 * with ever new names (user agents) cannot grow managedFields without bound: the oldest are merged
 * into one `ancient-changes` entry that owns all they owned.
 */
export const capUpdateManagers = (managers: readonly Manager[]): Manager[] => {
  const updaters = managers.filter((m) => m.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return [...managers];
  const time = (m: Manager) => (m.time ? Date.parse(m.time) : 0);
  const byAge = [...updaters].sort((a, b) => time(a) - time(b));
  const old = new Set(byAge.slice(0, updaters.length - MAX_UPDATE_MANAGERS + 1));
  for (const m of updaters) if (m.manager === ANCIENT_CHANGES) old.add(m);
  const newest = [...old].sort((a, b) => time(a) - time(b)).at(-1)!;
  const bucket: Manager = {
    manager: ANCIENT_CHANGES,
    operation: 'Update',
    apiVersion: newest.apiVersion,
    ...(newest.time ? { time: newest.time } : {}),
    fields: [...old].reduce((s, m) => s.union(m.fields), FieldSet.empty()),
  };
  return [...managers.filter((m) => !old.has(m)), bucket];
};

/** The managedFields list of these managers (those owning nothing left out), in kube-apiserver's order. */
export const encodeManagedFields = (managers: readonly Manager[]): ManagedFieldsEntry[] =>
  managers
    .filter((m) => !m.fields.isEmpty())
    .sort(order)
    .map((m) => ({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time ? { time: m.time } : {}),
      fieldsType: 'FieldsV1' as const,
      fieldsV1: m.fields.toFieldsV1(),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    }));

/**
 * How a conflict names a manager, as kube-apiserver prints it: `"kubectl"` for an applier,
 * `"kubectl-edit" using v1 at 2026-11-30T12:00:00Z` for an updater, `with subresource "status"` when
 * it wrote through one.
 */
export const describeManager = (m: Manager): string => {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}${m.time ? ` at ${m.time}` : ''}`;
  return s;
};
