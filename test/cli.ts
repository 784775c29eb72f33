import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/paletteai.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `paletteai` binary (built by `npm test`) from the repository root. */
export const cli = (...args: string[]): CliResult => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PALETTEAI_DEBUG: '' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

/** Runs the binary with `-o json` and parses stdout (one JSON document, per the contract). */
export const cliJson = <T = Record<string, unknown>>(
  ...args: string[]
): { code: number; json: T; stderr: string } => {
  const r = cli(...args, '-o', 'json');
  return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
};
