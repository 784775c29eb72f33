import { describe, expect, it } from 'vitest';
import type { HelmRepository, OCIRepository } from '../src/model/index.js';
import { openWorkspace } from '../src/cli/workspace.js';
import { planWorkflow } from '../src/planner/index.js';
import { renderBundle } from '../src/render/index.js';
import { cli, cliJson, ROOT } from './cli.js';

interface PlanJson {
  allowed: boolean;
  bundles: string[];
  deploy: { clusterProfiles: string[]; workloadProfiles: string[] };
  ignored: { kind: string; name: string; reason: string }[];
  checks: { code: string; result: 'pass' | 'fail' | 'skip'; message: string }[];
  selection: null | {
    mapping: string | null;
    chosen: string | null;
    mappings: { name: string; verdict: string }[];
    candidates: { name: string; verdict: string; reason: string }[];
  };
  variables: { name: string; type: string; value?: unknown; source: string; locked: boolean }[];
}

const plan = (...args: string[]) => cliJson<PlanJson>('plan', '-f', 'examples/valid', ...args);
const MAAS = [
  '--project',
  'melbourne',
  '--model-source',
  'huggingface',
  '--model-id',
  'meta-llama/Llama-3.1-8B-Instruct',
  '--model-attr',
  'task=text-generation',
];

