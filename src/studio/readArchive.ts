import { createGunzip, gunzipSync } from 'node:zlib';
import { ArchiveError } from './errors.js';
import { formatSize, resolveArchiveLimits, type ArchiveLimits } from './limits.js';
import { TarReader } from './tarReader.js';

/** The files of an archive, by normalised path (no `./`), in archive order. */
export interface ArchiveContents {
  files: Map<string, Buffer>;
}

/** Refuses what is too large or not gzip at all, before any decompression. */
const checkGzip = (bytes: Buffer, limits: ArchiveLimits): void => {
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
};

const bomb = (limits: ArchiveLimits): ArchiveError =>
  new ArchiveError(
    'AR004',
    `the archive decompresses to more than ${formatSize(limits.maxTotalBytes)}; refused (decompression bomb or too much content).`,
  );

/** A zlib failure as an actionable error. */
const gzipError = (err: unknown, limits: ArchiveLimits): ArchiveError => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return bomb(limits);
  const truncated = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message);
  return new ArchiveError(
    'AR002',
    truncated
      ? 'the gzip stream is truncated; the archive was cut short (re-download or re-create it).'
      : `the gzip stream is corrupt (${e.message}); re-download or re-create the archive.`,
  );
};

/** The decompressed stream is larger than the limit (checked once it is whole). */
const tooLarge = (limits: ArchiveLimits): ArchiveError =>
  new ArchiveError('AR004', `the archive decompresses to more than ${formatSize(limits.maxTotalBytes)}.`);

/**
 * Reads a Studio `.tar.gz` entirely in memory (nothing touches the file system) and returns its
 * regular files. Directory entries are accepted and ignored. The whole archive is refused with an
 * {@link ArchiveError} on anything unsafe or ambiguous: traversal or absolute paths, links and
 * devices, duplicate (also case-fold or Unicode twin) paths, budgets exceeded, truncation or
 * corruption. See {@link ARCHIVE_CODES}.
 */
export const readArchive = (bytes: Buffer, limits: Partial<ArchiveLimits> = {}): ArchiveContents => {
  const lim = resolveArchiveLimits(limits);
  checkGzip(bytes, lim);
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: lim.maxTotalBytes + 1 });
  } catch (e) {
    throw gzipError(e, lim);
  }
  if (tar.length > lim.maxTotalBytes) throw tooLarge(lim);
  const files = new Map<string, Buffer>();
  // Views into the tar, not copies: the files of a large archive are not held twice.
  const reader = new TarReader(lim, (path, data) => files.set(path, data));
  reader.write(tar);
  reader.end();
  return { files };
};

/**
 * Reads a Studio `.tar.gz` as {@link readArchive} does, with the same checks and the same answer
 * for every archive, without ever holding it decompressed: each regular file goes to `onFile` as
 * soon as it is out of the gzip stream (a view that may share memory with the next files: copy what
 * is kept). A problem of the tar found before the end is reported only once the gzip stream has
 * been read through, as {@link readArchive} reports a corrupt or oversized gzip stream first.
 * `pace`, if given, is awaited before each chunk of the stream (the reader can be made to wait),
 * told how many bytes of the tar have come out so far. Resolves with the tar's size.
 */
export const scanArchive = async (
  bytes: Buffer,
  onFile: (path: string, data: Buffer) => void,
  limits: Partial<ArchiveLimits> = {},
  pace?: (unpacked: number) => Promise<void> | undefined,
): Promise<number> => {
  const lim = resolveArchiveLimits(limits);
  checkGzip(bytes, lim);
  const reader = new TarReader(lim, onFile);
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  gunzip.end(bytes);
  let total = 0;
  let tarError: unknown;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      // gunzipSync's maxOutputLength (the limit + 1) fails as soon as the output passes it.
      if (total > lim.maxTotalBytes + 1) throw bomb(lim);
      if (tarError !== undefined) continue;
      await pace?.(total);
      try {
        reader.write(chunk);
      } catch (e) {
        tarError = e;
      }
    }
  } catch (e) {
    gunzip.destroy();
    throw e instanceof ArchiveError ? e : gzipError(e, lim);
  }
  if (total > lim.maxTotalBytes) throw tooLarge(lim);
  if (tarError !== undefined) throw tarError;
  reader.end();
  return total;
};
