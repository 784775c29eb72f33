import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawTarGz } from '../src/studio/testArchives.js';
import { cli, cliJson } from './cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paletteai-studio-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
const BUNDLE = 'catalog/vllm-model';

describe('paletteai studio pack / inspect / verify', () => {
  it('packs a bundle folder reproducibly: the same sources give the same sha256', async () => {
    const a = join(dir, 'a.tar.gz');
    const b = join(dir, 'b.tar.gz');
    expect((await cli('studio', 'pack', BUNDLE, '-o', a)).code).toBe(0);
    expect((await cli('studio', 'pack', BUNDLE, '-o', b)).code).toBe(0);
    expect(await sha(a)).toBe(await sha(b));
  });
  it('inspects an archive: name, type, labels, variables, files with digests, valid', async () => {
    const file = join(dir, 'a.tar.gz');
    const { code, json } = await cliJson<{
      name: string;
      type: string;
      valid: boolean;
      files: { path: string; sha256: string }[];
      variables: unknown[];
    }>('studio', 'inspect', file);
    expect(code).toBe(0);
    expect(json).toMatchObject({ name: 'vllm-model', valid: true });
    expect(json.files.map((f) => f.path)).toContain('studio.yaml');
    for (const f of json.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('verifies a packed archive with exit 0', async () => {
    const r = await cli('studio', 'verify', join(dir, 'a.tar.gz'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/verified \(sha256:[0-9a-f]{64}/);
  });
  it('refuses an archive whose file differs from its studio.yaml digest (SD003), naming both digests', async () => {
    const tar = gunzipSync(await readFile(join(dir, 'a.tar.gz')));
    // Flip one byte of profilebundle.yaml's content (the description text) without touching headers.
    const at = tar.indexOf(Buffer.from('kind: ProfileBundle'));
    expect(at).toBeGreaterThan(0);
    tar[at + 6] = 'p'.charCodeAt(0) === tar[at + 6] ? 'P'.charCodeAt(0) : 'p'.charCodeAt(0);
    const bad = join(dir, 'tampered.tar.gz');
    await writeFile(bad, gzipSync(tar));
    const r = await cliJson<{ valid: boolean; issues: { code: string; message: string }[] }>(
      'studio',
      'verify',
      bad,
    );
    expect(r.code).toBe(1);
    expect(r.json.valid).toBe(false);
    expect(r.json.issues.find((i) => i.code === 'SD003')?.message).toMatch(/[0-9a-f]{64}.*[0-9a-f]{64}/);
  });
  const hostile: [string, Parameters<typeof rawTarGz>[0], string][] = [
    ['path traversal', [{ name: '../../etc/evil.yaml', data: 'a: 1\n' }], 'AR008'],
    ['an absolute path', [{ name: '/etc/evil.yaml', data: 'a: 1\n' }], 'AR007'],
    ['a symlink', [{ name: 'profilebundle.yaml', type: '2', linkname: '/etc/passwd' }], 'AR014'],
    [
      'a duplicate entry',
      [
        { name: 'profilebundle.yaml', data: 'a: 1\n' },
        { name: 'profilebundle.yaml', data: 'a: 2\n' },
      ],
      'AR015',
    ],
  ];
  for (const [what, entries, code] of hostile) {
    it(`refuses ${what} with ${code} and no stack trace`, async () => {
      const file = join(dir, `${code}.tar.gz`);
      await writeFile(file, rawTarGz(entries));
      const r = await cli('studio', 'verify', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(code);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
  it('says why an archive file cannot be read and where archives come from (exit 1)', async () => {
    for (const command of ['verify', 'inspect', 'import']) {
      const missing = join(dir, 'no-such.tar.gz');
      const args = command === 'import' ? ['--namespace', 'x', missing] : [missing];
      const r = await cli('studio', command, ...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot read ${missing} (ENOENT: no such file or directory)`);
      expect(r.stderr).toContain('paletteai studio pull NAME -o FILE');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
  it('refuses to pack a folder with an invalid bundle, printing the problems', async () => {
    const r = await cli('studio', 'pack', 'examples/valid/bundles', '-o', join(dir, 'x.tar.gz'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('SA001');
  });
});

describe('paletteai studio list / pull (the built-in catalog)', () => {
  it('lists at least ten bundles covering every bundle type', async () => {
    const { code, json } = await cliJson<{ name: string; type: string; sha256: string }[]>('studio', 'list');
    expect(code).toBe(0);
    expect(json.length).toBeGreaterThanOrEqual(10);
    expect(new Set(json.map((e) => e.type))).toEqual(new Set(['Application', 'Infrastructure', 'Fullstack']));
  });
  it('pulls a bundle whose bytes match the listed sha256, and it verifies', async () => {
    const file = join(dir, 'pulled.tar.gz');
    const listed = (await cliJson<{ name: string; sha256: string }[]>('studio', 'list')).json.find(
      (e) => e.name === 'vllm-fullstack',
    )!;
    expect((await cli('studio', 'pull', 'vllm-fullstack', '-o', file)).code).toBe(0);
    expect(await sha(file)).toBe(listed.sha256);
    expect((await cli('studio', 'verify', file)).code).toBe(0);
  });
  it('says which bundles exist when asked for an unknown one (exit 1)', async () => {
    const r = await cli('studio', 'pull', 'no-such-bundle', '-o', join(dir, 'x.tar.gz'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('vllm-model');
  });
  it('refuses a directory for -o with a one-line fix, and leaves no temporary file', async () => {
    // It printed Node's EISDIR (rename …tmp-PID) and left the temporary file beside the directory.
    const into = await mkdtemp(join(dir, 'out-'));
    const r = await cli('studio', 'pull', 'vllm-model', '-o', into);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `paletteai: -o ${into} is a directory; give the archive's file name, e.g. -o ${join(into, 'bundle.tar.gz')}`,
    );
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const missing = join(dir, 'no-such-dir', 'x.tar.gz');
    const w = await cli('studio', 'pull', 'vllm-model', '-o', missing);
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/cannot write .*no-such-dir\/x\.tar\.gz .*ENOENT.*-o/);
    expect(w.stderr).not.toMatch(/\n\s+at /);
  });
});
