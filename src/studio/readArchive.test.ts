import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArchiveError, type ArchiveCode } from './errors.js';
import type { ArchiveLimits } from './limits.js';
import { packArchive } from './pack.js';
import { readArchive } from './readArchive.js';
import { rawHeader, rawTar, rawTarGz, type RawEntry } from './testArchives.js';

const refusal = (bytes: Buffer, limits?: Partial<ArchiveLimits>): ArchiveError => {
  try {
    readArchive(bytes, limits);
  } catch (err) {
    if (err instanceof ArchiveError) return err;
    throw err;
  }
  throw new Error('the archive was accepted');
};

const refuses = (entries: RawEntry[], code: ArchiveCode, mention?: string): void => {
  const err = refusal(rawTarGz(entries));
  expect(err.code).toBe(code);
  expect(err.message.startsWith(code)).toBe(true);
  if (mention !== undefined) expect(err.message).toContain(mention);
};

const ok = { name: 'profilebundle.yaml', data: 'kind: ProfileBundle\n' };

describe('readArchive accepts', () => {
  it('regular files, ignoring directory entries and normalising ./ prefixes', () => {
    const { files } = readArchive(
      rawTarGz([
        { name: './', type: '5' },
        { name: './definitions/', type: '5' },
        { name: './definitions/a.yaml', data: 'a: 1\n' },
        ok,
      ]),
    );
    expect([...files.keys()]).toEqual(['definitions/a.yaml', 'profilebundle.yaml']);
    expect(files.get('definitions/a.yaml')?.toString()).toBe('a: 1\n');
  });

  it('old-style directories and a global pax comment (as git archive writes)', () => {
    const comment = '52 comment=0123456789012345678901234567890123456789\n';
    const { files } = readArchive(
      rawTarGz([
        { name: 'pax_global_header', type: 'g', data: comment },
        { name: 'definitions/', type: '\0' },
        ok,
      ]),
    );
    expect([...files.keys()]).toEqual(['profilebundle.yaml']);
  });

  it('a pax path longer than the ustar name field', () => {
    const long = `definitions/${'x'.repeat(150)}.yaml`;
    const { files } = readArchive(rawTarGz([{ name: 'ignored', pax: { path: long }, data: 'x' }]));
    expect([...files.keys()]).toEqual([long]);
  });
});

