import { describe, expect, it } from 'vitest';
import {
  bundle,
  clusterProfile,
  mapping,
  pool,
  project,
  resolverOf,
  stringVar,
  workloadProfile,
} from '../testing/builders.js';
import { planWorkflow } from './plan.js';

// Model workload profiles declare modelId: the requested model is bound to it (SPEC §6, MS004).
const modelId = stringVar('modelId', 'meta-llama/Llama-3.1-8B-Instruct');
const base = [
  clusterProfile('edge-infra'),
  workloadProfile('vllm-server', 'Model', [modelId]),
  workloadProfile('nim-llm', 'Model', [modelId]),
  workloadProfile('chat-ui', 'Application'),
  bundle('gpu-infra', 'Infrastructure', { clusterProfiles: ['edge-infra'], engine: 'vllm' }),
  pool('gpu-pool', 'gpu-infra'),
];
const llama = {
  source: 'huggingface' as const,
  id: 'meta-llama/Llama-3.1-8B-Instruct',
  attributes: { task: 'text-generation' },
};
const hfVllm = mapping('hf-llama-on-vllm', 100, { id: 'meta-llama/*', task: 'text-generation' }, 'vllm');

const plan = (objects: object[], pool_: 'shared' | 'dedicated' = 'shared', bundles: string[] = []) =>
  planWorkflow(
    {
      workflow: 'model',
      pool: pool_,
      namespace: 'project-melbourne',
      bundles,
      ...(pool_ === 'shared' ? { computePool: 'gpu-pool' } : {}),
      model: llama,
      project: 'melbourne',
    },
    resolverOf([...base, ...objects]),
  ).plan;

