/**
 * create / update / delete against the prepared statements. Each write takes the next
 * resourceVersion, writes the object (and its labels) and appends one `events` row whose id IS that
 * resourceVersion, and keeps the object's `references` rows in step. The event of a create or an
 * update names the object's row for its text ({@link CURRENT}); the next update or the deletion
 * copies the row's text into that event first. The caller runs these inside a transaction and
 * publishes the recorded changes after the commit.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../model/metadata.js';
import {
  keyOf,
  kubeTimestamp,
  labelsOf,
  referencesOf,
  sameLabels,
  serialize,
  withRv,
  type Labels,
} from './objectDocs.js';
import { CURRENT, type Statements } from './statements.js';
import { alreadyExists, notFound, staleResourceVersion } from './storageErrors.js';
import type { ObjectKey, Reference, StoredObject } from './store.js';
import type { Change } from './watchEvents.js';

export { keyOf, kubeTimestamp } from './objectDocs.js';

/** Whether better-sqlite3 refused a write on a UNIQUE constraint. */
const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';

/**
 * Writes objects through prepared statements; every change is handed to `record`, which also
 * hands out resourceVersions: `record.nextRv()` is the version the next change takes (the session
 * keeps the counter in memory, read once per transaction rather than once per write).
 */
export class ObjectWriter {
  constructor(
    private readonly st: Statements,
    private readonly record: ((change: Change) => void) & { nextRv: () => number },
    private readonly now: () => Date = () => new Date(),
    private readonly refsOf?: (object: KubeObject) => Reference[],
  ) {}

  create(object: KubeObject): StoredObject {
    const key = keyOf(object);
    const rv = this.record.nextRv();
    const { json, stored } = serialize(object, key, {
      uid: randomUUID(),
      resourceVersion: String(rv),
      generation: 1,
      creationTimestamp: kubeTimestamp(this.now()),
    });
    // Before the first statement: a write that fails part-way (caught inside a transaction
    // function) would leave rows at an rv the next write takes again.
    const refs = referencesOf(this.refsOf, stored);
    const meta = stored.metadata;
    let id: number;
    try {
      // The unique (kind, namespace, name) index says whether it exists: no SELECT before.
      id = Number(
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
    } catch (error) {
      throw isUniqueViolation(error) ? alreadyExists(key) : error;
    }
    this.insertLabels(id, key, labelsOf(stored));
    this.insertReferences(key, refs);
    this.event(rv, 'ADDED', key, json, null, CURRENT);
    return stored;
  }

  update(object: KubeObject, expectedRv: string): StoredObject {
    const key = keyOf(object);
    const row = this.st.getObject.get(key.kind, key.namespace, key.name);
    if (!row) throw notFound(key);
    if (String(row.rv) !== expectedRv) throw staleResourceVersion(key);
    const rv = this.record.nextRv();
    const generation = object.metadata.generation ?? row.generation;
    const { json, stored } = serialize(object, key, {
      uid: row.uid,
      resourceVersion: String(rv),
      generation,
      creationTimestamp: row.created,
    });
    const refs = this.refsOf && referencesOf(this.refsOf, stored);
    this.st.keepEvent.run(row.json, row.rv, key.kind, key.namespace, key.name);
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
    if (refs) {
      this.st.deleteReferences.run(key.kind, key.namespace, key.name);
      this.insertReferences(key, refs);
    }
    this.event(rv, 'MODIFIED', key, json, prevJson, CURRENT);
    return stored;
  }

  delete(key: ObjectKey, expectedRv?: string): StoredObject {
    const row = this.st.getObject.get(key.kind, key.namespace, key.name);
    if (!row) throw notFound(key);
    if (expectedRv !== undefined && String(row.rv) !== expectedRv) throw staleResourceVersion(key);
    const rv = this.record.nextRv();
    const json = withRv(row.json, rv);
    this.st.keepEvent.run(row.json, row.rv, key.kind, key.namespace, key.name);
    this.st.deleteObject.run(row.id); // labels go by ON DELETE CASCADE
    this.st.deleteReferences.run(key.kind, key.namespace, key.name);
    this.event(rv, 'DELETED', key, json, null, json);
    return JSON.parse(json) as StoredObject;
  }

  private insertLabels(id: number, key: ObjectKey, labels: Labels): void {
    for (const [k, v] of Object.entries(labels)) {
      this.st.insertLabel.run(id, k, String(v), key.kind, key.namespace, key.name);
    }
  }

  private insertReferences(key: ObjectKey, refs: readonly Reference[]): void {
    for (const r of refs) {
      this.st.insertReference.run(key.kind, key.namespace, key.name, r.kind, r.namespace, r.name);
    }
  }

  /** Appends the event (`text`: what its row holds, {@link CURRENT} or `json`) and records the change. */
  private event(
    rv: number,
    type: Change['type'],
    key: ObjectKey,
    json: string,
    prevJson: string | null,
    text: string,
  ) {
    this.st.insertEvent.run(rv, type, key.kind, key.namespace, key.name, text, prevJson);
    this.record({ rv, type, kind: key.kind, namespace: key.namespace, name: key.name, json, prevJson });
  }
}
