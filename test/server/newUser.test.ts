/**
 * Issue #8's "done when", as a new user would go, on the embedded default: import an
 * infrastructure bundle and a model bundle from the Studio, create a shared pool, deploy a model by
 * naming only its id (Model as a Service picks the bundle), see it Delivered, find the artifact in
 * the data directory's OCI layout with the requested model id inside, and ask `explain` why.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageLayout } from '../../src/delivery/index.js';
import { cli } from '../cli.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'paletteai-new-user-'));
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

const NS = 'team-new';
const MODEL = 'Qwen/Qwen2.5-7B-Instruct';
const run = (...args: string[]) => cli(...args, '--kubeconfig', join(h.data, 'kubeconfig'));
const ok = async (...args: string[]) => {
  const r = await run(...args);
  expect(r.stderr.split('\n').filter((l) => /error|paletteai:/i.test(l))).toEqual([]);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
};

describe('a new user on the embedded default', () => {
  it('imports from the Studio, makes a pool, deploys a model by id, and finds it delivered', async () => {
    for (const bundle of ['edge-gpu-infra', 'vllm-model']) {
      expect((await cli('studio', 'pull', bundle, '-o', join(dir, `${bundle}.tar.gz`))).code).toBe(0);
      await ok('studio', 'import', '--namespace', NS, join(dir, `${bundle}.tar.gz`));
    }
    // Model as a Service: the team's mapping sends Hugging Face chat models to vLLM bundles.
    const project = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Project',
      metadata: { name: 'new', namespace: 'tenant-new' },
      spec: {
        namespace: NS,
        maasMappings: [
          {
            name: 'hf-on-vllm',
            priority: 100,
            source: 'huggingface',
            match: { id: '*' },
            profileBundleSelector: { matchLabels: { 'palette.ai/inference-engine': 'vllm' } },
          },
        ],
      },
    };
    await h.namespaces('tenant-new');
    expect(
      (await h.api('POST', '/apis/spectrocloud.com/v1alpha1/namespaces/tenant-new/projects', project)).status,
    ).toBe(201);

    const pool = await ok(
      'pool',
      'create',
      'gpu',
      '-n',
      NS,
      '--bundle',
      'edge-gpu-infra',
      '--shared',
      '--wait',
    );
    expect(pool.stdout).toBe('computepool.spectrocloud.com/gpu created (Planned)\n');

    const deployed = await ok(
      'deploy',
      'model',
      'chat',
      '-n',
      NS,
      '--pool',
      'gpu',
      '--model-source',
      'huggingface',
      '--model-id',
      MODEL,
      '--wait',
      '-o',
      'json',
    );
    const workload = JSON.parse(deployed.stdout);
    expect(workload.status.phase).toBe('Delivered');
    expect(workload.status.selection.chosen).toBe('vllm-model');

    // The artifact is in the data directory's OCI image layout, and the model id is inside.
    const artifact = workload.status.artifacts[0];
    const [layout, tag] = (artifact.reference as string).replace(/^oci:/, '').split(/:(?=[^:]+$)/) as [
      string,
      string,
    ];
    const pulled = readImageLayout(layout, tag);
    expect(pulled.digest).toBe(artifact.digest);
    const layer = pulled.blobs.get(pulled.manifest.layers[0]!.digest)!;
    expect(gunzipSync(layer).toString('utf8')).toContain(MODEL);

    const explained = await ok('explain', 'aiworkload/chat', '-n', NS);
    expect(explained.stdout).toContain('chosen: vllm-model by mapping "hf-on-vllm"');
    expect(explained.stdout).toMatch(
      new RegExp(`modelId = "${MODEL.replace('/', '\\/')}" ← AIWorkload spec\\.model`),
    );
    expect(explained.stdout).toContain(`Delivered onto pool gpu:`);
    expect(explained.stdout).toMatch(
      /Delivered onto pool gpu:\n {2}chat-vllm-server \(vllm-server r1\): \S+ sha256:/,
    );
  });

  it('changes a deployment, then rolls it back to the first delivered revision (same digest again)', async () => {
    const first = JSON.parse((await ok('get', 'aiworkload', 'chat', '-n', NS, '-o', 'json')).stdout);
    const firstDigest = first.status.artifacts[0].digest;
    const path = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/aiworkloads/chat`;
    const changed = {
      ...first,
      spec: { ...first.spec, workloadDeploymentConfigs: [{ variables: { maxModelLen: 4096 } }] },
    };
    expect((await h.api('PUT', path, changed)).status).toBe(200);
    await h.server.controllers.idle();
    const second = (await h.api('GET', path)).body;
    expect(second.status.phase).toBe('Delivered');
    expect(second.status.artifacts[0].digest).not.toBe(firstDigest);
    expect(second.status.history.map((e: { generation: number }) => e.generation)).toEqual([1, 2]);

    const r = await ok('deploy', 'rollback', 'chat', '-n', NS, '--to', '1', '--wait');
    expect(r.stdout).toBe('aiworkload.spectrocloud.com/chat rolled back to revision 1\n');
    const back = (await h.api('GET', path)).body;
    expect(back.spec.workloadDeploymentConfigs).toBeUndefined();
    expect(back.status.artifacts[0].digest).toBe(firstDigest);

    const missing = await run('deploy', 'rollback', 'chat', '-n', NS, '--to', '9');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no delivered revision 9');
  });

  it('says what a rollback cannot restore: a workload profile that moved on since', async () => {
    const path = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/aiworkloads/chat`;
    const before = (await h.api('GET', path)).body;
    const entry = before.status.history.at(-1);
    expect(entry.artifacts[0].workloadProfile).toEqual({ name: 'vllm-server', revision: 1 });
    // The profile's replicas default changes: revision 2, which the bundle (no pin) takes.
    const profile = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/workloadprofiles/vllm-server`;
    const patched = await h.api(
      'PATCH',
      profile,
      [{ op: 'replace', path: '/spec/variables/2/value/int32', value: 2 }],
      {
        headers: { 'content-type': 'application/json-patch+json' },
      },
    );
    expect(patched.status).toBe(200);
    await h.server.controllers.idle();
    const moved = (await h.api('GET', path)).body;
    expect(moved.status.artifacts[0].workloadProfile).toEqual({ name: 'vllm-server', revision: 2 });
    expect(moved.status.artifacts[0].digest).not.toBe(entry.artifacts[0].digest);

    const r = await ok('deploy', 'rollback', 'chat', '-n', NS, '--to', String(entry.generation), '--wait');
    expect(r.stderr).toContain(
      'note: workload profile vllm-server is at revision 2; revision 1 was delivered then. chat-vllm-server renders the revision its bundle takes',
    );
  });
});
