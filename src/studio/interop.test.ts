import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchive } from './readArchive.js';

const root = mkdtempSync(join(tmpdir(), 'studio-interop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const longName = `definitions/${'a-very-long-definition-name-'.repeat(3)}.yaml`;
const tree: Record<string, string> = {
  'studio.yaml': 'kind: StudioBundle\n',
  'profilebundle.yaml': 'kind: ProfileBundle\n',
  [longName]: 'kind: ComponentDefinition\n',
};
const src = join(root, 'src');
for (const [path, text] of Object.entries(tree)) {
  mkdirSync(dirname(join(src, path)), { recursive: true });
  writeFileSync(join(src, path), text);
}

describe('readArchive reads archives made by the system tar', () => {
  it.each(['gnu', 'pax', 'ustar'])('in %s format, with ./ prefixes and directory entries', (format) => {
    const file = join(root, `${format}.tar.gz`);
    const made = spawnSync('tar', [`--format=${format}`, '-czf', file, '-C', src, '.'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const { files } = readArchive(readFileSync(file));
    expect(Object.fromEntries([...files].map(([p, b]) => [p, b.toString()]))).toEqual(tree);
  });
});
