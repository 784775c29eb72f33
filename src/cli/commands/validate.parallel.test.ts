import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_LOADED_MODULES } from '../../testing/moduleHooks.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let dir: string;

/** The built CLI's `validate` over the corpus with `workers` parse workers (0: in the main thread). */
const validate = (workers: number, output: string) => {
  const r = spawnSync(
    process.execPath,
    ['--import', LOG_LOADED_MODULES, join(ROOT, 'bin/paletteai.js'), 'validate', '-f', dir, '-o', output],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, PALETTEAI_PARSE_WORKERS: String(workers), PALETTEAI_DEBUG: '' },
    },
  );
  const stderr = r.stderr.replace(/^LOADED .*\n/gm, '');
  return { status: r.status, stdout: r.stdout, stderr, workerLoaded: /\/parseWorker\.js$/m.test(r.stderr) };
};

beforeAll(async () => {
  // Every example, valid and broken (syntax errors, alias bombs, too deep, not UTF-8, Lists, ...),
  // three times over: ~1.4 MB, so the last copy is parsed by workers (they start after ~1 MiB of text).
  dir = await mkdtemp(join(tmpdir(), 'paletteai-parallel-'));
  for (const copy of ['1', '2', '3']) {
    await cp(join(ROOT, 'examples', 'valid'), join(dir, copy, 'valid'), { recursive: true });
    await cp(join(ROOT, 'examples', 'broken'), join(dir, copy, 'broken'), { recursive: true });
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('validate with parse workers (built CLI)', () => {
  it.each(['json', 'text'])(
    'gives the same output and exit code as parsing in the main thread (-o %s)',
    (output) => {
      const parallel = validate(2, output);
      const serial = validate(0, output);
      // (how many files the workers take depends on how fast they start; src/loader/parsePool.test.ts
      // pins every file to them: this checks the whole command both ways)
      expect(serial.workerLoaded).toBe(false);
      expect(parallel.status).toBe(1);
      expect(parallel.stdout.length).toBeGreaterThan(10_000);
      expect([parallel.status, parallel.stdout, parallel.stderr]).toEqual([
        serial.status,
        serial.stdout,
        serial.stderr,
      ]);
    },
  );
});
