/**
 * The SQLite schema of the store: DDL as a list of migrations, applied in order and recorded in
 * `PRAGMA user_version`. A migration is never edited once released; a change is a new migration.
 */
import type { Database } from 'better-sqlite3';

/** One step of the schema: `version` is the `user_version` the database has after `up`. */
export interface Migration {
  version: number;
  description: string;
  up: string;
}

/**
 * Every migration, oldest first.
 *
 * - `objects`: one row per object; `(kind, namespace, name)` is unique and its index serves lists
 *   without a label selector, in `(namespace, name)` order.
 * - `labels`: one row per label, keyed by `(object_id, key)` for the `EXISTS` checks of a selector's
 *   other requirements. Kind, namespace and name are copied in (they never change for a row) so that
 *   `labels_by_selector (kind, key, value, namespace, name)` drives a `key=value` list in one
 *   namespace or all of them, already in list order, without touching other objects.
 * - `events`: the change history; `rv` is the resourceVersion (AUTOINCREMENT: never reused, even
 *   after trimming). `prev_json` holds the previous object, only when the labels changed, so that a
 *   watch with a label selector can tell an object leaving or entering its selection.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'objects, labels and events',
    up: `
      CREATE TABLE objects (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        uid TEXT NOT NULL,
        rv INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        created TEXT NOT NULL,
        json TEXT NOT NULL,
        UNIQUE (kind, namespace, name)
      ) STRICT;

      CREATE TABLE labels (
        object_id INTEGER NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        kind TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (object_id, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX labels_by_selector ON labels (kind, key, value, namespace, name);

      CREATE TABLE events (
        rv INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
        kind TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        json TEXT NOT NULL,
        prev_json TEXT
      ) STRICT;
      CREATE INDEX events_by_kind ON events (kind, rv);
    `,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings the database to {@link SCHEMA_VERSION}, all pending migrations in one transaction.
 * Refuses a database written by a newer build rather than guess at its format.
 */
export const migrate = (db: Database, migrations: readonly Migration[] = MIGRATIONS): number => {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `database schema version ${current} is newer than this build understands (${latest}); ` +
        'upgrade paletteai or open a copy made by this version',
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.up);
      // PRAGMA takes no bound parameters; the version is an integer of our own list.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    }
  }).immediate();
  return latest;
};
