import { describe, expect, it } from 'vitest';
import {
  aiWorkload,
  bundle,
  clusterProfile,
  codes,
  issuesOf,
  mapping,
  pool,
  project,
  resolverOf,
  stringVar,
  variableSet,
  workloadProfile,
} from '../testing/builders.js';
import { planWorkflow } from './plan.js';
import type { PlanRequest } from './types.js';

// SPEC §6 "The model id reaches the model": spec.model is bound to modelId/modelSource of every
// deployed Model workload profile (deployment tier, reported as coming from spec.model); MS004 and
// MS005 say when it cannot be.

const REQUESTED = 'meta-llama/Llama-3.3-70B-Instruct';
const DEFAULT = 'meta-llama/Llama-3.1-8B-Instruct';
const model = { source: 'huggingface' as const, id: REQUESTED, attributes: { task: 'text-generation' } };

const serving = workloadProfile('vllm-server', 'Model', [
  stringVar('modelId', DEFAULT, { description: 'model vLLM serves' }),
  stringVar('modelSource', 'huggingface', { description: 'where the model comes from' }),
]);
const noModelId = workloadProfile('fixed-server', 'Model', [stringVar('servedModel', DEFAULT)]);
const lockedProfile = workloadProfile('pinned-server', 'Model', [
  stringVar('modelId', DEFAULT, { locked: true }),
]);

const world = [
  clusterProfile('edge-infra'),
  serving,
  noModelId,
  lockedProfile,
  bundle('gpu-infra', 'Infrastructure', { clusterProfiles: ['edge-infra'], engine: 'vllm' }),
  pool('gpu-pool', 'gpu-infra'),
  project('melbourne', [mapping('hf-llama', 100, { id: 'meta-llama/*' }, 'vllm')]),
  bundle('vllm-model', 'Application', {
    workloadProfiles: ['vllm-server'],
    engine: 'vllm',
    version: '1.0.0',
    variables: [stringVar('modelId', DEFAULT)],
  }),
  // Higher versions that MaaS would prefer, if they could serve the model.
  bundle('fixed-model', 'Application', {
    workloadProfiles: ['fixed-server'],
    engine: 'vllm',
    version: '3.0.0',
  }),
  bundle('pinned-model', 'Application', {
    workloadProfiles: ['pinned-server'],
    engine: 'vllm',
    version: '2.0.0',
  }),
];

const planOf = (req: Partial<PlanRequest>, objects: object[] = world) =>
  planWorkflow(
    {
      workflow: 'model',
      pool: 'shared',
      namespace: 'project-melbourne',
      bundles: [],
      computePool: 'gpu-pool',
      model,
      project: 'melbourne',
      ...req,
    },
    resolverOf(objects),
  );
const variable = (p: ReturnType<typeof planOf>, name: string) =>
  p.plan.variables.find((v) => v.name === name);

describe('the model id reaches the model (binding)', () => {
  it('binds spec.model to modelId and modelSource above the bundle default, reported from spec.model', () => {
    const p = planOf({});
    expect(p.plan.allowed).toBe(true);
    expect(p.plan.bundles).toEqual(['vllm-model']);
    expect(variable(p, 'modelId')).toMatchObject({ value: REQUESTED, source: 'AIWorkload spec.model' });
    expect(variable(p, 'modelSource')).toMatchObject({
      value: 'huggingface',
      source: 'AIWorkload spec.model',
    });
    // What rendering gets: the requested id, not the profile's or the bundle's default.
    expect(p.values.modelId).toBe(REQUESTED);
    expect(p.plan.checks.find((c) => c.code === 'MS004')).toMatchObject({
      result: 'pass',
      message: expect.stringContaining(REQUESTED),
    });
  });

  it('reports the source with the labels the caller gives (the CLI flags)', () => {
    const p = planOf({ modelLabels: { id: '--model-id', source: '--model-source' } });
    expect(variable(p, 'modelId')?.source).toBe('--model-id');
    expect(variable(p, 'modelSource')?.source).toBe('--model-source');
  });

  it('binds above a project VariableSet, and a named bundle too', () => {
    const p = planOf({ bundles: ['vllm-model'] }, [
      ...world,
      variableSet('team', 'project-melbourne', [stringVar('modelId', 'team/favourite')]),
    ]);
    expect(variable(p, 'modelId')).toMatchObject({ value: REQUESTED, source: 'AIWorkload spec.model' });
  });

  it('binds nothing when the plan names no model (offline plan of a bundle)', () => {
    const p = planOf({ bundles: ['vllm-model'], model: undefined, project: undefined });
    expect(variable(p, 'modelId')).toMatchObject({ value: DEFAULT, source: 'ProfileBundle vllm-model' });
    expect(p.plan.checks.some((c) => c.code === 'MS004')).toBe(false);
  });
});

