import { afterAll, beforeAll, expect } from 'vitest';
import { removeDir, startServerProcess, tempDir, type ServerProcess } from '../e2e/serverProcess.js';

/**
 * The real server process a client suite talks to: started before the suite in a fresh data
 * directory, with `namespaces` created (writes into a namespace need it to exist), and stopped after
 * it (a clean exit is part of the test). Read `server()` inside hooks and tests.
 */
export const useClientServer = (prefix: string, namespaces: string[]): (() => ServerProcess) => {
  let data: string | undefined;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    data = await tempDir(prefix);
    server = await startServerProcess(data);
    for (const name of namespaces) {
      const r = await server
        .client()
        .request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      expect(r.status, `creating namespace ${name}: ${r.text}`).toBe(201);
    }
  });
  afterAll(async () => {
    const code = await server?.stop();
    if (data) await removeDir(data);
    expect(code).toBe(0);
  });
  return () => {
    if (!server) throw new Error('the server is not started yet (read it inside a hook or a test)');
    return server;
  };
};
