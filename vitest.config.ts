import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web UI's component tests are TSX (React's automatic runtime).
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    pool: 'forks',
    // One throwaway PostgreSQL for the run (its URL: PALETTEAI_TEST_POSTGRES_URL); fails without it.
    globalSetup: ['src/testing/postgres.ts'],
    setupFiles: ['web/test/setup.ts'],
  },
});
