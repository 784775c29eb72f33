import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clusterProfile,
  clusterProfilesPath,
  createNamespaces,
  readKubeconfig,
  removeDir,
  type ServerProcess,
  spawnServer,
  startServerProcess,
  stepsTimeout,
  tempDir,
} from './serverProcess.js';

/**
 * kill -9 of the real server process in the middle of a stream of creates: every create the
 * server acknowledged (201) must survive the restart, and the store must keep counting up.
 */

const NS = 'e2e-crash';
const IN_FLIGHT = 4;
/** The server is killed once it has acknowledged this many creates (a count, not a time). */
const ACKNOWLEDGED_BEFORE_KILL = 40;
/** Sequential start-then-SIGTERM rounds. */
const SIGTERM_ROUNDS = 10;

// Every timeout here is a hang guard, never a budget a busy machine can run out of: each step has its
// own (HANG_MS), and a test or hook may take as long as its steps need (two per SIGTERM round; six for
// the start, the writes, kill -9 and the restart).
vi.setConfig({ testTimeout: stepsTimeout(2 * SIGTERM_ROUNDS), hookTimeout: stepsTimeout(6) });

interface Listed {
  metadata: { resourceVersion: string };
  items: { metadata: { name: string; resourceVersion: string } }[];
}

let data: string;
let server: ServerProcess | undefined;
const acknowledged: string[] = [];
const unanswered: string[] = [];
const refused: { name: string; status: number; text: string }[] = [];
let firstStderr = '';

beforeAll(async () => {
  data = await tempDir('crash');
  const victim = await startServerProcess(data);
  const api = victim.client();
  await createNamespaces(api, NS);
  let next = 0;
  let killed = false;
  // Killed once enough creates are acknowledged, or at the first refused or unanswered one (which the
  // first test then reports): a count, so a busy machine makes this slower, never different.
  let enough = () => {};
  const reached = new Promise<void>((resolve) => (enough = resolve));
  // A few writers in flight, each creating objects with distinct names until the server dies.
  const writer = async () => {
    while (!killed) {
      const name = `cp-${next++}`;
      try {
        const r = await api.request('POST', clusterProfilesPath(NS), clusterProfile(name, NS));
        if (r.status === 201) acknowledged.push(name);
        else refused.push({ name, status: r.status, text: r.text });
      } catch {
        unanswered.push(name); // the connection died with (or was refused after) the server
      }
      if (acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL || refused.length || unanswered.length) enough();
    }
  };
  const writers = Array.from({ length: IN_FLIGHT }, writer);
  await reached;
  // Kill first, so the creates in flight die with the server.
  await victim.kill9();
  killed = true;
  await Promise.all(writers);
  firstStderr = victim.stderr();
  server = await startServerProcess(data);
});

afterAll(async () => {
  const code = await server?.stop();
  await removeDir(data);
  expect(code).toBe(0);
});

describe('a server killed with SIGKILL while it writes', () => {
  it('had acknowledged many creates, refused none, and had some in flight when it died', () => {
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(refused).toEqual([]);
    expect(firstStderr).not.toMatch(/error/i);
  });

  it('starts again on the same data directory without complaint', () => {
    const stderr = server!.stderr();
    expect(stderr).toMatch(/^paletteai API server listening on https:\/\/127\.0\.0\.1:\d+ /m);
    expect(stderr).not.toMatch(/error|warn|corrupt|recover/i);
    expect(stderr).not.toContain('created an admin token');
  });

  it('points the kubeconfig at the new address and keeps the admin token working', async () => {
    const config = await readKubeconfig(server!.kubeconfig);
    expect(config.server).toBe(server!.url);
    expect((await server!.client().request('GET', '/api')).status).toBe(200);
  });

  it('keeps every acknowledged object', async () => {
    const api = server!.client();
    const missing: string[] = [];
    for (const name of acknowledged) {
      const r = await api.request('GET', `${clusterProfilesPath(NS)}/${name}`);
      if (r.status !== 200) missing.push(`${name}: ${r.status}`);
    }
    expect(missing).toEqual([]);
  });

  it('lists nothing but acknowledged objects and those whose answer was lost in the kill', async () => {
    const list = (await server!.client().request('GET', clusterProfilesPath(NS))).json as Listed;
    const names = list.items.map((i) => i.metadata.name);
    expect(names).toEqual(expect.arrayContaining(acknowledged));
    const extra = names.filter((n) => !acknowledged.includes(n));
    expect(extra.every((n) => unanswered.includes(n))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives the next write a resourceVersion above every stored one', async () => {
    const api = server!.client();
    const list = (await api.request('GET', clusterProfilesPath(NS))).json as Listed;
    const highest = Math.max(...list.items.map((i) => Number(i.metadata.resourceVersion)));
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(highest);
    const r = await api.request('POST', clusterProfilesPath(NS), clusterProfile('after-restart', NS));
    expect(r.status).toBe(201);
    const rv = Number((r.json as Listed['items'][number]).metadata.resourceVersion);
    expect(rv).toBeGreaterThan(highest);
    expect(rv).toBeGreaterThan(Number(list.metadata.resourceVersion));
  });

  it('shuts down gracefully on SIGTERM after the restart (exit code 0)', async () => {
    const code = await server!.stop();
    expect(code).toBe(0);
    server = await startServerProcess(data);
    const r = await server.client().request('GET', `${clusterProfilesPath(NS)}/after-restart`);
    expect(r.status).toBe(200);
  });
});

describe('a server stopped with SIGTERM as soon as it says it listens', () => {
  // No budget: each round's steps (listening, stopping) have their own hang guard (HANG_MS).
  it('shuts down gracefully every time (exit code 0, not killed by the signal)', async () => {
    const dir = await tempDir('sigterm');
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < SIGTERM_ROUNDS; i++) {
        const s = await spawnServer(dir, { waitReady: false });
        s.child.kill('SIGTERM');
        await s.stop();
        outcomes.push(`exit code ${s.child.exitCode}, signal ${s.child.signalCode}`);
      }
    } finally {
      await removeDir(dir);
    }
    expect(outcomes).toEqual(Array(SIGTERM_ROUNDS).fill('exit code 0, signal null'));
  });
});
