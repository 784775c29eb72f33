import { gunzipSync } from 'node:zlib';
import { ArchiveError } from './errors.js';
import { formatSize, resolveArchiveLimits, type ArchiveLimits } from './limits.js';
import { PathIndex } from './pathIndex.js';
import { checkEntryPath, showPath } from './paths.js';
import { BLOCK, isZeroBlock, parseHeader, parsePax } from './tarFormat.js';

/** The files of an archive, by normalised path (no `./`), in archive order. */
export interface ArchiveContents {
  files: Map<string, Buffer>;
}

const FILE_TYPES = new Set(['0', '\0']);
const TYPE_NAMES: Record<string, string> = {
  '1': 'a hardlink',
  '2': 'a symlink',
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a FIFO',
  '7': 'a contiguous file',
  K: 'a GNU long link name',
  S: 'a GNU sparse file',
  D: 'a GNU dump directory',
  M: 'a GNU multi-volume continuation',
  V: 'a GNU volume label',
};
/** Pax headers are small; this bounds the work spent on a hostile one. */
const MAX_META_BYTES = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Gunzips within budget, turning zlib failures into actionable errors. */
const gunzip = (bytes: Buffer, limits: ArchiveLimits): Buffer => {
  if (bytes.length > limits.maxCompressedBytes)
    throw new ArchiveError(
      'AR003',
      `the archive is ${formatSize(bytes.length)}; the limit is ${formatSize(limits.maxCompressedBytes)}.`,
    );
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new ArchiveError(
      'AR001',
      'not a gzip file: a Studio bundle is a .tar.gz archive (create it with `paletteai studio pack`).',
    );
  try {
    return gunzipSync(bytes, { maxOutputLength: limits.maxTotalBytes + 1 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      throw new ArchiveError(
        'AR004',
        `the archive decompresses to more than ${formatSize(limits.maxTotalBytes)}; refused (decompression bomb or too much content).`,
      );
    const truncated = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message);
    throw new ArchiveError(
      'AR002',
      truncated
        ? 'the gzip stream is truncated; the archive was cut short (re-download or re-create it).'
        : `the gzip stream is corrupt (${e.message}); re-download or re-create the archive.`,
    );
  }
};

/**
 * Reads a Studio `.tar.gz` entirely in memory (nothing touches the file system) and returns its
 * regular files. Directory entries are accepted and ignored. The whole archive is refused with an
 * {@link ArchiveError} on anything unsafe or ambiguous: traversal or absolute paths, links and
 * devices, duplicate (also case-fold or Unicode twin) paths, budgets exceeded, truncation or
 * corruption. See {@link ARCHIVE_CODES}.
 */
export const readArchive = (bytes: Buffer, limits: Partial<ArchiveLimits> = {}): ArchiveContents => {
  const lim = resolveArchiveLimits(limits);
  const tar = gunzip(bytes, lim);
  if (tar.length > lim.maxTotalBytes)
    throw new ArchiveError(
      'AR004',
      `the archive decompresses to more than ${formatSize(lim.maxTotalBytes)}.`,
    );

  const files = new Map<string, Buffer>();
  const index = new PathIndex();
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let entries = 0;
  let total = 0;
  let offset = 0;

  const need = (end: number, what: string): void => {
    if (end > tar.length)
      throw new ArchiveError('AR005', `the tar stream is truncated ${what}; re-create the archive.`);
  };

  for (;;) {
    need(offset + BLOCK, `at byte ${offset} (no end-of-archive marker)`);
    const block = tar.subarray(offset, offset + BLOCK);
    if (isZeroBlock(block)) {
      if (!isZeroBlock(tar.subarray(offset)))
        throw new ArchiveError(
          'AR020',
          `data follows the end-of-archive marker at byte ${offset}; re-create the archive.`,
        );
      break;
    }
    const header = parseHeader(block, offset);
    const dataStart = offset + BLOCK;
    const where = `tar header at byte ${offset}`;

    if (header.type === 'x' || header.type === 'g' || header.type === 'L') {
      if (header.size > MAX_META_BYTES)
        throw new ArchiveError(
          'AR006',
          `${where}: a ${formatSize(header.size)} metadata header is too large.`,
        );
      need(dataStart + header.size, `inside the metadata header at byte ${offset}`);
      const data = tar.subarray(dataStart, dataStart + header.size);
      offset = dataStart + Math.ceil(header.size / BLOCK) * BLOCK;
      if (header.type === 'L') {
        const end = data.indexOf(0);
        try {
          longName = utf8.decode(end < 0 ? data : data.subarray(0, end));
        } catch {
          throw new ArchiveError('AR010', `${where}: a GNU long name is not valid UTF-8.`);
        }
        continue;
      }
      const records = parsePax(data, where);
      if (header.type === 'g') {
        for (const key of ['path', 'size', 'linkpath'])
          if (records.has(key))
            throw new ArchiveError(
              'AR019',
              `${where}: a global pax header sets "${key}"; this is not allowed.`,
            );
        continue;
      }
      if (records.has('linkpath'))
        throw new ArchiveError('AR019', `${where}: a pax header sets "linkpath"; links are not allowed.`);
      pax = records;
      continue;
    }

    if (++entries > lim.maxEntries)
      throw new ArchiveError('AR016', `the archive has more than ${lim.maxEntries} entries; refused.`);

    const rawPath = pax.get('path') ?? longName ?? header.path;
    let size = header.size;
    const paxSize = pax.get('size');
    if (paxSize !== undefined) {
      if (!/^\d{1,15}$/.test(paxSize))
        throw new ArchiveError('AR006', `${where}: pax size ${JSON.stringify(paxSize)} is not a number.`);
      size = Number(paxSize);
    }
    pax = new Map();
    longName = undefined;

    const isDir = header.type === '5' || (header.type === '\0' && rawPath.endsWith('/'));
    if (!isDir && !FILE_TYPES.has(header.type)) {
      const what = TYPE_NAMES[header.type] ?? `of type ${JSON.stringify(header.type)}`;
      throw new ArchiveError(
        'AR014',
        `entry ${showPath(rawPath)} is ${what}; a Studio archive may hold only regular files and directories.`,
        rawPath,
      );
    }
    if (isDir && size !== 0)
      throw new ArchiveError(
        'AR006',
        `directory entry ${showPath(rawPath)} declares ${size} bytes of data.`,
        rawPath,
      );
    const path = checkEntryPath(rawPath, isDir, lim);
    if (isDir) {
      offset = dataStart;
      if (path !== '') index.addDirectory(path, rawPath);
      continue;
    }
    if (size > lim.maxFileBytes)
      throw new ArchiveError(
        'AR017',
        `file ${showPath(path)} is ${formatSize(size)}; the limit is ${formatSize(lim.maxFileBytes)}.`,
        rawPath,
      );
    total += size;
    if (total > lim.maxTotalBytes)
      throw new ArchiveError(
        'AR018',
        `the files add up to more than ${formatSize(lim.maxTotalBytes)} at ${showPath(path)}.`,
        rawPath,
      );
    index.addFile(path, rawPath);
    need(dataStart + size, `inside file ${showPath(path)}`);
    // a view into the tar, not a copy: the files of a large archive are not held twice
    files.set(path, tar.subarray(dataStart, dataStart + size));
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  return { files };
};
