/**
 * Test helper: builds raw, possibly hostile tar streams in memory, byte by byte, so the reader can
 * be tested against archives no well-behaved tool would write. Not part of the build.
 */
import { gzipSync } from 'node:zlib';
import type { ArchiveReport } from './archiveContent.js';

/** One raw entry; anything left out gets a sane default. */
export interface RawEntry {
  /** Written as-is into the 100-byte name field (UTF-8, truncated). */
  name: string;
  /** Type flag: '0' file, '5' directory, '1' hardlink, '2' symlink, '3' char device, 'x' pax... */
  type?: string;
  /** Content; its length is the declared size unless `size` is given. */
  data?: Buffer | string;
  /** Declared size, to lie about the data length. */
  size?: number;
  linkname?: string;
  /** Pax records written in an `x` header before this entry. */
  pax?: Record<string, string>;
}

const octal = (block: Buffer, start: number, length: number, value: number): void => {
  block.write(value.toString(8).padStart(length - 1, '0') + '\0', start, length, 'latin1');
};

/** One 512-byte header with a correct checksum. */
export const rawHeader = (e: { name: string; type: string; size: number; linkname?: string }): Buffer => {
  const b = Buffer.alloc(512);
  b.write(e.name, 0, 100, 'utf8');
  octal(b, 100, 8, 0o644);
  octal(b, 108, 8, 0);
  octal(b, 116, 8, 0);
  octal(b, 124, 12, e.size);
  octal(b, 136, 12, 0);
  b.write(e.type, 156, 1, 'latin1');
  if (e.linkname) b.write(e.linkname, 157, 100, 'utf8');
  b.write('ustar\u000000', 257, 8, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return b;
};

const pad = (n: number): Buffer => Buffer.alloc((512 - (n % 512)) % 512);

const paxData = (records: Record<string, string>): Buffer =>
  Buffer.concat(
    Object.entries(records).map(([k, v]) => {
      const body = ` ${k}=${v}\n`;
      const bodyLen = Buffer.byteLength(body);
      let len = bodyLen + String(bodyLen).length;
      if (String(len).length !== String(bodyLen).length) len++;
      return Buffer.from(`${len}${body}`);
    }),
  );

/** A tar stream (not gzipped) of the raw entries, with the end-of-archive marker unless `end: false`. */
export const rawTar = (entries: RawEntry[], options: { end?: boolean } = {}): Buffer => {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.pax) {
      const p = paxData(e.pax);
      parts.push(rawHeader({ name: 'PaxHeader', type: 'x', size: p.length }), p, pad(p.length));
    }
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
    parts.push(
      rawHeader({ name: e.name, type: e.type ?? '0', size: e.size ?? data.length, linkname: e.linkname }),
    );
    parts.push(data, pad(data.length));
  }
  if (options.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
};

/** `rawTar` gzipped: a hostile `.tar.gz`. */
export const rawTarGz = (entries: RawEntry[], options: { end?: boolean } = {}): Buffer =>
  gzipSync(rawTar(entries, options));

/**
 * A report as streaming gives it: profiles are let go once checked, and so are the results of those
 * without issues (the import is told only of objects with issues).
 */
export const bare = (r: ArchiveReport) => ({
  ...r,
  objects: r.objects
    .filter((o) => o.kind !== 'WorkloadProfile' || o.issues.length > 0 || !o.valid)
    .map(({ object: _o, ...o }) => o),
});
