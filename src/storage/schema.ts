/**
 * The SQLite schema of the store: DDL as a list of migrations, applied in order and recorded in
 * `PRAGMA user_version`. A migration is never edited once released; a change is a new migration.
 */
import type { Database } from 'better-sqlite3';
import type { KubeObject } from '../model/metadata.js';
import { referencesOf } from './objectDocs.js';
import type { Reference } from './store.js';
import { SQLITE_TOKENS_DDL } from './tokenTable.js';

/** What a migration may need besides the database. */
export interface MigrationContext {
  referencesOf?: (object: KubeObject) => Reference[];
}

/** One step of the schema: `version` is the `user_version` the database has after `up`. */
export interface Migration {
  version: number;
  description: string;
  up: string;
  /** Fills what `up` created from the data already there (same transaction). */
  fill?: (db: Database, context: MigrationContext) => void;
}

/** Rows of `objects` read per page while a migration fills a table from them. */
const FILL_PAGE = 1_000;

/** Migration 2 on a database that has objects: their references, through `referencesOf`. */
const fillReferences = (db: Database, context: MigrationContext): void => {
  if (!context.referencesOf) return;
  const page = db.prepare<
    [number, number],
    { id: number; kind: string; namespace: string; name: string; json: string }
  >('SELECT id, kind, namespace, name, json FROM objects WHERE id > ? ORDER BY id LIMIT ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO "references" (from_kind, from_namespace, from_name, to_kind, to_namespace, to_name) VALUES (?, ?, ?, ?, ?, ?)',
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, FILL_PAGE);
    for (const row of rows) {
      for (const r of referencesOf(context.referencesOf, JSON.parse(row.json) as KubeObject)) {
        insert.run(row.kind, row.namespace, row.name, r.kind, r.namespace, r.name);
      }
    }
    if (rows.length < FILL_PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
};

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
 *   watch with a label selector can tell an object leaving or entering its selection. From version
 *   4, `json` is `''` for an object's newest event: its text is the object's row, copied into the
 *   event by the next write of the object (statements.ts, `CURRENT`; rows written before keep theirs).
 * - `references` (2): what each object refers to, written with the object; a `to_name` of `*` stands
 *   for every object of the kind in the namespace. Keyed by the referrer (rewritten on each
 *   update), with `references_to` for "who refers to this". Filled from the stored objects on
 *   upgrade, through the store's `referencesOf`.
 * - `tokens` (3): API bearer tokens (their sha256, never the token), see tokenTable.ts.
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
  {
    version: 2,
    description: 'references',
    up: `
      CREATE TABLE "references" (
        from_kind TEXT NOT NULL,
        from_namespace TEXT NOT NULL,
        from_name TEXT NOT NULL,
        to_kind TEXT NOT NULL,
        to_namespace TEXT NOT NULL,
        to_name TEXT NOT NULL,
        PRIMARY KEY (from_kind, from_namespace, from_name, to_kind, to_namespace, to_name)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX references_to ON "references" (to_kind, to_namespace, to_name, from_kind, from_namespace, from_name);
    `,
    fill: fillReferences,
  },
  { version: 3, description: 'API tokens', up: SQLITE_TOKENS_DDL },
  {
    // No table changes: the version says what the rows mean, so that a build that does not know
    // (it would read '' as an object's text) refuses the file instead of misreading it.
    version: 4,
    description: "events: an object's newest event may hold '' and read the object's row (ADR 0007)",
    up: '',
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings the database to {@link SCHEMA_VERSION}, all pending migrations in one transaction.
 * Refuses a database written by a newer build rather than guess at its format.
 */
export const migrate = (
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  context: MigrationContext = {},
): number => {
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
      m.fill?.(db, context);
      // PRAGMA takes no bound parameters; the version is an integer of our own list.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    }
  }).immediate();
  return latest;
};
