/**
 * kill -9 of the server in the middle of a deployment, then a restart on the same data directory:
 * the controllers take their lease back at once, carry on from their checkpoint, and finish — the
 * deployment is Delivered, and the artifact is written once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findEntry, loadCatalog, readEntryArchive } from '../../src/studio/catalog.js';
import {
  HANG_MS,
  removeDir,
  startServerProcess,
  stepsTimeout,
  tempDir,
  type ServerProcess,
} from './serverProcess.js';

vi.setConfig({ testTimeout: stepsTimeout(8), hookTimeout: stepsTimeout(2) });

const NS = 'crash-deploy';
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeDir(d);
});

const api = async (
  s: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
) => {
  const r = await s.client().request(method, path, body, body === undefined ? {} : { 'content-type': type });
  return { status: r.status, body: r.json as any };
};

/** Polls until `check` holds (a hang guard, not a budget). */
const until = async (check: () => Promise<boolean>) => {
  const end = Date.now() + HANG_MS;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
};

describe('kill -9 during a deployment', () => {
  it('is finished by the restarted server: Delivered, and the artifact written once', async () => {
    const data = await tempDir('deploy-crash');
    dirs.push(data);
    let server = await startServerProcess(data);
    const catalog = await loadCatalog();
    for (const name of ['edge-gpu-infra', 'vllm-model']) {
      const archive = await readEntryArchive(findEntry(catalog, name)!);
      const r = await api(
        server,
        'POST',
        `/apis/studio.spectrocloud.com/v1/namespaces/${NS}/imports`,
        archive,
        'application/gzip',
      );
      expect(r.status).toBe(201);
    }
    const pools = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/computepools`;
    const pool = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ComputePool',
      metadata: { name: 'gpu' },
      spec: { profileBundleRef: { name: 'edge-gpu-infra' }, clusterVariant: { shared: {} } },
    };
    expect((await api(server, 'POST', pools, pool)).status).toBe(201);
    expect(
      await until(async () => (await api(server, 'GET', `${pools}/gpu`)).body.status?.phase === 'Planned'),
    ).toBe(true);

    const workloads = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/aiworkloads`;
    const chat = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'AIWorkload',
      metadata: { name: 'chat', labels: { 'palette.ai/aiworkload-type': 'model' } },
      spec: {
        profileBundleRefs: [{ name: 'vllm-model' }],
        computePoolRef: { name: 'gpu' },
        model: { source: 'huggingface', id: 'Qwen/Qwen2.5-7B-Instruct' },
      },
    };
    expect((await api(server, 'POST', workloads, chat)).status).toBe(201);
    await server.kill9(); // the controllers had, at most, just started on it

    server = await startServerProcess(data);
    try {
      expect(
        await until(
          async () => (await api(server, 'GET', `${workloads}/chat`)).body.status?.phase === 'Delivered',
        ),
      ).toBe(true);
      const w = (await api(server, 'GET', `${workloads}/chat`)).body;
      const index = JSON.parse(readFileSync(join(data, 'artifacts', NS, 'index.json'), 'utf8')) as {
        manifests: { digest: string; annotations?: Record<string, string> }[];
      };
      const entries = index.manifests.filter(
        (m) => m.annotations?.['org.opencontainers.image.ref.name'] === 'chat-vllm-server',
      );
      expect(entries).toEqual([expect.objectContaining({ digest: w.status.artifacts[0].digest })]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
