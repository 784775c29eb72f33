/**
 * The test PostgreSQL: started once per `vitest run` by {@link setup} (vitest.config.ts
 * `globalSetup`), which hands its URL to every test file as `PALETTEAI_TEST_POSTGRES_URL` (and
 * `inject('postgresUrl')`). There is no skipping: without the PostgreSQL binaries the run fails.
 * The server itself lives in src/storage/testing/postgresServer.ts (built: bench uses it too).
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../storage/testing/postgresServer.js';

export { startPostgres, type TestPostgres } from '../storage/testing/postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** vitest globalSetup: one PostgreSQL for the run (a URL given from outside is used as is). */
export const setup = async (project: TestProject): Promise<() => Promise<void>> => {
  const given = process.env.PALETTEAI_TEST_POSTGRES_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return async () => undefined;
  }
  let server;
  try {
    server = await startPostgres('paletteai_test');
  } catch (error) {
    throw new Error(
      `the storage tests need PostgreSQL and it could not be started: ${(error as Error).message}`,
    );
  }
  process.env.PALETTEAI_TEST_POSTGRES_URL = server.url;
  project.provide('postgresUrl', server.url);
  return server.stop;
};
