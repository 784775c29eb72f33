/**
 * The stored form of an object, shared by every engine: its key, the JSON text the store keeps
 * (server-owned fields filled), labels and references as rows.
 */
import { BadRequestError } from '../model/errors.js';
import type { KubeObject } from '../model/metadata.js';
import type { ObjectKey, Reference, StoredObject } from './store.js';

/** Kubernetes timestamps have seconds precision: `2026-11-26T11:00:00Z`. */
export { kubeTimestamp } from '../model/metadata.js';

/** The key of an object as given (namespace `''` when absent: cluster-scoped). */
export const keyOf = (object: KubeObject): ObjectKey => {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    throw new BadRequestError(`${object.kind ?? 'object'} has no metadata.name; give every object a name`);
  }
  return { kind: object.kind, namespace: object.metadata.namespace ?? '', name };
};

export type Labels = Record<string, string>;

export const labelsOf = (object: KubeObject): Labels => object.metadata.labels ?? {};

export const sameLabels = (a: Labels, b: Labels): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
};

/** The server-owned metadata fields. */
export type OwnedMeta = Pick<
  StoredObject['metadata'],
  'uid' | 'resourceVersion' | 'generation' | 'creationTimestamp'
>;

/**
 * An object as stored: its JSON text, and the document that text was made of (no parse of what was
 * just serialized: a tenth of a create's time). `apiVersion`, `kind`, `metadata` first; in metadata
 * name, namespace (omitted when cluster-scoped) and the server-owned fields first, as
 * kube-apiserver prints them. The document shares nested values with `object`.
 */
export const serialize = (
  object: KubeObject,
  key: ObjectKey,
  owned: OwnedMeta,
): { json: string; stored: StoredObject } => {
  const { apiVersion, kind, metadata, ...rest } = object;
  const {
    name: _name,
    namespace: _namespace,
    uid: _uid,
    resourceVersion: _rv,
    generation: _generation,
    creationTimestamp: _created,
    ...meta
  } = metadata;
  const stored = {
    apiVersion,
    kind,
    metadata: {
      name: key.name,
      ...(key.namespace === '' ? {} : { namespace: key.namespace }),
      ...owned,
      ...meta,
    },
    ...rest,
  } as StoredObject;
  return { json: JSON.stringify(stored), stored };
};

/** The stored JSON with `metadata.resourceVersion` set to `rv`. */
export const withRv = (json: string, rv: number): string => {
  const object = JSON.parse(json) as StoredObject;
  object.metadata.resourceVersion = String(rv);
  return JSON.stringify(object);
};

/** What an object refers to, without duplicates, through the store's `referencesOf`. */
export const referencesOf = (
  fn: ((object: KubeObject) => Reference[]) | undefined,
  object: KubeObject,
): Reference[] => {
  if (!fn) return [];
  const seen = new Set<string>();
  const out: Reference[] = [];
  for (const r of fn(object)) {
    const id = `${r.kind}\u0000${r.namespace}\u0000${r.name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ kind: r.kind, namespace: r.namespace, name: r.name });
  }
  return out;
};
