import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web UI's component tests are TSX (React's automatic runtime).
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    pool: 'forks',
    // Vitest's default is one file at a time on a 2-core machine (cores - 1). Most files wait on child
    // processes (servers, kubectl, PostgreSQL, Chromium), so two at once keep both cores busy: the
    // whole suite took 223 s instead of 370 s here (issue #11: it must stay under 8 minutes).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // One throwaway PostgreSQL for the run (its URL: PALETTEAI_TEST_POSTGRES_URL); fails without it.
    globalSetup: ['src/testing/postgres.ts'],
    setupFiles: ['web/test/setup.ts'],
  },
});