describe('MS004: a Model workload profile that cannot serve the requested model', () => {
  it('passes a profile that declares modelId, or locks it to the requested value', () => {
    const p = planOf({ bundles: ['pinned-model'], model: { ...model, id: DEFAULT } });
    expect(p.plan.allowed).toBe(true);
    // The lock stays the source: it stops every later source, the binding included.
    expect(variable(p, 'modelId')).toMatchObject({ value: DEFAULT, source: 'WorkloadProfile pinned-server' });
  });

  it('refuses a named bundle whose Model workload profile declares no modelId, with the fix', () => {
    const { plan } = planOf({ bundles: ['fixed-model'] });
    expect(plan.allowed).toBe(false);
    expect(plan.checks.find((c) => c.code === 'MS004')).toMatchObject({
      result: 'fail',
      path: 'bundles',
      message: expect.stringContaining('declare a modelId variable in WorkloadProfile fixed-server'),
    });
  });

  it('refuses a named bundle whose profile locks modelId to another value', () => {
    const { plan } = planOf({ bundles: ['pinned-model'] });
    expect(plan.allowed).toBe(false);
    expect(plan.checks.find((c) => c.code === 'MS004')).toMatchObject({
      result: 'fail',
      path: 'bundles',
      message: expect.stringContaining(
        'WorkloadProfile pinned-server locks modelId to "meta-llama/Llama-3.1-8B-Instruct"',
      ),
    });
    expect(plan.variables.find((v) => v.name === 'modelId')?.value).toBe(DEFAULT);
  });

  it('refuses a lock at a lower tier (system VariableSet) with another value: the lock rule', () => {
    const { plan } = planOf({ bundles: ['vllm-model'] }, [
      ...world,
      variableSet('platform', 'paletteai-system', [stringVar('modelId', DEFAULT, { locked: true })]),
    ]);
    expect(plan.checks.find((c) => c.code === 'MS004')).toMatchObject({
      result: 'fail',
      message: expect.stringContaining('system VariableSet platform locks modelId'),
    });
  });

  it('rejects such candidates in Model as a Service with the reason, and lists every verdict', () => {
    const { plan } = planOf({});
    const verdicts = Object.fromEntries(plan.selection!.candidates.map((c) => [c.name, c]));
    expect(verdicts['fixed-model']).toMatchObject({
      verdict: 'rejected',
      reason: expect.stringMatching(/MS004.*declares no modelId variable/),
    });
    expect(verdicts['pinned-model']).toMatchObject({
      verdict: 'rejected',
      reason: expect.stringMatching(/MS004.*locks modelId/),
    });
    expect(verdicts['vllm-model']?.verdict).toBe('chosen');
    expect(plan.selection!.candidates.map((c) => c.name)).toEqual([
      'fixed-model',
      'gpu-infra',
      'pinned-model',
      'vllm-model',
    ]);
  });

  it('is reported on an AIWorkload that names such a bundle, at spec.profileBundleRefs', () => {
    const issues = issuesOf(
      aiWorkload('fixed', 'model', {
        profileBundleRefs: [{ name: 'fixed-model' }],
        computePoolRef: { name: 'gpu-pool' },
        model,
      }),
      world,
    );
    expect(codes(issues)).toEqual(['MS004']);
    expect(issues[0]).toMatchObject({ severity: 'error', path: 'spec.profileBundleRefs' });
  });
});

describe('MS005: an override of modelId that differs from spec.model.id', () => {
  it('accepts an override equal to spec.model.id, and the source stays spec.model', () => {
    const p = planOf({ overrides: { modelId: REQUESTED } });
    expect(p.plan.allowed).toBe(true);
    expect(variable(p, 'modelId')).toMatchObject({ value: REQUESTED, source: 'AIWorkload spec.model' });
  });

  it('refuses an override with another value, with the fix', () => {
    const p = planOf({ overrides: { modelId: DEFAULT } });
    expect(p.plan.allowed).toBe(false);
    expect(p.plan.checks.find((c) => c.code === 'MS005')).toMatchObject({
      result: 'fail',
      path: 'overrides',
      message: expect.stringContaining('drop the modelId override or make it equal to spec.model.id'),
    });
    expect(p.values.modelId).toBe(REQUESTED);
  });

  it('is reported on an AIWorkload at spec.workloadDeploymentConfigs', () => {
    const issues = issuesOf(
      aiWorkload('override', 'model', {
        computePoolRef: { name: 'gpu-pool' },
        model,
        workloadDeploymentConfigs: [{ workloadProfile: 'vllm-server', variables: { modelId: DEFAULT } }],
      }),
      world,
    );
    expect(codes(issues)).toEqual(['MS005']);
    expect(issues[0]).toMatchObject({ path: 'spec.workloadDeploymentConfigs' });
  });
});