describe('readArchive refuses the whole archive for', () => {
  it.each([
    ['../x', 'AR008'],
    ['a/../../x', 'AR008'],
    ['a/..', 'AR008'],
    ['/abs', 'AR007'],
    ['////abs', 'AR007'],
    ['C:\\x', 'AR009'],
    ['C:../x', 'AR007'],
    ['C:x', 'AR007'],
    ['..\\x', 'AR009'],
    ['\\\\server\\share\\x', 'AR009'],
    ['a//b.yaml', 'AR011'],
    ['a/./b.yaml', 'AR011'],
    ['a\u0001b', 'AR010'],
  ] as const)('the unsafe path %j (%s), naming it', (name, code) => {
    refuses([ok, { name, data: 'x' }], code, JSON.stringify(name));
  });

  it('a pax header that changes the path to a traversal or a NUL-bearing path', () => {
    refuses([{ name: 'fine.yaml', pax: { path: '../evil.yaml' }, data: 'x' }], 'AR008');
    refuses([{ name: 'fine.yaml', pax: { path: 'a\u0000b.yaml' }, data: 'x' }], 'AR010');
    refuses([{ name: 'fine.yaml', pax: { linkpath: '/etc/passwd' }, data: 'x' }], 'AR019');
  });

  it('a global pax header that sets a path', () => {
    refuses([{ name: 'g', type: 'g', data: '15 path=evil.y\n' }, ok], 'AR019');
  });

  it('an empty entry path', () => {
    refuses([{ name: '', data: 'x' }], 'AR011');
  });

  it.each([
    ['1', 'a hardlink'],
    ['2', 'a symlink'],
    ['3', 'a character device'],
    ['4', 'a block device'],
    ['6', 'a FIFO'],
    ['7', 'a contiguous file'],
  ])('an entry of type %s (%s)', (type, what) => {
    refuses([ok, { name: 'lnk', type, linkname: '/etc/passwd' }], 'AR014', what);
  });

  it('a symlink followed by a file through it', () => {
    refuses(
      [
        { name: 'lnk', type: '2', linkname: '/etc' },
        { name: 'lnk/evil.yaml', data: 'x' },
      ],
      'AR014',
    );
  });

  it('duplicate paths, case-fold twins and NFC/NFD twins', () => {
    refuses([ok, { ...ok, data: 'other' }], 'AR015', 'appears twice');
    refuses(
      [
        { name: 'A.yaml', data: 'x' },
        { name: 'a.yaml', data: 'y' },
      ],
      'AR015',
      'differ only',
    );
    refuses(
      [
        { name: 'caf\u00e9.yaml', data: 'x' },
        { name: 'cafe\u0301.yaml', data: 'y' },
      ],
      'AR015',
    );
    refuses(
      [
        { name: './a.yaml', data: 'x' },
        { name: 'a.yaml', data: 'y' },
      ],
      'AR015',
    );
  });

  it('a file and a directory with the same path', () => {
    refuses(
      [
        { name: 'a', data: 'x' },
        { name: 'a/b.yaml', data: 'y' },
      ],
      'AR021',
    );
    refuses(
      [
        { name: 'a/', type: '5' },
        { name: 'a', data: 'y' },
      ],
      'AR021',
    );
  });

  it('a file over maxFileBytes, before reading its data', () => {
    const err = refusal(rawTarGz([{ name: 'big.yaml', data: Buffer.alloc(2048) }]), { maxFileBytes: 1024 });
    expect(err.code).toBe('AR017');
    expect(err.message).toContain('"big.yaml"');
  });

  it('a 300-character path and a path deeper than maxPathDepth', () => {
    refuses([{ name: 'x', pax: { path: 'a'.repeat(300) }, data: 'x' }], 'AR012');
    refuses([{ name: 'a/b/c/d/e/f/g/h/i.yaml', data: 'x' }], 'AR013');
  });

  it('100,000 tiny entries, stopping at maxEntries', () => {
    const blocks: Buffer[] = [];
    for (let i = 0; i < 100_000; i++) blocks.push(rawHeader({ name: `f${i}`, type: '0', size: 0 }));
    blocks.push(Buffer.alloc(1024));
    // Counted rather than timed: the refusal comes at the entry cap, not after reading all 100,000.
    const err = refusal(gzipSync(Buffer.concat(blocks), { level: 1 }));
    expect(err.code).toBe('AR016');
    expect(err.message).toContain('more than 20000 entries');
  });

  it('a gzip bomb (200 MiB of zeros), within the decompressed budget', () => {
    const header = gzipSync(rawHeader({ name: 'bomb.yaml', type: '0', size: 4 * 1024 * 1024 }));
    const zeros = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    const bomb = Buffer.concat([header, ...Array.from({ length: 200 }, () => zeros)]);
    expect(bomb.length).toBeLessThan(300 * 1024);
    const before = process.memoryUsage().rss;
    // Bounded by size rather than timed: gunzip stops at the decompressed budget (AR004).
    const err = refusal(bomb);
    expect(err.code).toBe('AR004');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('input that is not gzip: a YAML file, or a plain tar', () => {
    expect(refusal(Buffer.from('apiVersion: v1\nkind: ConfigMap\n')).message).toContain('not a gzip file');
    expect(refusal(rawTar([ok])).code).toBe('AR001');
    expect(refusal(Buffer.alloc(0)).code).toBe('AR001');
  });

  it('a truncated or corrupt gzip stream', () => {
    const gz = packArchive({ 'a.yaml': Buffer.from('a: 1\n'.repeat(1000)) });
    const cut = refusal(gz.subarray(0, gz.length - 20));
    expect(cut.code).toBe('AR002');
    expect(cut.message).toContain('truncated');
    const corrupt = Buffer.from(gz);
    corrupt[corrupt.length - 6] = (corrupt[corrupt.length - 6] ?? 0) ^ 0xff;
    expect(refusal(corrupt).code).toBe('AR002');
  });

  it('a truncated tar: short data, a partial header, or no end marker', () => {
    const tar = rawTar([{ name: 'a.yaml', data: Buffer.alloc(2000, 97) }]);
    expect(refusal(gzipSync(tar.subarray(0, 1000))).code).toBe('AR005');
    expect(refusal(gzipSync(tar.subarray(0, 300))).code).toBe('AR005');
    expect(refusal(rawTarGz([ok], { end: false })).code).toBe('AR005');
  });

  it('a header that lies about its size, or a negative base-256 size', () => {
    const liar = rawTar([{ name: 'a.yaml', data: Buffer.alloc(1024, 97), size: 0 }]);
    expect(refusal(gzipSync(liar)).code).toBe('AR006');
    const negative = rawHeader({ name: 'n.yaml', type: '0', size: 0 });
    negative.fill(0xff, 124, 136);
    expect(refusal(gzipSync(Buffer.concat([negative, Buffer.alloc(1024)]))).code).toBe('AR006');
  });

  it('trailing garbage after the end-of-archive marker', () => {
    const tar = Buffer.concat([rawTar([ok]), Buffer.from('garbage')]);
    expect(refusal(gzipSync(tar)).code).toBe('AR020');
  });

  it('an archive over maxCompressedBytes', () => {
    expect(refusal(rawTarGz([ok]), { maxCompressedBytes: 10 }).code).toBe('AR003');
  });
});
