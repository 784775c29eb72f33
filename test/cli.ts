import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/paletteai.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps everything written to it, as the text a pipe would carry. */
const sink = () => {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
};

/**
 * Runs the CLI in this process through `main(argv, io)`, the entry `bin/paletteai.js` calls, with
 * stdout and stderr captured separately. Paths are relative to the repository root, as they are for
 * `cli` below (which runs there); the test pool is `forks`, so each test file owns its process.
 */
export const cli = async (...args: string[]): Promise<CliResult> => {
  if (resolve(process.cwd()) !== resolve(ROOT)) process.chdir(ROOT);
  const debug = process.env.PALETTEAI_DEBUG;
  delete process.env.PALETTEAI_DEBUG; // no stack traces, as for a user
  const out = sink();
  const err = sink();
  try {
    const code = await main(args, { out: out.stream, err: err.stream });
    return { code, stdout: out.text(), stderr: err.text() };
  } finally {
    if (debug !== undefined) process.env.PALETTEAI_DEBUG = debug;
  }
};

/** Runs the CLI in process with `-o json` and parses stdout (one JSON document, per the contract). */
export const cliJson = async <T = Record<string, unknown>>(
  ...args: string[]
): Promise<{ code: number; json: T; stderr: string }> => {
  const r = await cli(...args, '-o', 'json');
  return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
};

/**
 * Runs the real `paletteai` binary (compiled by `npm run build`, which `npm test` runs first) from
 * the repository root: for the few smoke tests that check what only a process shows (its exit code,
 * what reaches each of its pipes).
 */
export const binary = (...args: string[]): CliResult => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    // A hang guard only (a healthy run takes about a second, even on a loaded machine far less than this).
    timeout: 300_000,
    env: { ...process.env, PALETTEAI_DEBUG: '' },
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
