/**
 * The PostgreSQL schema of the store: versioned migrations recorded in `schema_migrations`, applied
 * in one transaction under an advisory lock (two servers starting together migrate once).
 *
 * Text keys are `COLLATE "C"` so that lists come in the same byte order as on SQLite, whatever the
 * database's locale. Labels are kept twice: a `jsonb` column of the object, which the requirements
 * of a selector are checked on, and a `labels` table whose `labels_by_selector (kind, key, value,
 * namespace, name)` drives a `key=value` list in list order, as on SQLite.
 * `resource_version` is the one-row counter every write transaction locks first (docs/adr/0003).
 */
import type { Pool, PoolClient } from 'pg';
import type { KubeObject } from '../model/metadata.js';
import { referencesOf } from './objectDocs.js';
import type { MigrationContext } from './schema.js';
import { PG_TOKENS_DDL } from './tokenTable.js';

export interface PgMigration {
  version: number;
  description: string;
  up: string;
  /** Fills what `up` created from the data already there (same transaction). */
  fill?: (client: PoolClient, context: MigrationContext) => Promise<void>;
}

const FILL_PAGE = 1_000;

const fillReferences = async (client: PoolClient, context: MigrationContext): Promise<void> => {
  if (!context.referencesOf) return;
  let after: string[] = ['', '', ''];
  for (;;) {
    const { rows } = await client.query<{ kind: string; namespace: string; name: string; json: string }>(
      'SELECT kind, namespace, name, json FROM objects WHERE (kind, namespace, name) > ($1, $2, $3) ' +
        'ORDER BY kind, namespace, name LIMIT $4',
      [...after, FILL_PAGE],
    );
    for (const row of rows) {
      const refs = referencesOf(context.referencesOf, JSON.parse(row.json) as KubeObject);
      if (refs.length === 0) continue;
      await client.query(
        'INSERT INTO "references" SELECT $1, $2, $3, t.k, t.ns, t.n ' +
          'FROM unnest($4::text[], $5::text[], $6::text[]) AS t(k, ns, n) ON CONFLICT DO NOTHING',
        [row.kind, row.namespace, row.name, ...refColumns(refs)],
      );
    }
    if (rows.length < FILL_PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [last.kind, last.namespace, last.name];
  }
};

/** References as three parallel arrays, for `unnest`. */
export const refColumns = (refs: { kind: string; namespace: string; name: string }[]) => [
  refs.map((r) => r.kind),
  refs.map((r) => r.namespace),
  refs.map((r) => r.name),
];

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'objects, events and the resourceVersion counter',
    up: `
      CREATE TABLE objects (
        kind text COLLATE "C" NOT NULL,
        namespace text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        uid text NOT NULL,
        rv bigint NOT NULL,
        generation bigint NOT NULL,
        created text NOT NULL,
        labels jsonb NOT NULL DEFAULT '{}',
        json text NOT NULL,
        PRIMARY KEY (kind, namespace, name)
      );

      CREATE TABLE labels (
        kind text COLLATE "C" NOT NULL,
        namespace text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        value text COLLATE "C" NOT NULL,
        PRIMARY KEY (kind, namespace, name, key, value)
      );
      CREATE INDEX labels_by_selector ON labels (kind, key, value, namespace, name);

      CREATE TABLE events (
        rv bigint PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
        kind text COLLATE "C" NOT NULL,
        namespace text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        json text NOT NULL,
        prev_json text
      );
      CREATE INDEX events_by_kind ON events (kind, rv);

      CREATE TABLE resource_version (
        id integer PRIMARY KEY CHECK (id = 1),
        rv bigint NOT NULL
      );
      INSERT INTO resource_version (id, rv) VALUES (1, 0);
    `,
  },
  {
    version: 2,
    description: 'references',
    up: `
      CREATE TABLE "references" (
        from_kind text COLLATE "C" NOT NULL,
        from_namespace text COLLATE "C" NOT NULL,
        from_name text COLLATE "C" NOT NULL,
        to_kind text COLLATE "C" NOT NULL,
        to_namespace text COLLATE "C" NOT NULL,
        to_name text COLLATE "C" NOT NULL,
        PRIMARY KEY (from_kind, from_namespace, from_name, to_kind, to_namespace, to_name)
      );
      CREATE INDEX references_to ON "references" (to_kind, to_namespace, to_name, from_kind, from_namespace, from_name);
    `,
    fill: fillReferences,
  },
  { version: 3, description: 'API tokens', up: PG_TOKENS_DDL },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/** Any constant: the advisory lock that serializes migrations of one database. */
const MIGRATION_LOCK = 0x7061_6c65;

/**
 * Brings the schema to {@link PG_SCHEMA_VERSION}; refuses one written by a newer build. Returns the
 * version the database has.
 */
export const migratePg = async (
  pool: Pool,
  context: MigrationContext = {},
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         description text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM schema_migrations',
    );
    const current = rows[0]?.v ?? 0;
    const latest = migrations[migrations.length - 1]?.version ?? 0;
    if (current > latest) {
      throw new Error(
        `database schema version ${current} is newer than this build understands (${latest}); ` +
          'upgrade paletteai or use a database made by this version',
      );
    }
    for (const m of migrations.filter((x) => x.version > current)) {
      await client.query(m.up);
      await m.fill?.(client, context);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        m.version,
        m.description,
      ]);
    }
    await client.query('COMMIT');
    return Math.max(current, latest);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
