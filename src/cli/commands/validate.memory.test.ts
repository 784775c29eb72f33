import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateObjects } from '../../../bench/generate.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** Files of 100 objects: N = 50 files, 4N = 200. */
const FILES = 200;
/**
 * The old generation's cap for both runs. Checking every object at once kept them all (~3.7 KiB
 * each): 20,000 objects ran out of memory under it while 5,000 fitted. File by file, what stays
 * per object is its report row and a compact view (~0.7 KiB), and both fit with room to spare.
 */
const OLD_SPACE_MIB = 48;

/** Prints the process's peak RSS (KiB) on fd 3 as it exits. */
const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(3, String(process.resourceUsage().maxRSS)));",
)}`;

/** Runs the built CLI (npm run build first) on `files` with the old generation capped. */
const validate = (files: string[]) => {
  const r = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${OLD_SPACE_MIB}`,
      '--import',
      PEAK_RSS_HOOK,
      'bin/paletteai.js',
      'validate',
      ...files.flatMap((f) => ['-f', f]),
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
  );
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout,
    stderr: r.stderr.slice(0, 2000),
    peakMiB: Number(r.output[3] ?? 0) / 1024,
  };
};

let dir = '';
const files: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paletteai-validate-memory-'));
  // one file of 100 objects (profiles and the bundles that refer to them), each copy in namespaces
  // of its own, so that every object is distinct and every reference resolves
  const text = generateObjects(100)
    .map((o) => stringify(o))
    .join('---\n');
  for (let f = 0; f < FILES; f++) {
    const file = join(dir, `objects-${String(f).padStart(4, '0')}.yaml`);
    await writeFile(file, text.replaceAll('namespace: team-', `namespace: f${f}-team-`));
    files.push(file);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('validate memory (built CLI)', () => {
  it('does not grow with the number of files: 4× the objects fit in the same old generation', () => {
    const small = validate(files.slice(0, FILES / 4));
    expect([small.status, small.signal, small.stderr]).toEqual([0, null, '']);
    expect(small.stdout).toContain('valid: 5000 objects, 0 invalid');
    const large = validate(files);
    expect([large.status, large.signal, large.stderr]).toEqual([0, null, '']);
    expect(large.stdout).toContain('valid: 20000 objects, 0 invalid');
    // nor does what lives outside the old generation (buffers of file text, the young generation)
    expect(large.peakMiB - small.peakMiB).toBeLessThan(64);
  });
});
