import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveError } from './errors.js';
import { packArchive } from './pack.js';
import { readArchive } from './readArchive.js';

const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const bundle = (): Map<string, Buffer> =>
  new Map([
    ['studio.yaml', Buffer.from('kind: StudioBundle\n')],
    ['profilebundle.yaml', Buffer.from('kind: ProfileBundle\n')],
    ['definitions/vllm.yaml', Buffer.from('kind: ComponentDefinition\n')],
    ['cluster-profiles/gpu.yaml', Buffer.from('x'.repeat(1000))],
    ['definitions/empty.yaml', Buffer.alloc(0)],
    [`definitions/${'long-name-'.repeat(14)}.yaml`, Buffer.from('long\n')],
    [`variable-sets/${'ü'.repeat(60)}.yaml`, Buffer.from('unicode\n')],
  ]);

describe('packArchive', () => {
  it('round-trips: reading a packed archive gives back the same files', () => {
    const files = bundle();
    const read = readArchive(packArchive(files)).files;
    expect(new Map([...read].sort())).toEqual(new Map([...files].sort()));
  });

  it('is deterministic: packing the same files twice, in any order, gives the same sha256', () => {
    const a = packArchive(bundle());
    const b = packArchive(Object.fromEntries([...bundle()].reverse()));
    expect(digest(a)).toBe(digest(b));
  });

  it('writes entries sorted by path and a gzip header with no time or file name', () => {
    const gz = packArchive(bundle());
    expect([...gz.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
    expect(gz.readUInt32LE(4)).toBe(0);
    expect(gz[9]).toBe(3);
    const paths = [...readArchive(gz).files.keys()];
    expect(paths).toEqual([...paths].sort());
  });

  it('refuses paths the reader would refuse', () => {
    expect(() => packArchive({ '../x.yaml': Buffer.alloc(1) })).toThrow(ArchiveError);
    expect(() => packArchive({ './x.yaml': Buffer.alloc(1) })).toThrow(/not normalised/);
    expect(() => packArchive({ 'A.yaml': Buffer.alloc(1), 'a.yaml': Buffer.alloc(1) })).toThrow(/AR015/);
  });

  it('is read by the system tar with mode 0644, owner 0/0 and mtime 2020-01-01', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-pack-'));
    try {
      const file = join(dir, 'bundle.tar.gz');
      writeFileSync(file, packArchive(bundle()));
      const list = spawnSync('tar', ['--numeric-owner', '--utc', '-tvzf', file], { encoding: 'utf8' });
      expect(list.status, list.stderr).toBe(0);
      const lines = list.stdout.trim().split('\n');
      expect(lines).toHaveLength(bundle().size);
      for (const line of lines) expect(line).toMatch(/^-rw-r--r-- 0\/0 +\d+ 2020-01-01 00:00 /);
      const names = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' }).stdout.trim().split('\n');
      expect(names).toEqual([...bundle().keys()].sort());
      const content = spawnSync('tar', ['-xzOf', file, 'definitions/vllm.yaml'], { encoding: 'utf8' });
      expect(content.stdout).toBe('kind: ComponentDefinition\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
