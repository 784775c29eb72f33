/**
 * Field management on every write, as kube-apiserver's field manager does it: a server-side apply
 * merges the manager's configuration into the live object, refuses (409) to change fields another
 * manager owns unless forced, and removes what the manager stopped applying; any other write (create,
 * PUT, merge or JSON patch) takes ownership of the fields it changes, from whoever owned them.
 *
 * Both functions are pure: they run inside the write's transaction (the pipeline's `replace`
 * callback, which sees the object as the transaction reads it), so ownership is decided against the
 * object the write commits over — two concurrent appliers cannot both win.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  BadRequestError,
  ConflictError,
  kubeTimestamp,
  type KubeObject,
  type ObjectMeta,
} from '../../model/index.js';
import { fieldElement, FieldSet, pathString } from './fieldSet.js';
import { compare, fieldSetOf, newObjectFieldsV1, unchanged } from './fieldsOf.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  describeManager,
  encodeManagedFields,
  managerKey,
  type Manager,
} from './managedFields.js';
import { mergeValues, prune } from './merge.js';
import { isObject, shapeOfKind, type Shape } from './shape.js';

/** Who writes, and through which endpoint. */
export interface FieldManagerOptions {
  /** The manager name (the `fieldManager` parameter, or the one derived from the User-Agent). */
  manager: string;
  /** Writes to the status subresource own status fields only; other writes never own status. */
  subresource?: 'status';
  /** The time recorded on the manager's entry. @default now */
  now?: Date;
}

/** Metadata the server sets: never owned (kube-apiserver strips the same from every field set). */
const SERVER_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

/** `metadata` itself is never owned, only fields in it (kube-apiserver strips it too). */
const METADATA = FieldSet.of([fieldElement('metadata')]);

/** What changed in the owned part of an object. */
const changes = (before: Record<string, unknown>, after: Record<string, unknown>, shape: Shape) => {
  const c = compare(before, after, shape);
  return {
    added: c.added.difference(METADATA),
    modified: c.modified,
    removed: c.removed.difference(METADATA),
  };
};

/** The part of an object an endpoint's writes own: status on the status subresource, the rest elsewhere. */
const scoped = (o: KubeObject, subresource?: 'status'): Record<string, unknown> => {
  if (subresource === 'status') return o.status === undefined ? {} : { status: o.status };
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...rest } = o;
  const meta = Object.fromEntries(Object.entries(metadata ?? {}).filter(([k]) => !SERVER_METADATA.has(k)));
  return Object.keys(meta).length ? { metadata: meta, ...rest } : rest;
};

/** `base` with its scoped part replaced by `part`. */
const unscoped = (base: KubeObject, part: Record<string, unknown>, subresource?: 'status'): KubeObject => {
  if (subresource === 'status') {
    const { status: _s, ...rest } = base;
    return (part.status === undefined ? rest : { ...rest, status: part.status }) as KubeObject;
  }
  const server = Object.fromEntries(Object.entries(base.metadata).filter(([k]) => SERVER_METADATA.has(k)));
  const { metadata, ...rest } = part;
  return {
    apiVersion: base.apiVersion,
    kind: base.kind,
    metadata: { ...server, ...(metadata as object | undefined) } as ObjectMeta,
    ...rest,
    ...(base.status !== undefined ? { status: base.status } : {}),
  };
};

/** The stored managers of an object; none when its managedFields do not decode (kube-apiserver resets them). */
const managersOf = (o: KubeObject | undefined): Manager[] => {
  const d =
    o?.metadata.managedFields === undefined ? undefined : decodeManagedFields(o.metadata.managedFields);
  return d && 'managers' in d ? d.managers : [];
};

/**
 * `o` with managedFields encoded from `managers`; the previous list itself when it says the same (a
 * write that changes nothing keeps its resourceVersion), none when nobody owns anything.
 */
const withManagedFields = (o: KubeObject, managers: Manager[], previous: unknown): KubeObject => {
  const encoded = encodeManagedFields(capUpdateManagers(managers));
  const { managedFields: _m, ...meta } = o.metadata;
  if (encoded.length === 0) return { ...o, metadata: meta as ObjectMeta };
  const before = previous === undefined ? undefined : decodeManagedFields(previous);
  const same =
    before && 'managers' in before && isDeepStrictEqual(encodeManagedFields(before.managers), encoded);
  return {
    ...o,
    metadata: { ...meta, managedFields: same ? (previous as unknown[]) : encoded } as ObjectMeta,
  };
};

