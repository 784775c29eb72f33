/**
 * The fixed SQL of the store, prepared once per connection and reused for every call.
 * (List queries vary with the selector; they are built by labelQuery.ts and cached by shape.)
 */
import type { Database, Statement } from 'better-sqlite3';
import type { WatchEventType } from './store.js';

/** An `objects` row as the writers read it. */
export interface ObjectRow {
  id: number;
  rv: number;
  uid: string;
  generation: number;
  created: string;
  json: string;
}

/** An `events` row as watch replay reads it. */
export interface EventRow {
  rv: number;
  type: WatchEventType;
  namespace: string;
  name: string;
  /** Null only if a {@link CURRENT} event's object row moved on without keeping its text (a defect). */
  json: string | null;
  prev_json: string | null;
}

/** Prepared statements of one connection. */
export interface Statements {
  getObject: Statement<[kind: string, namespace: string, name: string], ObjectRow>;
  getJson: Statement<[kind: string, namespace: string, name: string], string>;
  insertObject: Statement<
    [
      kind: string,
      namespace: string,
      name: string,
      uid: string,
      rv: number,
      generation: number,
      created: string,
      json: string,
    ]
  >;
  updateObject: Statement<[rv: number, generation: number, json: string, id: number]>;
  deleteObject: Statement<[id: number]>;
  labelsOf: Statement<[objectId: number], { key: string; value: string }>;
  insertLabel: Statement<
    [objectId: number, key: string, value: string, kind: string, namespace: string, name: string]
  >;
  deleteLabels: Statement<[objectId: number]>;
  insertEvent: Statement<
    [
      rv: number,
      type: WatchEventType,
      kind: string,
      namespace: string,
      name: string,
      json: string,
      prevJson: string | null,
    ]
  >;
  insertReference: Statement<
    [
      fromKind: string,
      fromNamespace: string,
      fromName: string,
      toKind: string,
      toNamespace: string,
      toName: string,
    ]
  >;
  deleteReferences: Statement<[fromKind: string, fromNamespace: string, fromName: string]>;
  /** Referrers of `(kind, namespace)` named `name` or `alsoName` (`*`, or `name` again). */
  dependents: Statement<
    [toKind: string, toNamespace: string, name: string, alsoName: string],
    { kind: string; namespace: string; name: string }
  >;
  /**
   * Writes the text of an event that stood for the object's stored row (see {@link CURRENT}) into
   * the event itself, before the row changes: the event at `rv` keeps what the row held then.
   */
  keepEvent: Statement<[json: string, rv: number, kind: string, namespace: string, name: string]>;
  /** The newest resourceVersion ever handed out (0 on an empty database). */
  lastRv: Statement<[], number>;
  oldestEventRv: Statement<[], number | null>;
  trimEvents: Statement<[throughRv: number]>;
  history: Statement<[kind: string, afterRv: number, throughRv: number, limit: number], EventRow>;
  /** Every kind's events after a resourceVersion, for the change feed. */
  changesAfter: Statement<[afterRv: number, limit: number], EventRow & { kind: string }>;
  /** A counter that moves when another connection (another process on the file) has committed. */
  dataVersion: Statement<[], number>;
}

/**
 * The `json` of an event that is the object's current version: the text is the object's row (at
 * the same resourceVersion), not a second copy of it. Every write stored each object twice, once
 * in `objects` and once in `events` (a 10,000-manifest Studio import wrote 20 MB of history beside
 * its 20 MB of objects: issue #11); now the event of a write holds `''` (never an object's JSON)
 * and takes its text from the row, until the next write of that object or its deletion, which
 * first copies the row's text into it ({@link Statements.keepEvent}). Reads of the history join
 * the row ({@link EVENT_JSON}). See docs/adr/0007-one-copy-of-an-objects-text.md.
 */
export const CURRENT = '';

/**
 * The text of an event row `e`, joined to its object's row `o` (only for {@link CURRENT} events;
 * the row is then at the event's resourceVersion: a write of the object would have kept the text).
 */
const EVENT_JSON = `CASE WHEN e.json = '${CURRENT}' THEN o.json ELSE e.json END AS json`;
const EVENT_OBJECT = `LEFT JOIN objects o ON e.json = '${CURRENT}' AND o.kind = e.kind AND o.namespace = e.namespace AND o.name = e.name AND o.rv = e.rv`;

/** Prepares every fixed statement on `db` (whose schema is already migrated). */
export const prepareStatements = (db: Database): Statements => ({
  getObject: db.prepare(
    'SELECT id, rv, uid, generation, created, json FROM objects WHERE kind = ? AND namespace = ? AND name = ?',
  ),
  getJson: db
    .prepare<[string, string, string], string>(
      'SELECT json FROM objects WHERE kind = ? AND namespace = ? AND name = ?',
    )
    .pluck(),
  insertObject: db.prepare(
    'INSERT INTO objects (kind, namespace, name, uid, rv, generation, created, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  updateObject: db.prepare('UPDATE objects SET rv = ?, generation = ?, json = ? WHERE id = ?'),
  deleteObject: db.prepare('DELETE FROM objects WHERE id = ?'),
  labelsOf: db.prepare('SELECT key, value FROM labels WHERE object_id = ?'),
  insertLabel: db.prepare(
    'INSERT INTO labels (object_id, key, value, kind, namespace, name) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  deleteLabels: db.prepare('DELETE FROM labels WHERE object_id = ?'),
  insertEvent: db.prepare(
    'INSERT INTO events (rv, type, kind, namespace, name, json, prev_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  insertReference: db.prepare(
    'INSERT OR IGNORE INTO "references" (from_kind, from_namespace, from_name, to_kind, to_namespace, to_name) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  deleteReferences: db.prepare(
    'DELETE FROM "references" WHERE from_kind = ? AND from_namespace = ? AND from_name = ?',
  ),
  dependents: db.prepare(
    'SELECT DISTINCT from_kind AS kind, from_namespace AS namespace, from_name AS name FROM "references" ' +
      'WHERE to_kind = ? AND to_namespace = ? AND to_name IN (?, ?) ORDER BY 1, 2, 3',
  ),
  // Keyed by the object too: an event at that rv of another object is never rewritten.
  keepEvent: db.prepare(
    `UPDATE events SET json = ? WHERE rv = ? AND kind = ? AND namespace = ? AND name = ? AND json = '${CURRENT}'`,
  ),
  lastRv: db
    .prepare<[], number>("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)")
    .pluck(),
  oldestEventRv: db.prepare<[], number | null>('SELECT min(rv) FROM events').pluck(),
  trimEvents: db.prepare('DELETE FROM events WHERE rv <= ?'),
  history: db.prepare(
    `SELECT e.rv, e.type, e.namespace, e.name, ${EVENT_JSON}, e.prev_json FROM events e ${EVENT_OBJECT} ` +
      'WHERE e.kind = ? AND e.rv > ? AND e.rv <= ? ORDER BY e.rv LIMIT ?',
  ),
  changesAfter: db.prepare(
    `SELECT e.rv, e.type, e.kind, e.namespace, e.name, ${EVENT_JSON}, e.prev_json FROM events e ${EVENT_OBJECT} ` +
      'WHERE e.rv > ? ORDER BY e.rv LIMIT ?',
  ),
  dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
});