describe('paletteai plan (CLI contract), one command per row of the SPEC §3 table', () => {
  const rows: [
    string,
    string[],
    { bundles: string[]; clusterProfiles: string[]; workloadProfiles: string[]; ignored: string[] },
  ][] = [
    [
      'compute pool, shared, Infrastructure',
      ['--workflow', 'compute-pool', '--pool', 'shared', '--bundle', 'edge-gpu-infra'],
      {
        bundles: ['edge-gpu-infra'],
        clusterProfiles: ['edge-ubuntu-k3s-gpu', 'nvidia-gpu-operator', 'monitoring'],
        workloadProfiles: ['gpu-metrics', 'model-cache-cleanup'],
        ignored: [],
      },
    ],
    [
      'compute pool, dedicated, Fullstack',
      ['--workflow', 'compute-pool', '--pool', 'dedicated', '--bundle', 'vllm-llama3'],
      {
        bundles: ['vllm-llama3'],
        clusterProfiles: ['edge-ubuntu-k3s-gpu', 'nvidia-gpu-operator'],
        workloadProfiles: ['gpu-metrics'],
        ignored: ['vllm-server'],
      },
    ],
    [
      'app, dedicated, Infrastructure + Application',
      ['--workflow', 'app', '--pool', 'dedicated', '--bundle', 'edge-cpu-infra', '--bundle', 'open-webui'],
      {
        bundles: ['edge-cpu-infra', 'open-webui'],
        clusterProfiles: ['edge-ubuntu-k3s-cpu', 'monitoring'],
        workloadProfiles: ['open-webui'],
        ignored: [],
      },
    ],
    [
      'app, shared, Application',
      ['--workflow', 'app', '--pool', 'shared', '--bundle', 'open-webui', '--compute-pool', 'cpu-pool'],
      { bundles: ['open-webui'], clusterProfiles: [], workloadProfiles: ['open-webui'], ignored: [] },
    ],
    [
      'model, dedicated, Fullstack',
      ['--workflow', 'model', '--pool', 'dedicated', '--bundle', 'vllm-llama3'],
      {
        bundles: ['vllm-llama3'],
        clusterProfiles: ['edge-ubuntu-k3s-gpu', 'nvidia-gpu-operator'],
        workloadProfiles: ['vllm-server', 'gpu-metrics'],
        ignored: [],
      },
    ],
    [
      'model, shared, chosen by Model as a Service',
      ['--workflow', 'model', '--pool', 'shared', '--compute-pool', 'gpu-pool-a', ...MAAS],
      { bundles: ['vllm-model'], clusterProfiles: [], workloadProfiles: ['vllm-server'], ignored: [] },
    ],
  ];
  for (const [name, args, want] of rows) {
    it(`allows ${name} and prints what is deployed and ignored`, async () => {
      const { code, json } = await plan(...args);
      expect(json.checks.filter((c) => c.result === 'fail')).toEqual([]);
      expect(code).toBe(0);
      expect(json.allowed).toBe(true);
      expect(json.bundles).toEqual(want.bundles);
      expect(json.deploy.clusterProfiles).toEqual(want.clusterProfiles);
      expect(json.deploy.workloadProfiles).toEqual(want.workloadProfiles);
      expect(json.ignored.map((i) => i.name)).toEqual(want.ignored);
      expect(json.checks.length, 'the plan ran its checks').toBeGreaterThan(0);
      for (const c of json.checks) expect(['pass', 'fail', 'skip']).toContain(c.result);
    });
  }

  it('reports the Model-as-a-Service choice with a verdict for every mapping and candidate', async () => {
    const { json } = await plan(
      '--workflow',
      'model',
      '--pool',
      'shared',
      '--compute-pool',
      'gpu-pool-a',
      ...MAAS,
    );
    expect(json.selection?.mapping).toBe('hf-llama-on-vllm');
    expect(json.selection?.chosen).toBe('vllm-model');
    expect(json.selection?.candidates.find((c) => c.name === 'vllm-model-legacy')).toMatchObject({
      verdict: 'outranked',
      reason: expect.stringContaining('1.2.0 is lower than 1.10.0'),
    });
    for (const c of json.selection!.candidates) expect(c.reason).not.toBe('');
    expect(json.selection!.mappings.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a nim model bundle on a vllm pool with exit 1 and the IE001 check', async () => {
    const { code, json } = await plan(
      '--workflow',
      'model',
      '--pool',
      'shared',
      '--bundle',
      'nim-llama3',
      '--compute-pool',
      'gpu-pool-a',
    );
    expect(code).toBe(1);
    expect(json.allowed).toBe(false);
    expect(json.checks).toContainEqual(expect.objectContaining({ code: 'IE001', result: 'fail' }));
  });

  it('refuses an Application bundle alone for a dedicated app deployment (WF001)', async () => {
    const { code, json } = await plan('--workflow', 'app', '--pool', 'dedicated', '--bundle', 'open-webui');
    expect(code).toBe(1);
    expect(json.checks).toContainEqual(expect.objectContaining({ code: 'WF001', result: 'fail' }));
  });

  it('checks deployment overrides against the variable types (VAR009) and locks (VAR008)', async () => {
    const bad = await plan(
      '--workflow',
      'model',
      '--pool',
      'dedicated',
      '--bundle',
      'vllm-llama3',
      '--set',
      'maxModelLen=long',
      '--set',
      'imageRegistry=docker.io',
    );
    expect(bad.code).toBe(1);
    expect(
      bad.json.checks
        .filter((c) => c.result === 'fail')
        .map((c) => c.code)
        .sort(),
    ).toEqual(['VAR008', 'VAR009']);
  });

  it('prints a human plan with deploy, ignored, checks and the result', async () => {
    const r = await cli(
      'plan',
      '-f',
      'examples/valid',
      '--workflow',
      'compute-pool',
      '--pool',
      'shared',
      '--bundle',
      'vllm-llama3',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Deploy:\n {2}cluster profiles: {2}edge-ubuntu-k3s-gpu, nvidia-gpu-operator/);
    expect(r.stdout).toMatch(
      /Ignored:\n {2}WorkloadProfile vllm-server \(bundle vllm-llama3\): a compute pool deploys infrastructure only/,
    );
    expect(r.stdout).toMatch(/Result: allowed\n$/);
  });
});

describe('the model id reaches the model (SPEC §6)', () => {
  const LLAMA_33 = 'meta-llama/Llama-3.3-70B-Instruct';
  const maas33 = [
    '--workflow',
    'model',
    '--pool',
    'shared',
    '--compute-pool',
    'gpu-pool-a',
    '--project',
    'melbourne',
    '--model-source',
    'huggingface',
    '--model-id',
    LLAMA_33,
    '--model-attr',
    'task=text-generation',
  ];

  it('plans the requested model, not the profile default: modelId comes from --model-id', async () => {
    const { code, json } = await plan(...maas33);
    expect(code).toBe(0);
    // The SPEC §5 contract fields are all there, unchanged.
    for (const key of ['allowed', 'bundles', 'deploy', 'ignored', 'checks', 'selection'])
      expect(json).toHaveProperty(key);
    expect(json.allowed).toBe(true);
    expect(json.bundles).toEqual(['vllm-model']);
    expect(json.selection?.chosen).toBe('vllm-model');
    const vars = Object.fromEntries(json.variables.map((v) => [v.name, v]));
    expect(vars.modelId).toMatchObject({ value: LLAMA_33, source: '--model-id', type: 'string' });
    expect(vars.modelSource).toMatchObject({ value: 'huggingface', source: '--model-source' });
    expect(json.checks.find((c) => c.code === 'MS004')).toMatchObject({
      result: 'pass',
      message: expect.stringContaining(LLAMA_33),
    });
  });

  it('renders the planned values: the HelmRelease serves the requested model', async () => {
    process.chdir(ROOT);
    const ws = await openWorkspace(['examples/valid']);
    const {
      plan: p,
      bundles,
      profiles,
      values,
    } = planWorkflow(
      {
        workflow: 'model',
        pool: 'shared',
        bundles: [],
        computePool: 'gpu-pool-a',
        project: 'melbourne',
        model: { source: 'huggingface', id: LLAMA_33, attributes: { task: 'text-generation' } },
      },
      ws.resolver,
    );
    expect(p.allowed).toBe(true);
    expect(values.modelId).toBe(LLAMA_33);
    const ns = p.namespace;
    const repositories = ws.resolver
      .repositoryNames(ns)
      .flatMap((n) => [ws.resolver.repository(ns, n)].filter((r) => r !== undefined)) as (
      HelmRepository | OCIRepository
    )[];
    const r = renderBundle({
      namespace: ns,
      bundle: bundles[0]!,
      workloadProfiles: profiles,
      repositories,
      definitions: [],
      values,
    });
    const text = JSON.stringify(r.objects);
    expect(text).toContain(`"modelURL":"${LLAMA_33}"`);
    expect(text).not.toContain('Llama-3.1-8B-Instruct');
  });

  it('refuses a named bundle whose Model workload profile declares no modelId (MS004)', async () => {
    const { code, json } = await cliJson<PlanJson>(
      'plan',
      '-f',
      'examples/valid',
      '-f',
      'examples/broken/ms004-model-profile-without-model-id.yaml',
      '--workflow',
      'model',
      '--pool',
      'shared',
      '--compute-pool',
      'gpu-pool-a',
      '--bundle',
      'broken-tgi-fixed-model',
      '--model-source',
      'huggingface',
      '--model-id',
      LLAMA_33,
    );
    expect(code).toBe(1);
    expect(json.allowed).toBe(false);
    expect(json.checks.filter((c) => c.result === 'fail').map((c) => c.code)).toEqual(['MS004']);
    expect(json.checks.find((c) => c.code === 'MS004')?.message).toContain(
      'declare a modelId variable in WorkloadProfile broken-tgi-fixed-model',
    );
  });

  it('refuses --set modelId that differs from --model-id (MS005), and accepts an equal one', async () => {
    const other = await plan(...maas33, '--set', 'modelId=meta-llama/Llama-3.1-8B-Instruct');
    expect(other.code).toBe(1);
    expect(other.json.checks.filter((c) => c.result === 'fail').map((c) => c.code)).toEqual(['MS005']);
    expect(other.json.checks.find((c) => c.code === 'MS005')?.message).toContain(
      'drop the modelId override or make it equal to spec.model.id',
    );
    const same = await plan(...maas33, '--set', `modelId=${LLAMA_33}`);
    expect(same.code).toBe(0);
    expect(same.json.variables.find((v) => v.name === 'modelId')).toMatchObject({
      value: LLAMA_33,
      source: '--model-id',
    });
  });
});

describe('paletteai render', () => {
  it('renders byte-identical output on every run', async () => {
    const a = await cli(
      'render',
      '-f',
      'examples/valid',
      '--bundle',
      'vllm-llama3',
      '--set',
      'maxModelLen=32768',
    );
    const b = await cli(
      'render',
      '-f',
      'examples/valid',
      '--bundle',
      'vllm-llama3',
      '--set',
      'maxModelLen=32768',
    );
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('kind: HelmRelease');
    expect(a.stdout).toContain('32768');
  });
  it('prints a Kubernetes List with -o json', async () => {
    const { code, json } = await cliJson<{
      kind: string;
      items: { kind: string; metadata: { labels: Record<string, string> } }[];
    }>('render', '-f', 'examples/valid', '--bundle', 'open-webui');
    expect(code).toBe(0);
    expect(json.kind).toBe('List');
    expect(json.items.map((i) => i.kind)).toEqual(expect.arrayContaining(['HelmRepository', 'HelmRelease']));
    for (const i of json.items) expect(i.metadata.labels['app.kubernetes.io/managed-by']).toBe('paletteai');
  });
  it('refuses a value of the wrong type with exit 1 and names the variable', async () => {
    const r = await cli(
      'render',
      '-f',
      'examples/valid',
      '--bundle',
      'vllm-llama3',
      '--set',
      'maxModelLen=lots',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/VAR009: override maxModelLen="lots" does not fit type int32/);
    expect(r.stdout).toBe('');
  });
  it('refuses a bundle that does not exist with exit 1', async () => {
    const r = await cli('render', '-f', 'examples/valid', '--bundle', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bundle "nope" not found');
  });
});
