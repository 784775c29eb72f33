import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArchiveError } from './errors.js';
import type { ArchiveLimits } from './limits.js';
import { packArchive } from './pack.js';
import { readArchive, scanArchive } from './readArchive.js';
import { rawHeader, rawTar, rawTarGz } from './testArchives.js';

type Outcome = { files: [string, string][] } | { refused: string };

const refusedBy = (e: unknown): Outcome => {
  if (e instanceof ArchiveError) return { refused: e.message };
  throw e;
};

const whole = (bytes: Buffer, limits?: Partial<ArchiveLimits>): Outcome => {
  try {
    return { files: [...readArchive(bytes, limits).files].map(([p, b]) => [p, b.toString('latin1')]) };
  } catch (e) {
    return refusedBy(e);
  }
};

const streamed = async (bytes: Buffer, limits?: Partial<ArchiveLimits>): Promise<Outcome> => {
  const files: [string, string][] = [];
  try {
    await scanArchive(bytes, (path, data) => files.push([path, data.toString('latin1')]), limits);
    return { files };
  } catch (e) {
    return refusedBy(e);
  }
};

const ok = { name: 'profilebundle.yaml', data: 'kind: ProfileBundle\n' };
const big = Buffer.alloc(300_000, 'abcdefghij'); // spans several 64 KiB chunks of the gzip stream
const tar = rawTar([{ name: 'a.yaml', data: Buffer.alloc(2000, 97) }]);
const gz = packArchive({ 'a.yaml': Buffer.from('a: 1\n'.repeat(1000)) });
const corrupt = Buffer.from(gz);
corrupt[corrupt.length - 6] = (corrupt[corrupt.length - 6] ?? 0) ^ 0xff;
const negative = rawHeader({ name: 'n.yaml', type: '0', size: 0 });
negative.fill(0xff, 124, 136);

/** Archives of every kind readArchive's tests cover (accepted and refused), and stream-specific ones. */
const CASES: [string, Buffer, Partial<ArchiveLimits>?][] = [
  ['a packed archive', packArchive({ 'b.yaml': Buffer.from('b: 2\n'), 'a.yaml': big, 'c/d.yaml': big })],
  [
    'directories and ./ prefixes',
    rawTarGz([{ name: './', type: '5' }, { name: './d/a.yaml', data: 'a' }, ok]),
  ],
  ['a global pax comment', rawTarGz([{ name: 'g', type: 'g', data: '12 comment\n' }, ok])],
  ['a pax path', rawTarGz([{ name: 'x', pax: { path: `d/${'x'.repeat(150)}` }, data: 'x' }])],
  ['an empty file', rawTarGz([{ name: 'empty.yaml', data: '' }, ok])],
  ['zeros after the end marker', gzipSync(Buffer.concat([rawTar([ok]), Buffer.alloc(200_000)]))],
  ['a traversal', rawTarGz([ok, { name: '../x', data: 'x' }])],
  ['a pax linkpath', rawTarGz([{ name: 'f', pax: { linkpath: '/etc/passwd' }, data: 'x' }])],
  ['a global pax path', rawTarGz([{ name: 'g', type: 'g', data: '15 path=evil.y\n' }, ok])],
  ['a symlink', rawTarGz([ok, { name: 'lnk', type: '2', linkname: '/etc/passwd' }])],
  ['a duplicate', rawTarGz([ok, { ...ok, data: 'other' }])],
  [
    'a file and a directory',
    rawTarGz([
      { name: 'a', data: 'x' },
      { name: 'a/b.yaml', data: 'y' },
    ]),
  ],
  [
    'a file over maxFileBytes',
    rawTarGz([{ name: 'big.yaml', data: Buffer.alloc(2048) }]),
    { maxFileBytes: 1024 },
  ],
  // Sizes are checked from the headers, before the data (here the data is not even there).
  [
    'files over maxTotalBytes',
    rawTarGz([{ name: 'a', data: 'x', size: 600_000 }]),
    { maxTotalBytes: 500_000 },
  ],
  ['too many entries', rawTarGz([ok, { name: 'a', data: 'x' }]), { maxEntries: 1 }],
  ['a decompression bomb', gzipSync(Buffer.alloc(3_000_000)), { maxTotalBytes: 1_000_000 }],
  ['not gzip', Buffer.from('kind: ConfigMap\n')],
  ['a truncated gzip stream', gz.subarray(0, gz.length - 20)],
  ['a corrupt gzip stream', corrupt],
  ['short data', gzipSync(tar.subarray(0, 1000))],
  ['a partial header', gzipSync(tar.subarray(0, 300))],
  ['no end marker', rawTarGz([ok], { end: false })],
  ['the stream ends inside padding', gzipSync(tar.subarray(0, 512 + 2100))],
  [
    'a header that lies about its size',
    gzipSync(rawTar([{ name: 'a.yaml', data: Buffer.alloc(1024, 97), size: 0 }])),
  ],
  ['a negative size', gzipSync(Buffer.concat([negative, Buffer.alloc(1024)]))],
  ['trailing garbage', gzipSync(Buffer.concat([rawTar([ok]), Buffer.from('garbage')]))],
  [
    'garbage far after the end marker',
    gzipSync(Buffer.concat([rawTar([ok]), Buffer.alloc(100_000), Buffer.from('x')])),
  ],
  // The tar is refused near its start, the gzip stream past it: readArchive says the gzip's problem.
  [
    'a bad tar in a truncated gzip stream',
    (() => {
      const g = gzipSync(Buffer.concat([rawTar([{ name: '../x', data: 'x' }]), big]));
      return g.subarray(0, g.length - 30);
    })(),
  ],
  ['an archive over maxCompressedBytes', rawTarGz([ok]), { maxCompressedBytes: 10 }],
];

describe('scanArchive (the archive read as a stream)', () => {
  it.each(CASES)('gives what readArchive gives: %s', async (_name, bytes, limits) => {
    const expected = whole(bytes, limits);
    expect(await streamed(bytes, limits)).toEqual(expected);
  });

  it('covers accepted and refused archives alike', () => {
    const outcomes = CASES.map(([, bytes, limits]) => whole(bytes, limits));
    expect(outcomes.filter((o) => 'files' in o).length).toBeGreaterThanOrEqual(5);
    const codes = new Set(outcomes.flatMap((o) => ('refused' in o ? [o.refused.slice(0, 5)] : [])));
    expect([...codes].sort()).toEqual([
      'AR001',
      'AR002',
      'AR003',
      'AR004',
      'AR005',
      'AR006',
      'AR008',
      'AR014',
      'AR015',
      'AR016',
      'AR017',
      'AR018',
      'AR019',
      'AR020',
      'AR021',
    ]);
  });
});