/** An applied configuration without its nulls (a null sets nothing; the schema allows none). */
const withoutNulls = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => [k, withoutNulls(x)]),
  );
};

/** The 409 of an apply that would change fields other managers own, worded as kube-apiserver words it. */
const conflictError = (conflicts: { manager: Manager; fields: FieldSet }[]): ConflictError => {
  const byManager = conflicts
    .map((c) => ({ who: describeManager(c.manager), paths: c.fields.paths().map(pathString) }))
    .sort((a, b) => (a.who < b.who ? -1 : a.who > b.who ? 1 : 0));
  const causes = byManager.flatMap(({ who, paths }) =>
    paths.map((field) => ({ reason: 'FieldManagerConflict', message: `conflict with ${who}`, field })),
  );
  const message =
    causes.length === 1
      ? `Apply failed with 1 conflict: ${causes[0]!.message}: ${causes[0]!.field}`
      : `Apply failed with ${causes.length} conflicts: ${byManager
          .map(({ who, paths }) => [`conflicts with ${who}:`, ...paths.map((p) => `- ${p}`)].join('\n'))
          .join('\n')}`;
  return new ConflictError(message, { causes });
};

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Whether `kubectl apply --server-side` may take over conflicting fields from client-side apply, as
 * kube-apiserver lets it: only the manager `kubectl`, and only fields the last-applied-configuration
 * annotation holds with the value the object still has. A field someone changed since (`kubectl
 * scale`, an edit) still conflicts. kubectl then moves the client-side entries to itself.
 */
const upgradesClientSideApply = (
  manager: string,
  current: KubeObject | undefined,
  live: Record<string, unknown>,
  conflicts: { fields: FieldSet }[],
): boolean => {
  const annotation = current?.metadata.annotations?.[LAST_APPLIED];
  if (manager !== 'kubectl' || !current || !annotation) return false;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(annotation);
  } catch {
    return false;
  }
  if (!isObject(lastApplied) || !isObject(lastApplied.metadata)) return false;
  const shape = shapeOfKind(current.kind);
  const last = scoped(lastApplied as KubeObject);
  const stillAsApplied = fieldSetOf(last, shape)
    .intersection(fieldSetOf(live, shape))
    .difference(compare(last, live, shape).modified);
  return conflicts.every((c) => c.fields.difference(stillAsApplied).isEmpty());
};

/**
 * Server-side apply of `config` (the request body, already checked against the URL) by
 * `options.manager` to `current` (undefined: the object does not exist and the apply creates it).
 * Returns the object to write, managedFields included. Throws 409 listing every conflict unless
 * `force`, which moves ownership of the conflicting fields to the applier instead.
 */
export const applyConfiguration = (
  current: KubeObject | undefined,
  config: KubeObject,
  options: FieldManagerOptions & { force: boolean },
): KubeObject => {
  // null is Go's nil, which kube-apiserver lets through; anything else is refused.
  if (config.metadata.managedFields !== undefined && config.metadata.managedFields !== null)
    throw new BadRequestError(
      'metadata.managedFields must be nil: an applied configuration cannot set ownership',
    );
  const { subresource } = options;
  const shape = shapeOfKind(config.kind);
  const applied = scoped(withoutNulls(config) as KubeObject, subresource);
  const base: KubeObject = current ?? unscoped({ ...config, status: undefined }, {}, subresource);
  const live = current ? scoped(current, subresource) : {};
  const managers = managersOf(current);
  const me: Manager = {
    manager: options.manager,
    operation: 'Apply',
    apiVersion: config.apiVersion,
    ...(subresource ? { subresource } : {}),
    fields: fieldSetOf(applied, shape),
  };
  const previous = managers.find((m) => managerKey(m) === managerKey(me));
  const others = managers.filter((m) => m !== previous);
  const owned = others.reduce((s, m) => s.union(m.fields), me.fields);
  const merged = prune(mergeValues(live, applied, shape), shape, previous?.fields ?? FieldSet.empty(), owned);
  const change = changes(live, merged as Record<string, unknown>, shape);
  const changed = change.added.union(change.modified);
  const conflicts = others
    .map((m) => ({ manager: m, fields: m.fields.intersection(changed) }))
    .filter((c) => !c.fields.isEmpty());
  if (
    conflicts.length &&
    !options.force &&
    !upgradesClientSideApply(options.manager, current, live, conflicts)
  )
    throw conflictError(conflicts);
  const keepTime = previous && unchanged(change) && previous.fields.equals(me.fields);
  const next: Manager[] = [
    ...others.map((m) => ({ ...m, fields: m.fields.difference(changed).difference(change.removed) })),
    { ...me, time: keepTime ? previous.time : kubeTimestamp(options.now ?? new Date()) },
  ];
  const object = unscoped(base, merged as Record<string, unknown>, subresource);
  // A resourceVersion in the configuration is a precondition, as in any other write.
  const rv = config.metadata.resourceVersion;
  object.metadata = { ...object.metadata, ...(rv ? { resourceVersion: rv } : {}) };
  return withManagedFields(object, next, current?.metadata.managedFields);
};

