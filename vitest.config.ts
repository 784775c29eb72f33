import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    // One throwaway PostgreSQL for the run (its URL: PALETTEAI_TEST_POSTGRES_URL); fails without it.
    globalSetup: ['src/testing/postgres.ts'],
  },
});
