/**
 * The server on PostgreSQL (`--storage postgres://…`) serves kubectl as it does on SQLite: every
 * example applied in any order turns Ready (the status controller follows PostgreSQL's change
 * feed), the data outlives the process, and a refused delete is refused there too.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabase,
  BIN,
  EXAMPLES,
  kubectlFor,
  NS,
  removeDir,
  startServerProcess,
  stepsTimeout,
  tempDir,
  waitFor,
  type Kubectl,
  type ServerProcess,
} from './serverProcess.js';

let data: string;
let url: string;
let server: ServerProcess;
let kubectl: Kubectl;

beforeAll(async () => {
  data = await tempDir('postgres');
  url = await freshDatabase('paletteai_e2e_server');
  server = await startServerProcess(data, ['--storage', url]);
  kubectl = await kubectlFor(server.kubeconfig);
}, stepsTimeout(3));

afterAll(async () => {
  const code = await server?.stop();
  await kubectl?.dispose();
  await removeDir(data);
  expect(code).toBe(0);
}, stepsTimeout(2));

const bundles = () => JSON.parse(kubectl(['get', 'profilebundles', '-n', NS, '-o', 'json']).stdout).items;

describe('paletteai server --storage postgres://…', () => {
  it('says it runs on PostgreSQL, and never prints the URL', () => {
    expect(server.stderr()).toContain('storage: PostgreSQL');
    expect(server.stderr()).not.toContain(url);
  });

  it('takes kubectl apply of every example and turns every bundle Ready', async () => {
    const r = kubectl(['apply', '-R', '-f', EXAMPLES]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(await waitFor(() => bundles().every((b: any) => b.status?.phase === 'Ready'))).toBe(true);
    expect(bundles().length).toBeGreaterThan(5);
  });

  it('refuses to delete a profile a bundle uses, naming the bundle', () => {
    const r = kubectl(['delete', 'workloadprofile', 'vllm-server', '-n', NS]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('is referenced by');
  });

  it(
    'keeps the objects across a restart of the server',
    async () => {
      const before = bundles().map((b: any) => `${b.metadata.name}@${b.metadata.resourceVersion}`);
      expect(await server.stop()).toBe(0);
      server = await startServerProcess(data, ['--storage', url]);
      await kubectl.dispose();
      kubectl = await kubectlFor(server.kubeconfig);
      expect(bundles().map((b: any) => `${b.metadata.name}@${b.metadata.resourceVersion}`)).toEqual(before);
    },
    stepsTimeout(3),
  );

  it('refuses a --storage it cannot reach with one line that hides the password', async () => {
    const other = await tempDir('postgres-bad');
    try {
      const r = spawnSync(
        process.execPath,
        [
          BIN,
          'server',
          '--data',
          other,
          '--listen',
          '127.0.0.1:0',
          '--storage',
          'postgres://u:hunter2@127.0.0.1:1/x',
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('cannot use the PostgreSQL database');
      expect(r.stderr).not.toContain('hunter2');
    } finally {
      await removeDir(other);
    }
  });
});
