/** `paletteai pool create` and `paletteai deploy` against a real server (SPEC §6 CLI additions). */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const applied = await run('apply', '-f', 'examples/valid');
  expect(applied.code).toBe(0);
  await h.server.controllers.idle();
});
afterAll(async () => h.close());

const NS = 'project-melbourne';
const run = (...args: string[]) => cli(...args, '--kubeconfig', join(h.data, 'kubeconfig'));

describe('paletteai pool create', () => {
  it('creates a shared pool and --wait follows it to Planned (provider none), with progress on stderr', async () => {
    const r = await run(
      'pool',
      'create',
      'more-cpu',
      '-n',
      NS,
      '--bundle',
      'edge-cpu-infra',
      '--shared',
      '--wait',
      '-o',
      'json',
    );
    expect(r.code).toBe(0);
    const pool = JSON.parse(r.stdout);
    expect(pool.status.phase).toBe('Planned');
    expect(pool.status.plan.deploy.clusterProfiles.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/computepool\/more-cpu: Planned/);
  });

  it('says which of --shared and --dedicated is missing (exit 2)', async () => {
    const r = await run('pool', 'create', 'x', '-n', NS, '--bundle', 'edge-cpu-infra');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shared or --dedicated');
  });

  it('refuses a bundle that cannot make a pool, with the rule code (exit 1)', async () => {
    const r = await run('pool', 'create', 'bad', '-n', NS, '--bundle', 'open-webui', '--shared');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/WF001/);
  });
});

describe('paletteai deploy', () => {
  it('--dry-run prints the plan the server would carry out: Model as a Service picks the bundle and binds the model id', async () => {
    const r = await run(
      'deploy',
      'model',
      'llama-big',
      '-n',
      NS,
      '--pool',
      'gpu-pool-a',
      '--model-source',
      'huggingface',
      '--model-id',
      'meta-llama/Llama-3.3-70B-Instruct',
      '--model-attr',
      'task=text-generation',
      '--dry-run',
      '-o',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.allowed).toBe(true);
    expect(plan.phase).toBe('Pending'); // as the server creates it, before its controller plans it
    expect(plan.selection.chosen).toBeTruthy();
    expect(plan.bundles).toEqual([plan.selection.chosen]);
    expect(plan.variables).toContainEqual(
      expect.objectContaining({ name: 'modelId', value: 'meta-llama/Llama-3.3-70B-Instruct' }),
    );
    expect(
      (await h.api('GET', `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/aiworkloads/llama-big`)).status,
    ).toBe(404);
  });

  it('--dry-run says what deploy would do when the plan is not allowed yet: create it, and it waits (exit 0 both)', async () => {
    // The walkthrough: the dry run said NOT allowed and exited 1, the real deploy created it (Pending).
    const args = ['deploy', 'model', 'bge', '-n', NS, '--pool', 'gpu-pool-a', '--model-id', 'BAAI/bge-small'];
    const attr = ['--model-attr', 'task=feature-extraction'];
    const json = await run(...args, ...attr, '--dry-run', '-o', 'json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.allowed).toBe(false);
    expect(plan.checks).toContainEqual(expect.objectContaining({ code: 'MS002', result: 'fail' }));
    expect(plan.phase).toBe('Pending');
    const text = await run(...args, ...attr, '--dry-run');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Result: NOT allowed (1 check failed)');
    expect(text.stdout).toContain(
      'Server: accepts it; `deploy` would create it in phase Pending, where it waits until the failed checks pass.',
    );
    const created = await run(...args, ...attr);
    expect(created.code).toBe(0);
    const w = await h.api('GET', `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/aiworkloads/bge`);
    expect(w.body.status.phase).toBe('Pending');
  });

  it('creates the deployment', async () => {
    const r = await run(
      'deploy',
      'model',
      'llama-small',
      '-n',
      NS,
      '--pool',
      'gpu-pool-a',
      '--model-id',
      'meta-llama/Llama-3.1-8B-Instruct',
      '--model-attr',
      'task=text-generation',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('aiworkload.spectrocloud.com/llama-small created\n');
    const w = await h.api('GET', `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/aiworkloads/llama-small`);
    expect(w.body.spec.model).toEqual({
      source: 'huggingface',
      id: 'meta-llama/Llama-3.1-8B-Instruct',
      attributes: { task: 'text-generation' },
    });
  });

  it('needs a bundle or a model id for a model deployment (exit 2)', async () => {
    const r = await run('deploy', 'model', 'x', '-n', NS, '--pool', 'gpu-pool-a');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--model-id');
  });
});

describe('paletteai explain', () => {
  it("explains a pool: its variables and what it delivered itself (its bundle's Infrastructure workload profiles)", async () => {
    // The walkthrough: a pool's explain showed its plan and conditions only.
    const json = await run('explain', 'pool/gpu-pool-a', '-n', NS, '-o', 'json');
    expect(json.code).toBe(0);
    const e = JSON.parse(json.stdout);
    expect(e.variables).toContainEqual(
      expect.objectContaining({
        name: 'storageClass',
        value: 'longhorn',
        source: 'project VariableSet melbourne-defaults',
      }),
    );
    const delivered = e.artifacts.map((a: { workloadDeployment: string }) => a.workloadDeployment).sort();
    expect(delivered).toEqual(['gpu-pool-a-gpu-metrics', 'gpu-pool-a-model-cache-cleanup']);
    for (const a of e.artifacts) expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const text = await run('explain', 'pool/gpu-pool-a', '-n', NS);
    expect(text.stdout).toContain('storageClass = "longhorn" ← project VariableSet melbourne-defaults');
    expect(text.stdout).toMatch(
      /Delivered for the pool .*:\n {2}gpu-pool-a-gpu-metrics \(gpu-metrics r1\): \S+ sha256:/,
    );
  });
});

describe('paletteai plan --server', () => {
  it("plans against the server's objects with the offline plan's JSON contract", async () => {
    const r = await run(
      'plan',
      '--workflow',
      'app',
      '--pool',
      'shared',
      '--server',
      '-n',
      NS,
      '--bundle',
      'open-webui',
      '--compute-pool',
      'cpu-pool',
      '-o',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(Object.keys(plan)).toEqual(
      expect.arrayContaining(['allowed', 'bundles', 'deploy', 'ignored', 'checks', 'selection']),
    );
    expect(plan).toMatchObject({ allowed: true, bundles: ['open-webui'] });
    expect(plan.deploy.workloadProfiles).toEqual(['open-webui']);
  });

  it('needs -f or --server (exit 2)', async () => {
    const r = await cli('plan', '--workflow', 'app', '--pool', 'shared', '--bundle', 'open-webui');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--server');
  });
});
