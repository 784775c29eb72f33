/**
 * The `tokens` table: API bearer tokens kept in the store, so that a token created or revoked
 * through one server takes effect at once on every server of the same database (SPEC §7). Only
 * the sha256 of a token is stored; the token itself is shown once, to whoever created it.
 */
import type { Database, Statement } from 'better-sqlite3';
import type pg from 'pg';

/** One stored token. */
export interface TokenRow {
  /** Unique; a DNS-1123 label. */
  name: string;
  /** sha256 of the token, hex. */
  sha256: string;
  role: string;
  /** The namespace the role applies to; `*` for cluster-admin. */
  namespace: string;
  /** ISO time of creation. */
  created: string;
  /** ISO time after which the token is refused; absent: never. */
  expiresAt?: string;
}

/** The store's tokens; every method reads or writes committed data only. */
export interface TokenTable {
  /** Adds a token; false (and nothing written) when its name (or hash) is taken. */
  insert(row: TokenRow): Promise<boolean>;
  /** Adds every row whose name is free, in one transaction; returns the names added. */
  insertMissing(rows: readonly TokenRow[]): Promise<string[]>;
  byHash(sha256: string): Promise<TokenRow | undefined>;
  byName(name: string): Promise<TokenRow | undefined>;
  /** Every token, by name. */
  list(): Promise<TokenRow[]>;
  /** Removes the token with this name; returns it, or undefined when there was none. */
  remove(name: string): Promise<TokenRow | undefined>;
}

interface DbRow {
  name: string;
  sha256: string;
  role: string;
  namespace: string;
  created: string;
  expires_at: string | null;
}

const fromDb = (r: DbRow): TokenRow => ({
  name: r.name,
  sha256: r.sha256,
  role: r.role,
  namespace: r.namespace,
  created: r.created,
  ...(r.expires_at ? { expiresAt: r.expires_at } : {}),
});

const COLUMNS = 'name, sha256, role, namespace, created, expires_at';

/** How many tokens the SQLite table keeps in memory (the least recently added go first). */
const KNOWN_TOKENS = 1_024;

/**
 * The table on SQLite. Reads go through the read-only connection (the last commit); writes run
 * through `write`, the store's write lane, because the writer connection may be inside another
 * transaction between two awaits.
 *
 * Tokens found by hash are kept in memory: every request looks its token up, and the read of the
 * reader connection, whose page cache every commit empties, took 4 % of the server's time under
 * writes. It stays exact: a removal here empties the memory before it is acknowledged, once when
 * the row goes and again after the commit (a request between the two still reads the committed row
 * and would keep it); a commit by another connection on the file (`PRAGMA data_version` of the
 * writer connection, a counter read) empties it before the next lookup. Only tokens that exist are
 * kept, so unknown bearer strings cannot grow the memory. (PostgreSQL keeps no such memory: another
 * replica may revoke, and no counter tells.)
 */
export class SqliteTokenTable implements TokenTable {
  private readonly known = new Map<string, TokenRow>();
  private knownAt = -1;
  private readonly get: { hash: Statement<[string], DbRow>; name: Statement<[string], DbRow> };
  private readonly all: Statement<[], DbRow>;
  private readonly add: Statement<[Record<string, string | null>]>;
  private readonly drop: Statement<[string], DbRow>;

  constructor(
    reader: Database,
    writer: Database,
    private readonly write: <T>(fn: () => T) => Promise<T>,
    /** The writer connection's `PRAGMA data_version`: it moves when another connection commits. */
    private readonly dataVersion: () => number,
  ) {
    this.get = {
      hash: reader.prepare(`SELECT ${COLUMNS} FROM tokens WHERE sha256 = ?`),
      name: reader.prepare(`SELECT ${COLUMNS} FROM tokens WHERE name = ?`),
    };
    this.all = reader.prepare(`SELECT ${COLUMNS} FROM tokens ORDER BY name`);
    this.add = writer.prepare(
      `INSERT OR IGNORE INTO tokens (${COLUMNS}) VALUES (@name, @sha256, @role, @namespace, @created, @expiresAt)`,
    );
    this.drop = writer.prepare(`DELETE FROM tokens WHERE name = ? RETURNING ${COLUMNS}`);
  }

