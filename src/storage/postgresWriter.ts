/**
 * create / update / delete on PostgreSQL, inside a write transaction that holds the
 * `resource_version` row lock (docs/adr/0003): resourceVersions are handed out from the session in
 * memory and the counter row is set to the last one just before COMMIT. Each write is one or two
 * statements (the object, its event, labels and references in one statement with data-modifying
 * CTEs).
 */
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
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
import { refColumns } from './postgresSchema.js';
import type { ReadCache } from './readCache.js';
import { alreadyExists, notFound, staleResourceVersion } from './storageErrors.js';
import type { ObjectKey, Reference, StoredObject } from './store.js';
import type { SessionChanges } from './sessionChanges.js';
import type { Change } from './watchEvents.js';

/** One open write transaction on one pooled connection. */
export interface PgSession {
  client: PoolClient;
  /** The resourceVersion the next write takes. */
  nextRv: number;
  /** In order; past a threshold without their text (published from `events`). */
  changes: SessionChanges;
  marks: { changes: number; nextRv: number }[];
  /**
   * Admission's reads in this transaction (see {@link ReadCache}): exact for as long as the
   * transaction holds the counter lock, which every writer of objects takes first — no other
   * transaction can change an object meanwhile. A new one per transaction.
   */
  cache: ReadCache;
  /** The connection went back to the pool (after COMMIT or ROLLBACK). */
  released: boolean;
  /**
   * The last savepoint is done with but not released yet: its RELEASE goes out with the next
   * SAVEPOINT (one round trip for both, while every replica waits on the counter lock), and COMMIT
   * needs none.
   */
  releasePending?: boolean;
}

interface ObjectRow {
  rv: string;
  uid: string;
  generation: string;
  created: string;
  labels: Labels;
  json: string;
}

const INSERT_REFS = `r AS (
  INSERT INTO "references" (from_kind, from_namespace, from_name, to_kind, to_namespace, to_name)
  SELECT $1::text, $2::text, $3::text, t.k, t.ns, t.n FROM SRC unnest($9::text[], $10::text[], $11::text[]) AS t(k, ns, n)
  ON CONFLICT DO NOTHING
)`;

const CREATE = `WITH o AS (
  INSERT INTO objects (kind, namespace, name, uid, rv, generation, created, labels, json)
  VALUES ($1, $2, $3, $4, $5, 1, $6, $7::jsonb, $8) ON CONFLICT DO NOTHING RETURNING 1 AS one
), e AS (
  INSERT INTO events (rv, type, kind, namespace, name, json)
  SELECT $5::bigint, 'ADDED', $1::text, $2::text, $3::text, $8::text FROM o
), l AS (
  INSERT INTO labels (kind, namespace, name, key, value)
  SELECT $1::text, $2::text, $3::text, t.key, t.value FROM o, jsonb_each_text($7::jsonb) AS t
), ${INSERT_REFS.replace('SRC', 'o,')}
SELECT count(*)::int AS n FROM o`;

const UPDATE = `WITH u AS (
  UPDATE objects SET rv = $4, generation = $5, labels = $6::jsonb, json = $7
  WHERE kind = $1 AND namespace = $2 AND name = $3
), e AS (
  INSERT INTO events (rv, type, kind, namespace, name, json, prev_json)
  VALUES ($4, 'MODIFIED', $1, $2, $3, $7, $8)
), d AS (
  DELETE FROM "references" WHERE $12::boolean AND from_kind = $1 AND from_namespace = $2 AND from_name = $3
  AND (to_kind, to_namespace, to_name) NOT IN (SELECT * FROM unnest($9::text[], $10::text[], $11::text[]))
), ld AS (
  DELETE FROM labels WHERE $13::boolean AND kind = $1 AND namespace = $2 AND name = $3
  AND NOT ($6::jsonb @> jsonb_build_object(key, value))
), li AS (
  INSERT INTO labels (kind, namespace, name, key, value)
  SELECT $1::text, $2::text, $3::text, t.key, t.value FROM jsonb_each_text($6::jsonb) AS t WHERE $13::boolean
  ON CONFLICT DO NOTHING
), ${INSERT_REFS.replace('SRC', '')}
SELECT 1`;