describe('Model as a Service selection', () => {
  it('orders versions by semver: 1.10.0 beats 1.2.0', () => {
    const p = plan([
      project('melbourne', [hfVllm]),
      bundle('vllm-a', 'Application', {
        workloadProfiles: ['vllm-server'],
        engine: 'vllm',
        version: '1.2.0',
      }),
      bundle('vllm-b', 'Application', {
        workloadProfiles: ['vllm-server'],
        engine: 'vllm',
        version: '1.10.0',
      }),
    ]);
    expect(p.selection?.chosen).toBe('vllm-b');
    expect(p.bundles).toEqual(['vllm-b']);
    expect(p.allowed).toBe(true);
    expect(p.selection?.candidates.find((c) => c.name === 'vllm-a')).toMatchObject({
      verdict: 'outranked',
      reason: expect.stringContaining('1.2.0 is lower than 1.10.0'),
    });
  });
  it('breaks a version tie by name and says so', () => {
    const p = plan([
      project('melbourne', [hfVllm]),
      bundle('vllm-b', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm' }),
      bundle('vllm-a', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm' }),
    ]);
    expect(p.selection?.chosen).toBe('vllm-a');
    expect(p.selection?.candidates.find((c) => c.name === 'vllm-b')?.reason).toContain('comes first by name');
  });
  it('uses the highest-priority matching mapping, and does not fall through when it yields no bundle', () => {
    const p = plan([
      project('melbourne', [hfVllm, mapping('hf-any-nim', 10, { id: '*' }, 'nim')]),
      bundle('nim-llama', 'Application', { workloadProfiles: ['nim-llm'], engine: 'nim' }),
    ]);
    expect(p.selection?.mapping).toBe('hf-llama-on-vllm');
    expect(p.selection?.chosen).toBeNull();
    expect(p.selection?.mappings.map((m) => [m.name, m.verdict])).toEqual([
      ['hf-llama-on-vllm', 'used'],
      ['hf-any-nim', 'not-considered'],
    ]);
    expect(p.checks.find((c) => c.code === 'MS002')).toMatchObject({ result: 'fail' });
    expect(p.allowed).toBe(false);
  });
  it('breaks equal priority by mapping name', () => {
    const p = plan([
      project('melbourne', [
        mapping('z-vllm', 100, { task: 'text-generation' }, 'vllm'),
        mapping('a-vllm', 100, { id: 'meta-llama/*' }, 'vllm'),
      ]),
      bundle('vllm-a', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm' }),
    ]);
    expect(p.selection?.mapping).toBe('a-vllm');
  });
  it('skips mappings of another source and mappings whose match fails, with the reason', () => {
    const p = plan([
      project('melbourne', [
        mapping('ngc', 500, { id: '*' }, 'nim', 'nvidia-ngc'),
        mapping('summaries', 200, { task: 'summarization' }, 'vllm'),
        hfVllm,
      ]),
      bundle('vllm-a', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm' }),
    ]);
    const verdicts = Object.fromEntries(p.selection!.mappings.map((m) => [m.name, m]));
    expect(verdicts.ngc).toMatchObject({ verdict: 'other-source' });
    expect(verdicts.summaries).toMatchObject({
      verdict: 'no-match',
      reason: 'wants task=summarization, the model has task=text-generation',
    });
    expect(p.selection?.chosen).toBe('vllm-a');
  });
  it('skips bundles that are not Ready', () => {
    const p = plan([
      project('melbourne', [hfVllm]),
      bundle('vllm-new', 'Application', {
        workloadProfiles: ['vllm-server', 'missing-profile'],
        engine: 'vllm',
        version: '2.0.0',
      }),
      bundle('vllm-old', 'Application', {
        workloadProfiles: ['vllm-server'],
        engine: 'vllm',
        version: '1.0.0',
      }),
    ]);
    expect(p.selection?.chosen).toBe('vllm-old');
    expect(p.selection?.candidates.find((c) => c.name === 'vllm-new')).toMatchObject({
      verdict: 'rejected',
      reason: 'bundle is Pending, not Ready',
    });
  });
  it('skips bundles whose labels do not match the selector, saying which label', () => {
    const p = plan([
      project('melbourne', [hfVllm]),
      bundle('sglang', 'Application', { workloadProfiles: ['vllm-server'], engine: 'sglang' }),
    ]);
    expect(p.selection?.candidates.find((c) => c.name === 'sglang')?.reason).toContain(
      'needs palette.ai/inference-engine=vllm, has palette.ai/inference-engine=sglang',
    );
    expect(p.checks.find((c) => c.code === 'MS002')?.result).toBe('fail');
  });
  it('skips bundles that cannot deploy a model: Application profiles only, or Fullstack on a shared pool is fine', () => {
    const p = plan([
      project('melbourne', [hfVllm]),
      bundle('chat', 'Application', { workloadProfiles: ['chat-ui'], engine: 'vllm', version: '9.0.0' }),
      bundle('full', 'Fullstack', {
        clusterProfiles: ['edge-infra'],
        workloadProfiles: ['vllm-server'],
        engine: 'vllm',
        version: '1.0.0',
      }),
    ]);
    expect(p.selection?.candidates.find((c) => c.name === 'chat')?.reason).toBe(
      'bundle holds no Model workload profile',
    );
    expect(p.selection?.chosen).toBe('full');
  });
  it('on a dedicated pool takes Fullstack bundles only', () => {
    const p = plan(
      [
        project('melbourne', [hfVllm]),
        bundle('app', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm', version: '3.0.0' }),
        bundle('full', 'Fullstack', {
          clusterProfiles: ['edge-infra'],
          workloadProfiles: ['vllm-server'],
          engine: 'vllm',
        }),
      ],
      'dedicated',
    );
    expect(p.selection?.chosen).toBe('full');
    expect(p.deploy.clusterProfiles).toEqual(['edge-infra']);
  });
  it('on a dedicated pool with an Infrastructure bundle takes Application bundles compatible with it', () => {
    const p = plan(
      [
        project('melbourne', [
          mapping('any', 1, { id: '*' }, 'vllm'),
          mapping('nim', 2, { id: 'nvidia/*' }, 'nim'),
        ]),
        bundle('app', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm' }),
        bundle('full', 'Fullstack', {
          clusterProfiles: ['edge-infra'],
          workloadProfiles: ['vllm-server'],
          engine: 'vllm',
          version: '5.0.0',
        }),
      ],
      'dedicated',
      ['gpu-infra'],
    );
    expect(p.selection?.chosen).toBe('app');
    expect(p.bundles).toEqual(['gpu-infra', 'app']);
    expect(p.allowed).toBe(true);
  });
  it('reports MS001 when no mapping matches the model', () => {
    const p = plan([project('melbourne', [mapping('mistral', 1, { id: 'mistralai/*' }, 'vllm')])]);
    expect(p.checks.find((c) => c.code === 'MS001')).toMatchObject({ result: 'fail' });
    expect(p.selection?.mapping).toBeNull();
  });
});

describe('inference-engine compatibility', () => {
  const withPoolEngine = (engine?: string) => [
    project('melbourne', []),
    bundle('pool-bundle', 'Infrastructure', {
      clusterProfiles: ['edge-infra'],
      ...(engine ? { engine } : {}),
    }),
    pool('p', 'pool-bundle'),
    bundle('vllm-app', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm' }),
    bundle('plain-model', 'Application', { workloadProfiles: ['vllm-server'] }),
    bundle('chat', 'Application', { workloadProfiles: ['chat-ui'], engine: 'vllm' }),
  ];
  const check = (engine: string | undefined, workflow: 'app' | 'model', b: string) =>
    planWorkflow(
      { workflow, pool: 'shared', namespace: 'project-melbourne', bundles: [b], computePool: 'p' },
      resolverOf([...base, ...withPoolEngine(engine)]),
    ).plan.checks.find((c) => c.code.startsWith('IE'));

  it('passes a model bundle whose label equals the pool bundle label', () =>
    expect(check('vllm', 'model', 'vllm-app')).toMatchObject({ code: 'IE001', result: 'pass' }));
  it('fails on different labels, comparing exactly (vLLM is not vllm)', () =>
    expect(check('vLLM', 'model', 'vllm-app')).toMatchObject({ code: 'IE001', result: 'fail' }));
  it('fails when the pool bundle has no label and the model bundle has one', () =>
    expect(check(undefined, 'model', 'vllm-app')).toMatchObject({ code: 'IE002', result: 'fail' }));
  it('does not check a model bundle without the label, with a warning', () =>
    expect(check('vllm', 'model', 'plain-model')).toMatchObject({ code: 'IE003', result: 'skip' }));
  it('checks an app deployment only when both sides carry the label', () => {
    expect(check(undefined, 'app', 'chat')).toMatchObject({ code: 'IE001', result: 'skip' });
    expect(check('sglang', 'app', 'chat')).toMatchObject({ code: 'IE001', result: 'fail' });
  });
  it('checks an Infrastructure + Application pair with the Infrastructure bundle standing in for the pool', () => {
    const r = resolverOf([...base, ...withPoolEngine('nim')]);
    const p = planWorkflow(
      {
        workflow: 'model',
        pool: 'dedicated',
        namespace: 'project-melbourne',
        bundles: ['pool-bundle', 'vllm-app'],
      },
      r,
    ).plan;
    expect(p.checks.find((c) => c.code === 'IE001')).toMatchObject({
      result: 'fail',
      message: expect.stringContaining('the Infrastructure bundle "pool-bundle" provides "nim"'),
    });
  });
});
