/**
 * The store's database file and its two connections: checks on an existing file before SQLite
 * opens it (SQLite takes a zero-length file for a new, empty database, and would start the server
 * with nothing in it), its mode, its pragmas and its schema.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { KubeObject } from '../model/metadata.js';
import { migrate } from './schema.js';
import type { Reference } from './store.js';

const HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

const fix = (path: string): string =>
  `Restore it from a backup, or move it away (mv ${JSON.stringify(path)} ${JSON.stringify(`${path}.broken`)}) ` +
  'to start with an empty store.';

/**
 * Throws when `path` exists and is not an SQLite database: empty, too short, or with another header.
 * A missing file is fine (the store creates it).
 */
export const assertSqliteFile = (path: string): void => {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error(`database path ${path} is not a regular file. ${fix(path)}`);
    size = stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (size === 0) {
    throw new Error(
      `database file ${path} is empty (0 bytes): it is not a paletteai database, and opening it would ` +
        `start an empty store in its place. ${fix(path)}`,
    );
  }
  const head = Buffer.alloc(HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, HEADER.length, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 512 || !head.equals(HEADER)) {
    throw new Error(
      `database file ${path} is not an SQLite database (${size} bytes, without the "SQLite format 3" ` +
        `header): it is damaged or is another file. ${fix(path)}`,
    );
  }
};

/** The writer and reader connections of one database file (and its directory, for a throwaway one). */
export interface SqliteFile {
  db: Database;
  reader: Database;
  /** The temporary directory of a throwaway store (`:memory:`), removed at close. */
  tempDir: string | undefined;
}

/**
 * Opens `path` (`:memory:` or '' for a throwaway file in a temporary directory): checks an existing
 * file, makes a new one readable by its owner only, sets the writer's pragmas, runs `quick_check`
 * when asked, brings the schema up to date and opens the read-only connection. Closes what it
 * opened when any step fails.
 */
export const openSqliteFile = (
  path: string,
  options: { quickCheck?: boolean; referencesOf?: (object: KubeObject) => Reference[] },
): SqliteFile => {
  let file = path;
  let tempDir: string | undefined;
  if (path === ':memory:' || path === '') {
    tempDir = mkdtempSync(join(tmpdir(), 'paletteai-store-'));
    file = join(tempDir, 'store.db');
  } else {
    // The file holds Secrets: readable by its owner only (SQLite gives -wal and -shm the same mode).
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    assertSqliteFile(path);
  }
  const existed = existsSync(file);
  const db = new BetterSqlite3(file);
  let reader: Database | undefined;
  try {
    if (!existed && existsSync(file)) chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    // A throwaway store (`:memory:`) has nothing to keep across a crash. Otherwise NORMAL: the
    // store fsyncs the log itself, off the event loop, before it answers (WalSync, ADR 0006).
    db.pragma(tempDir ? 'synchronous = OFF' : 'synchronous = NORMAL');
    db.pragma('fullfsync = ON'); // macOS: fsync alone does not reach the platter
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32768'); // 32 MiB
    if (options.quickCheck) {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new Error(`SQLite quick_check failed on ${path}: ${String(result)}`);
    }
    migrate(db, undefined, { referencesOf: options.referencesOf });
    reader = new BetterSqlite3(file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    reader.pragma('cache_size = -32768');
    return { db, reader, tempDir };
  } catch (error) {
    reader?.close();
    db.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
};

/** Closes both connections of a file {@link openSqliteFile} opened (and removes a throwaway one). */
export const closeSqliteFile = ({ db, reader, tempDir }: SqliteFile): void => {
  reader.close();
  db.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
};