/**
 * Field ownership for a write that is not an apply: `next` replaces `current` (undefined: a create),
 * and `options.manager` takes ownership of every field the write adds or changes — from whoever
 * owned it (an update never conflicts) — while removed fields leave every manager's set.
 *
 * A client may rewrite managedFields on such a write, as kube-apiserver allows: a non-empty list
 * that differs from the stored one is used when it is valid (`[{}]` clears them); an empty or
 * invalid list is ignored and the stored ownership kept, so a client that does not know the field
 * cannot wipe it and one that writes garbage cannot corrupt it. Status subresource writes never
 * change managedFields but their own entry.
 */
export const recordUpdate = (
  current: KubeObject | undefined,
  next: KubeObject,
  options: FieldManagerOptions,
): KubeObject => {
  const sent = next.metadata.managedFields;
  if (!current && !options.subresource && !(Array.isArray(sent) && sent.length > 0))
    return recordCreate(next, options);
  return recordByComparison(current, next, options);
};

/**
 * A create that brings no managedFields of its own: its manager owns everything it set. The same
 * answer as {@link recordByComparison} (a test holds them equal), built without comparing.
 */
const recordCreate = (next: KubeObject, options: FieldManagerOptions): KubeObject => {
  const fieldsV1 = newObjectFieldsV1(scoped(next), shapeOfKind(next.kind));
  const { managedFields: _m, ...meta } = next.metadata;
  if (!fieldsV1) return { ...next, metadata: meta as ObjectMeta };
  const entry = {
    manager: options.manager,
    operation: 'Update' as const,
    apiVersion: next.apiVersion,
    time: kubeTimestamp(options.now ?? new Date()),
    fieldsType: 'FieldsV1' as const,
    fieldsV1,
  };
  return { ...next, metadata: { ...meta, managedFields: [entry] } as ObjectMeta };
};

/** {@link recordUpdate} by comparing the object before and after the write (any write). */
export const recordByComparison = (
  current: KubeObject | undefined,
  next: KubeObject,
  options: FieldManagerOptions,
): KubeObject => {
  const { subresource } = options;
  const shape = shapeOfKind(next.kind);
  let base = managersOf(current);
  const sent = next.metadata.managedFields;
  if (
    !subresource &&
    Array.isArray(sent) &&
    sent.length > 0 &&
    !isDeepStrictEqual(sent, current?.metadata.managedFields)
  ) {
    const decoded = decodeManagedFields(sent);
    if ('managers' in decoded) base = decoded.managers;
  }
  const change = changes(current ? scoped(current, subresource) : {}, scoped(next, subresource), shape);
  const changed = change.added.union(change.modified);
  const me = { manager: options.manager, operation: 'Update' as const, apiVersion: next.apiVersion };
  const meKey = managerKey({ ...me, ...(subresource ? { subresource } : {}) });
  const previous = base.find((m) => managerKey(m) === meKey);
  const managers = base
    .filter((m) => m !== previous)
    .map((m) => ({ ...m, fields: m.fields.difference(changed).difference(change.removed) }));
  const mine = (previous?.fields ?? FieldSet.empty()).difference(change.removed).union(changed);
  if (!changed.isEmpty())
    managers.push({
      ...me,
      ...(subresource ? { subresource } : {}),
      time: kubeTimestamp(options.now ?? new Date()),
      fields: mine,
    });
  else if (previous) managers.push({ ...previous, fields: mine });
  return withManagedFields(next, managers, current?.metadata.managedFields);
};
