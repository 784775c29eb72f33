import { afterEach, describe, expect, it, vi } from 'vitest';
import { findProgram, startRegistry } from './registryServer.js';

describe('the test registry', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('fails, naming the script that installs them, when docker-registry or skopeo is missing', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    expect(() => findProgram('skopeo')).toThrow(
      /skopeo was not found: install it with `bash scripts\/ci-deps.sh`/,
    );
    await expect(startRegistry()).rejects.toThrow(
      /docker-registry was not found: .*bash scripts\/ci-deps.sh/,
    );
  });
});
