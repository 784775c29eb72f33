/**
 * create / update / delete against the prepared statements. Each write takes the next
 * resourceVersion, writes the object (and its labels) and appends one `events` row whose id IS that
 * resourceVersion. The caller runs these inside a transaction and publishes the recorded changes
 * after the commit.
 */
import { randomUUID } from 'node:crypto';
import { BadRequestError } from '../model/errors.js';
import type { KubeObject } from '../model/metadata.js';
import type { Statements } from './statements.js';
import { alreadyExists, notFound, staleResourceVersion } from './storageErrors.js';
import type { ObjectKey, StoredObject } from './store.js';

/** The synchronous writes of this engine (Store v1's writer; kept until Store v2 lands). */
export interface StoreWriter {
  create(object: KubeObject): StoredObject;
  update(object: KubeObject, expectedRv: string): StoredObject;
  delete(key: ObjectKey, expectedRv?: string): StoredObject;
}
import type { Change } from './watchHub.js';

/** Kubernetes timestamps have seconds precision: `2026-11-26T11:00:00Z`. */
export const kubeTimestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The key of an object as given (namespace `''` when absent: cluster-scoped). */
export const keyOf = (object: KubeObject): ObjectKey => {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    throw new BadRequestError(`${object.kind ?? 'object'} has no metadata.name; give every object a name`);
  }
  return { kind: object.kind, namespace: object.metadata.namespace ?? '', name };
};

type Labels = Record<string, string>;

const labelsOf = (object: KubeObject): Labels => object.metadata.labels ?? {};

const sameLabels = (a: Labels, b: Labels): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
};

/** Writes objects through prepared statements; every change is handed to `record`. */
export class ObjectWriter implements StoreWriter {
  constructor(
    private readonly st: Statements,
    private readonly record: (change: Change) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(object: KubeObject): StoredObject {
    const key = keyOf(object);
    if (this.st.getObject.get(key.kind, key.namespace, key.name)) throw alreadyExists(key);
    const rv = this.st.lastRv.get()! + 1;
    const json = serialize(object, key, {
      uid: randomUUID(),
      resourceVersion: String(rv),
      generation: 1,
      creationTimestamp: kubeTimestamp(this.now()),
    });
    const stored = JSON.parse(json) as StoredObject;
    const meta = stored.metadata;
    const id = Number(
      this.st.insertObject.run(
        key.kind,
        key.namespace,
        key.name,
        meta.uid,
        rv,
        1,
        meta.creationTimestamp,
        json,
      ).lastInsertRowid,
    );
    this.insertLabels(id, key, labelsOf(stored));
    this.event(rv, 'ADDED', key, json, null);
    return stored;
  }

  update(object: KubeObject, expectedRv: string): StoredObject {
    const key = keyOf(object);
    const row = this.st.getObject.get(key.kind, key.namespace, key.name);
    if (!row) throw notFound(key);
    if (String(row.rv) !== expectedRv) throw staleResourceVersion(key);
    const rv = this.st.lastRv.get()! + 1;
    const generation = object.metadata.generation ?? row.generation;
    const json = serialize(object, key, {
      uid: row.uid,
      resourceVersion: String(rv),
      generation,
      creationTimestamp: row.created,
    });
    const stored = JSON.parse(json) as StoredObject;
    this.st.updateObject.run(rv, generation, json, row.id);

    const before: Labels = {};
    for (const l of this.st.labelsOf.iterate(row.id)) before[l.key] = l.value;
    const after = labelsOf(stored);
    let prevJson: string | null = null;
    if (!sameLabels(before, after)) {
      this.st.deleteLabels.run(row.id);
      this.insertLabels(row.id, key, after);
      // A selector may match one side only: keep the previous state (at this event's rv) for watches.
      prevJson = withRv(row.json, rv);
    }
    this.event(rv, 'MODIFIED', key, json, prevJson);
    return stored;
  }

  delete(key: ObjectKey, expectedRv?: string): StoredObject {
    const row = this.st.getObject.get(key.kind, key.namespace, key.name);
    if (!row) throw notFound(key);
    if (expectedRv !== undefined && String(row.rv) !== expectedRv) throw staleResourceVersion(key);
    const rv = this.st.lastRv.get()! + 1;
    const json = withRv(row.json, rv);
    this.st.deleteObject.run(row.id); // labels go by ON DELETE CASCADE
    this.event(rv, 'DELETED', key, json, null);
    return JSON.parse(json) as StoredObject;
  }

  private insertLabels(id: number, key: ObjectKey, labels: Labels): void {
    for (const [k, v] of Object.entries(labels)) {
      this.st.insertLabel.run(id, k, String(v), key.kind, key.namespace, key.name);
    }
  }

  private event(rv: number, type: Change['type'], key: ObjectKey, json: string, prevJson: string | null) {
    this.st.insertEvent.run(rv, type, key.kind, key.namespace, key.name, json, prevJson);
    this.record({ rv, type, kind: key.kind, namespace: key.namespace, name: key.name, json, prevJson });
  }
}

/**
 * Stored JSON text: `apiVersion`, `kind`, `metadata` first; in metadata name, namespace (omitted when
 * cluster-scoped) and the server-owned fields first, as kube-apiserver prints them.
 */
const serialize = (
  object: KubeObject,
  key: ObjectKey,
  owned: Pick<StoredObject['metadata'], 'uid' | 'resourceVersion' | 'generation' | 'creationTimestamp'>,
): string => {
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
  return JSON.stringify({
    apiVersion,
    kind,
    metadata: {
      name: key.name,
      ...(key.namespace === '' ? {} : { namespace: key.namespace }),
      ...owned,
      ...meta,
    },
    ...rest,
  });
};

/** The stored JSON with `metadata.resourceVersion` set to `rv`. */
const withRv = (json: string, rv: number): string => {
  const object = JSON.parse(json) as StoredObject;
  object.metadata.resourceVersion = String(rv);
  return JSON.stringify(object);
};
