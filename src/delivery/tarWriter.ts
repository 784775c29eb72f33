import { gzipSync } from 'node:zlib';
import { byCodeUnits } from '../model/index.js';

/**
 * The fixed modification time of every entry, 1980-01-01T00:00:00Z: a constant so the bytes never
 * depend on when or where the artifact was packed (the same choice as reproducible-builds tools).
 */
export const TAR_MTIME = Date.UTC(1980, 0, 1) / 1000;

const BLOCK = 512;

/** Gzip header byte 9 (OS) set to 3 (Unix) so the bytes do not depend on the packing platform. */
const GZIP_OS_UNIX = 3;

const pad = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

const octal = (block: Buffer, start: number, length: number, value: number): void => {
  block.write(value.toString(8).padStart(length - 1, '0') + '\0', start, length, 'latin1');
};

/** Splits a path into ustar `prefix` (≤155 bytes) and `name` (≤100 bytes), if it can be. */
const splitPath = (path: string): { prefix: string; name: string } | undefined => {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  return undefined;
};

/** One ustar header block for a regular file: mode 0644, uid/gid 0, no user or group names. */
const header = (path: string, size: number): Buffer => {
  const split = splitPath(path);
  if (!split) throw new Error(`tar entry path ${JSON.stringify(path)} is longer than ustar can hold`);
  const block = Buffer.alloc(BLOCK);
  block.write(split.name, 0, 100, 'utf8');
  octal(block, 100, 8, 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, TAR_MTIME);
  block.write('0', 156, 1, 'latin1');
  block.write('ustar\u000000', 257, 8, 'latin1');
  block.write(split.prefix, 345, 155, 'utf8');
  // The checksum is computed with its own field read as spaces.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return block;
};

/** A relative, normalised path of `/`-separated segments, none of them empty, `.` or `..`. */
const checkPath = (path: string): void => {
  const bad =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('\0') ||
    path.split('/').some((s) => s === '' || s === '.' || s === '..');
  if (bad)
    throw new Error(
      `tar entry path ${JSON.stringify(path)} must be relative and normalised (no leading "/", "." or "..")`,
    );
};

/**
 * Packs files into a reproducible `.tar.gz` (ustar, regular files only): entries sorted by path in
 * code-unit order, mode 0644, uid/gid 0, mtime {@link TAR_MTIME}, and a gzip header with no name
 * and no time. The same files always give the same bytes (with the same Node.js zlib), so the
 * same digest. Throws on a path that is absolute, not normalised, or too long for ustar.
 */
export const packTarGz = (files: ReadonlyMap<string, Buffer>): Buffer => {
  const paths = [...files.keys()].sort(byCodeUnits);
  const parts: Buffer[] = [];
  for (const path of paths) {
    checkPath(path);
    const data = files.get(path)!;
    parts.push(header(path, data.length), data, pad(data.length));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  const gz = gzipSync(Buffer.concat(parts), { level: 9 });
  gz[9] = GZIP_OS_UNIX;
  return gz;
};