  private insertRow(r: TokenRow): boolean {
    const { name, sha256, role, namespace, created } = r;
    return (
      this.add.run({ name, sha256, role, namespace, created, expiresAt: r.expiresAt ?? null }).changes === 1
    );
  }

  insert(row: TokenRow): Promise<boolean> {
    return this.write(() => this.insertRow(row));
  }

  insertMissing(rows: readonly TokenRow[]): Promise<string[]> {
    return this.write(() => rows.filter((r) => this.insertRow(r)).map((r) => r.name));
  }

  async byHash(sha256: string): Promise<TokenRow | undefined> {
    const version = this.dataVersion();
    if (version !== this.knownAt) {
      this.known.clear();
      this.knownAt = version;
    }
    const known = this.known.get(sha256);
    if (known) return known;
    const r = this.get.hash.get(sha256);
    if (!r) return undefined;
    const row = Object.freeze(fromDb(r));
    if (this.known.size >= KNOWN_TOKENS) this.known.delete(this.known.keys().next().value!);
    this.known.set(sha256, row);
    return row;
  }

  async byName(name: string): Promise<TokenRow | undefined> {
    const r = this.get.name.get(name);
    return r && fromDb(r);
  }

  async list(): Promise<TokenRow[]> {
    return this.all.all().map(fromDb);
  }

  async remove(name: string): Promise<TokenRow | undefined> {
    try {
      return await this.write(() => {
        const r = this.drop.get(name);
        this.known.clear();
        return r && fromDb(r);
      });
    } finally {
      // A lookup between the DELETE and its commit read the committed row again: forget it too.
      this.known.clear();
    }
  }
}

/**
 * The table on PostgreSQL: each call is one statement on the pool (autocommit), seen by every
 * replica as soon as it returns.
 */
export class PgTokenTable implements TokenTable {
  constructor(private readonly pool: pg.Pool) {}

  private static readonly INSERT =
    `INSERT INTO tokens (${COLUMNS}) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) ` +
    'ON CONFLICT DO NOTHING RETURNING name';

  private async insertRows(rows: readonly TokenRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const { rows: added } = await this.pool.query<{ name: string }>(PgTokenTable.INSERT, [
      rows.map((r) => r.name),
      rows.map((r) => r.sha256),
      rows.map((r) => r.role),
      rows.map((r) => r.namespace),
      rows.map((r) => r.created),
      rows.map((r) => r.expiresAt ?? null),
    ]);
    return added.map((r) => r.name);
  }

  async insert(row: TokenRow): Promise<boolean> {
    return (await this.insertRows([row])).length === 1;
  }

  insertMissing(rows: readonly TokenRow[]): Promise<string[]> {
    return this.insertRows(rows);
  }

  private async one(where: string, value: string): Promise<TokenRow | undefined> {
    const { rows } = await this.pool.query<DbRow>(`SELECT ${COLUMNS} FROM tokens WHERE ${where} = $1`, [
      value,
    ]);
    return rows[0] && fromDb(rows[0]);
  }

  byHash(sha256: string): Promise<TokenRow | undefined> {
    return this.one('sha256', sha256);
  }

  byName(name: string): Promise<TokenRow | undefined> {
    return this.one('name', name);
  }

  async list(): Promise<TokenRow[]> {
    const { rows } = await this.pool.query<DbRow>(`SELECT ${COLUMNS} FROM tokens ORDER BY name`);
    return rows.map(fromDb);
  }

  async remove(name: string): Promise<TokenRow | undefined> {
    const { rows } = await this.pool.query<DbRow>(`DELETE FROM tokens WHERE name = $1 RETURNING ${COLUMNS}`, [
      name,
    ]);
    return rows[0] && fromDb(rows[0]);
  }
}

/** The SQLite migration that adds the table (see schema.ts). */
export const SQLITE_TOKENS_DDL = `
  CREATE TABLE tokens (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    namespace TEXT NOT NULL,
    created TEXT NOT NULL,
    expires_at TEXT
  ) STRICT;
`;

/** The PostgreSQL migration that adds the table (see postgresSchema.ts). */
export const PG_TOKENS_DDL = `
  CREATE TABLE tokens (
    name text COLLATE "C" PRIMARY KEY,
    sha256 text NOT NULL UNIQUE,
    role text NOT NULL,
    namespace text COLLATE "C" NOT NULL,
    created text NOT NULL,
    expires_at text
  );
`;
