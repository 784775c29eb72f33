/** Debian's Chromium for the UI benchmark and the browser suite (nothing is downloaded). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = (): string => {
  const given = process.env.CHROMIUM;
  if (given) return given;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is missing: run `bash scripts/ci-deps.sh` (installs Debian’s chromium)');
  }
};

/** Chromium's flags here: root in CI containers cannot use its sandbox; /dev/shm may be small. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-dev-shm-usage'];
