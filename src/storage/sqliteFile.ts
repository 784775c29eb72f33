/**
 * Checks on an existing database file before SQLite opens it: SQLite takes a zero-length file for a
 * new, empty database, and would start the server with nothing in it.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

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
