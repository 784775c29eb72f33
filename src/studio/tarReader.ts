import { ArchiveError } from './errors.js';
import { formatSize, type ArchiveLimits } from './limits.js';
import { PathIndex } from './pathIndex.js';
import { checkEntryPath, showPath } from './paths.js';
import { BLOCK, isZeroBlock, parseHeader, parsePax } from './tarFormat.js';

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

/** What the reader waits for next. */
type Want =
  | { at: 'header' }
  /** The data of a metadata header (pax `x`/`g`, GNU `L`) that starts at `offset`. */
  | { at: 'meta'; type: string; size: number; offset: number }
  /** The data of regular file `path`. */
  | { at: 'file'; path: string; size: number }
  /** Padding to the next block: not needed to read anything, so a stream may end inside it. */
  | { at: 'padding'; size: number }
  /** The end-of-archive marker was at `offset`: only zero bytes may follow. */
  | { at: 'end'; offset: number };

/**
 * Reads the regular files of a tar stream fed in pieces (a whole tar at once, or the chunks of a
 * gunzip stream: issue #11, a 50,000-manifest archive's 80 MB tar was held whole by the import's
 * worker until its last object was checked). Each file goes to `onFile` as soon as its data is in;
 * the stream is never held whole. Everything unsafe or ambiguous throws an {@link ArchiveError}
 * as soon as it is seen (see {@link ARCHIVE_CODES}); {@link end} says whether the stream was cut short.
 */
export class TarReader {
  private chunks: Buffer[] = [];
  private available = 0;
  /** The stream offset of the first byte not consumed yet. */
  private offset = 0;
  private want: Want = { at: 'header' };
  private readonly index = new PathIndex();
  private pax = new Map<string, string>();
  private longName: string | undefined;
  private entries = 0;
  private total = 0;

  constructor(
    private readonly limits: ArchiveLimits,
    private readonly onFile: (path: string, data: Buffer) => void,
  ) {}

  /** The next bytes of the stream. */
  write(chunk: Buffer): void {
    if (this.want.at === 'end') return this.trailing(chunk);
    this.chunks.push(chunk);
    this.available += chunk.length;
    for (;;) {
      const want = this.want as Want;
      if (want.at === 'end') return this.trailing(this.take(this.available));
      if (want.at === 'padding') {
        const n = Math.min(want.size, this.available);
        this.take(n);
        if (n < want.size) return void (want.size -= n);
        this.want = { at: 'header' };
        continue;
      }
      const size: number = want.at === 'header' ? BLOCK : want.size;
      if (this.available < size) return;
      const start = this.offset;
      const data = this.take(size);
      if (want.at === 'header') this.header(data, start);
      else if (want.at === 'meta') this.meta(want, data);
      else {
        this.want = { at: 'padding', size: padding(size) };
        this.onFile(want.path, data);
      }
    }
  }

  /** The stream is over: throws if it was cut short. */
  end(): void {
    const want = this.want;
    if (want.at === 'end') return;
    if (want.at === 'meta') throw truncated(`inside the metadata header at byte ${want.offset}`);
    if (want.at === 'file') throw truncated(`inside file ${showPath(want.path)}`);
    // Where the next header would start: the stream holds less than a block from there.
    const at = this.offset + (want.at === 'padding' ? want.size : 0);
    throw truncated(`at byte ${at} (no end-of-archive marker)`);
  }

  /** The next `n` (available) bytes: a view when they sit in one chunk. */
  private take(n: number): Buffer {
    this.available -= n;
    this.offset += n;
    const first = this.chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const parts: Buffer[] = [];
    for (let left = n; left > 0;) {
      const c = this.chunks[0]!;
      if (c.length <= left) {
        parts.push(this.chunks.shift()!);
        left -= c.length;
      } else {
        parts.push(c.subarray(0, left));
        this.chunks[0] = c.subarray(left);
        left = 0;
      }
    }
    return Buffer.concat(parts, n);
  }

  /** Bytes after the end-of-archive marker: zeros only. */
  private trailing(bytes: Buffer): void {
    if (!isZeroBlock(bytes))
      throw new ArchiveError(
        'AR020',
        `data follows the end-of-archive marker at byte ${(this.want as { offset: number }).offset}; re-create the archive.`,
      );
  }

  private header(block: Buffer, offset: number): void {
    if (isZeroBlock(block)) {
      this.want = { at: 'end', offset };
      return;
    }
    const header = parseHeader(block, offset);
    const where = `tar header at byte ${offset}`;
    if (header.type === 'x' || header.type === 'g' || header.type === 'L') {
      if (header.size > MAX_META_BYTES)
        throw new ArchiveError(
          'AR006',
          `${where}: a ${formatSize(header.size)} metadata header is too large.`,
        );
      this.want = { at: 'meta', type: header.type, size: header.size, offset };
      return;
    }
    const lim = this.limits;
    if (++this.entries > lim.maxEntries)
      throw new ArchiveError('AR016', `the archive has more than ${lim.maxEntries} entries; refused.`);

    const rawPath = this.pax.get('path') ?? this.longName ?? header.path;
    let size = header.size;
    const paxSize = this.pax.get('size');
    if (paxSize !== undefined) {
      if (!/^\d{1,15}$/.test(paxSize))
        throw new ArchiveError('AR006', `${where}: pax size ${JSON.stringify(paxSize)} is not a number.`);
      size = Number(paxSize);
    }
    this.pax = new Map();
    this.longName = undefined;

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
      if (path !== '') this.index.addDirectory(path, rawPath);
      return;
    }
    if (size > lim.maxFileBytes)
      throw new ArchiveError(
        'AR017',
        `file ${showPath(path)} is ${formatSize(size)}; the limit is ${formatSize(lim.maxFileBytes)}.`,
        rawPath,
      );
    this.total += size;
    if (this.total > lim.maxTotalBytes)
      throw new ArchiveError(
        'AR018',
        `the files add up to more than ${formatSize(lim.maxTotalBytes)} at ${showPath(path)}.`,
        rawPath,
      );
    this.index.addFile(path, rawPath);
    this.want = { at: 'file', path, size };
  }

  private meta(want: { type: string; size: number; offset: number }, data: Buffer): void {
    this.want = { at: 'padding', size: padding(want.size) };
    const where = `tar header at byte ${want.offset}`;
    if (want.type === 'L') {
      const end = data.indexOf(0);
      try {
        this.longName = utf8.decode(end < 0 ? data : data.subarray(0, end));
      } catch {
        throw new ArchiveError('AR010', `${where}: a GNU long name is not valid UTF-8.`);
      }
      return;
    }
    const records = parsePax(data, where);
    if (want.type === 'g') {
      for (const key of ['path', 'size', 'linkpath'])
        if (records.has(key))
          throw new ArchiveError(
            'AR019',
            `${where}: a global pax header sets "${key}"; this is not allowed.`,
          );
      return;
    }
    if (records.has('linkpath'))
      throw new ArchiveError('AR019', `${where}: a pax header sets "linkpath"; links are not allowed.`);
    this.pax = records;
  }
}

const padding = (size: number): number => Math.ceil(size / BLOCK) * BLOCK - size;

const truncated = (what: string): ArchiveError =>
  new ArchiveError('AR005', `the tar stream is truncated ${what}; re-create the archive.`);
