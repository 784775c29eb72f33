import { gzipSync } from 'node:zlib';
import { byCodeUnits } from '../model/ordering.js';
import { ArchiveError } from './errors.js';
import { DEFAULT_ARCHIVE_LIMITS } from './limits.js';
import { checkEntryPath, foldPath, showPath } from './paths.js';
import { BLOCK, buildHeader, paxRecord } from './tarFormat.js';

/** The fixed modification time of every packed entry: 2020-01-01T00:00:00Z. */
export const PACK_MTIME = Date.UTC(2020, 0, 1) / 1000;

/** Gzip header byte 9 (OS): fixed to 3 (Unix) so output does not depend on the packing platform. */
const GZIP_OS_UNIX = 3;

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** Splits a long path into ustar `prefix` (≤155 bytes) and `name` (≤100 bytes), if possible. */
const splitUstar = (path: string): { prefix: string; name: string } | undefined => {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  return undefined;
};

/** The header blocks of one file: a pax `path` record first when ustar cannot hold the path. */
const headersFor = (path: string, size: number): Buffer[] => {
  const split = splitUstar(path);
  if (split) return [buildHeader({ ...split, size, type: '0', mtime: PACK_MTIME })];
  const pax = paxRecord('path', path);
  return [
    buildHeader({ name: 'PaxHeader', size: pax.length, type: 'x', mtime: PACK_MTIME }),
    pax,
    padding(pax.length),
    buildHeader({ name: path.replace(/[^ -~]/g, '_').slice(0, 100), size, type: '0', mtime: PACK_MTIME }),
  ];
};

/**
 * Packs files into a reproducible `.tar.gz`: entries sorted by path, mode 0644, uid/gid 0, empty
 * user and group names, mtime 2020-01-01T00:00:00Z, no extended attributes, and a gzip header with
 * no file name or time. Packing the same files twice gives byte-identical output (with the same
 * Node.js zlib). Paths must pass the same checks {@link readArchive} applies, so whatever is packed
 * can be read back; a bad path throws {@link ArchiveError}.
 */
export const packArchive = (files: Map<string, Buffer> | Record<string, Buffer>): Buffer => {
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  entries.sort(([a], [b]) => byCodeUnits(a, b));
  const seen = new Map<string, string>();
  const parts: Buffer[] = [];
  for (const [path, data] of entries) {
    const normal = checkEntryPath(path, false, DEFAULT_ARCHIVE_LIMITS);
    if (normal !== path)
      throw new ArchiveError(
        'AR011',
        `path ${showPath(path)} is not normalised; use ${showPath(normal)}.`,
        path,
      );
    const key = foldPath(path);
    const twin = seen.get(key);
    if (twin !== undefined)
      throw new ArchiveError(
        'AR015',
        `paths ${showPath(twin)} and ${showPath(path)} differ only in case or Unicode form.`,
        path,
      );
    seen.set(key, path);
    parts.push(...headersFor(path, data.length), data, padding(data.length));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  const gz = gzipSync(Buffer.concat(parts), { level: 9 });
  gz[9] = GZIP_OS_UNIX;
  return gz;
};