const DELETE = `WITH d AS (
  DELETE FROM objects WHERE kind = $1 AND namespace = $2 AND name = $3
), e AS (
  INSERT INTO events (rv, type, kind, namespace, name, json) VALUES ($4, 'DELETED', $1, $2, $3, $5)
), l AS (
  DELETE FROM labels WHERE kind = $1 AND namespace = $2 AND name = $3
), r AS (
  DELETE FROM "references" WHERE from_kind = $1 AND from_namespace = $2 AND from_name = $3
)
SELECT 1`;

export class PostgresWriter {
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly refsOf?: (object: KubeObject) => Reference[],
  ) {}

  async create(s: PgSession, object: KubeObject): Promise<StoredObject> {
    const key = keyOf(object);
    const rv = s.nextRv;
    const { json, stored } = serialize(object, key, {
      uid: randomUUID(),
      resourceVersion: String(rv),
      generation: 1,
      creationTimestamp: kubeTimestamp(this.now()),
    });
    const { rows } = await s.client.query<{ n: number }>({
      name: 'paletteai-create',
      text: CREATE,
      values: [
        key.kind,
        key.namespace,
        key.name,
        stored.metadata.uid,
        rv,
        stored.metadata.creationTimestamp,
        JSON.stringify(labelsOf(stored)),
        json,
        ...refColumns(referencesOf(this.refsOf, stored)),
      ],
    });
    // The session holds the counter lock: no other writer can have inserted the key meanwhile.
    if (rows[0]!.n === 0) throw alreadyExists(key);
    this.record(s, { rv, type: 'ADDED', ...key, json, prevJson: null });
    return stored;
  }

  async update(s: PgSession, object: KubeObject, expectedRv: string): Promise<StoredObject> {
    const key = keyOf(object);
    const row = await this.read(s, key);
    if (!row) throw notFound(key);
    if (row.rv !== expectedRv) throw staleResourceVersion(key);
    const rv = s.nextRv;
    const generation = object.metadata.generation ?? Number(row.generation);
    const { json, stored } = serialize(object, key, {
      uid: row.uid,
      resourceVersion: String(rv),
      generation,
      creationTimestamp: row.created,
    });
    const labels = labelsOf(stored);
    // A selector may match one side only: keep the previous state (at this event's rv) for watches.
    const labelsChanged = !sameLabels(row.labels, labels);
    const prevJson = labelsChanged ? withRv(row.json, rv) : null;
    await s.client.query({
      name: 'paletteai-update',
      text: UPDATE,
      values: [
        key.kind,
        key.namespace,
        key.name,
        rv,
        generation,
        JSON.stringify(labels),
        json,
        prevJson,
        ...refColumns(referencesOf(this.refsOf, stored)),
        this.refsOf !== undefined,
        labelsChanged,
      ],
    });
    this.record(s, { rv, type: 'MODIFIED', ...key, json, prevJson });
    return stored;
  }

  async delete(s: PgSession, key: ObjectKey, expectedRv?: string): Promise<StoredObject> {
    const row = await this.read(s, key);
    if (!row) throw notFound(key);
    if (expectedRv !== undefined && row.rv !== expectedRv) throw staleResourceVersion(key);
    const rv = s.nextRv;
    const json = withRv(row.json, rv);
    await s.client.query({
      name: 'paletteai-delete',
      text: DELETE,
      values: [key.kind, key.namespace, key.name, rv, json],
    });
    this.record(s, { rv, type: 'DELETED', ...key, json, prevJson: null });
    return JSON.parse(json) as StoredObject;
  }

  private async read(s: PgSession, key: ObjectKey): Promise<ObjectRow | undefined> {
    const { rows } = await s.client.query<ObjectRow>({
      name: 'paletteai-read-row',
      text: 'SELECT rv, uid, generation, created, labels, json FROM objects WHERE kind = $1 AND namespace = $2 AND name = $3',
      values: [key.kind, key.namespace, key.name],
    });
    return rows[0] ? { ...rows[0], rv: String(rows[0].rv) } : undefined;
  }

  private record(s: PgSession, change: Change): void {
    s.changes.push(change);
    s.cache.changed(change.kind);
    s.nextRv = change.rv + 1;
  }
}
