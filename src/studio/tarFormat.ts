import { ArchiveError } from './errors.js';

/** Size of a tar block; headers are one block, data is padded to whole blocks. */
export const BLOCK = 512;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A decoded ustar / GNU / v7 header block. */
export interface RawHeader {
  /** `prefix/name` for ustar, `name` otherwise; before any pax override. */
  path: string;
  /** The type flag character; `'\0'` for old-style files. */
  type: string;
  size: number;
}

/** True when the whole block is zero bytes (end-of-archive marker). */
export const isZeroBlock = (block: Buffer): boolean => {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
};

/** A NUL-terminated text field, decoded strictly as UTF-8. */
const text = (block: Buffer, start: number, length: number, where: string): string => {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  try {
    return utf8.decode(end < 0 ? field : field.subarray(0, end));
  } catch {
    throw new ArchiveError('AR010', `${where}: the entry path is not valid UTF-8.`);
  }
};

/** An octal number field, or a GNU base-256 one (negative values are refused). */
const number = (block: Buffer, start: number, length: number, where: string): number => {
  const field = block.subarray(start, start + length);
  const first = field[0] ?? 0;
  if (first & 0x80) {
    if (first !== 0x80)
      throw new ArchiveError('AR006', `${where}: a negative base-256 number; the archive is corrupt.`);
    let value = 0;
    for (let i = 1; i < field.length; i++) {
      value = value * 256 + (field[i] ?? 0);
      if (value > Number.MAX_SAFE_INTEGER)
        throw new ArchiveError('AR006', `${where}: a base-256 number is too large.`);
    }
    return value;
  }
  const digits = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  if (digits === '') return 0;
  if (!/^[0-7]{1,12}$/.test(digits))
    throw new ArchiveError('AR006', `${where}: number field ${JSON.stringify(digits)} is not octal.`);
  return parseInt(digits, 8);
};

/** Decodes one header block, verifying its checksum. `offset` is for messages. */
export const parseHeader = (block: Buffer, offset: number): RawHeader => {
  const where = `tar header at byte ${offset}`;
  const stored = number(block, 148, 8, where);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed)
    throw new ArchiveError(
      'AR006',
      `${where}: checksum mismatch (stored ${stored}, computed ${unsigned}); the archive is corrupt or ` +
        'an entry declares the wrong size.',
    );
  const magic = block.subarray(257, 265).toString('latin1');
  const name = text(block, 0, 100, where);
  const prefix = magic === 'ustar\u000000' ? text(block, 345, 155, where) : '';
  return {
    path: prefix ? `${prefix}/${name}` : name,
    type: String.fromCharCode(block[156] ?? 0),
    size: number(block, 124, 12, where),
  };
};

/**
 * Parses pax extended-header records (`"<len> <key>=<value>\n"`). Strict: a malformed record is
 * refused rather than skipped, so a pax `path` cannot be smuggled past the checks.
 */
export const parsePax = (data: Buffer, where: string): Map<string, string> => {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const lenText = space < 0 ? '' : data.subarray(pos, space).toString('latin1');
    const len = /^[1-9]\d{0,8}$/.test(lenText) ? Number(lenText) : NaN;
    if (!(len > 0) || pos + len > data.length || data[pos + len - 1] !== 0x0a)
      throw new ArchiveError('AR006', `${where}: malformed pax record at byte ${pos}.`);
    let record: string;
    try {
      record = utf8.decode(data.subarray(space + 1, pos + len - 1));
    } catch {
      throw new ArchiveError('AR010', `${where}: a pax record is not valid UTF-8.`);
    }
    const eq = record.indexOf('=');
    if (eq <= 0) throw new ArchiveError('AR006', `${where}: pax record without "key=".`);
    records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return records;
};

/** Writes `value` as zero-padded octal, NUL-terminated, into `length` bytes. */
const writeOctal = (block: Buffer, start: number, length: number, value: number): void => {
  block.write(value.toString(8).padStart(length - 1, '0') + '\0', start, length, 'latin1');
};

/** Builds a ustar header block: mode 0644, uid/gid 0, empty user and group names. */
export const buildHeader = (fields: {
  name: string;
  prefix?: string;
  size: number;
  type: '0' | 'x';
  mtime: number;
}): Buffer => {
  const block = Buffer.alloc(BLOCK);
  block.write(fields.name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block.write(fields.type, 156, 1, 'latin1');
  block.write('ustar\u000000', 257, 8, 'latin1');
  writeOctal(block, 329, 8, 0);
  writeOctal(block, 337, 8, 0);
  if (fields.prefix) block.write(fields.prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return block;
};

/** One pax record, `"<len> <key>=<value>\n"`, where `<len>` counts itself. */
export const paxRecord = (key: string, value: string): Buffer => {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  let len = bodyLen + String(bodyLen).length;
  if (String(len).length !== String(bodyLen).length) len++;
  return Buffer.from(`${len}${body}`, 'utf8');
};
