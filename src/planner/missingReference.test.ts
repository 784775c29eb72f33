/**
 * Issues and plan checks say themselves when they are about a reference that does not resolve
 * (`reason: 'MissingReference'`): the server stores such an object as Pending instead of refusing
 * it, without reading codes or message text.
 */
import { describe, expect, it } from 'vitest';
import type { Issue } from '../model/index.js';
import {
  aiWorkload,
  bundle,
  clusterProfile,
  issuesOf,
  mapping,
  NS,
  pool,
  project,
  resolverOf,
  workloadProfile,
} from '../testing/builders.js';
import { planWorkflow } from './plan.js';

const world = [
  clusterProfile('edge'),
  workloadProfile('chat', 'Application'),
  workloadProfile('llm', 'Model'),
  bundle('infra', 'Infrastructure', { clusterProfiles: ['edge'] }),
  bundle('chat', 'Application', { workloadProfiles: ['chat'] }),
  bundle('pending', 'Application', { workloadProfiles: ['gone'] }),
  pool('pool-a', 'infra'),
  pool('solo', 'infra', 'dedicated'),
  pool('orphan', 'nope'),
];

const errors = (issues: Issue[]) =>
  issues
    .filter((i) => i.severity === 'error')
    .map(({ code, path, reason }) => ({ code, path, ...(reason ? { reason } : {}) }));

const missing = { reason: 'MissingReference' } as const;

describe('missing references', () => {
  it('PB008: a bundle whose profile does not exist', () => {
    expect(errors(issuesOf(bundle('b', 'Application', { workloadProfiles: ['gone'] }), world))).toEqual([
      { code: 'PB008', path: 'spec.workloadProfiles[0].name', ...missing },
    ]);
  });

  it('REF001: a pool whose bundle does not exist', () => {
    expect(errors(issuesOf(pool('p', 'nope'), world))).toEqual([
      { code: 'REF001', path: 'spec.profileBundleRef.name', ...missing },
    ]);
  });

  it('WP002: a component type with no ComponentDefinition', () => {
    const wp = workloadProfile('w', 'Application');
    wp.spec.workload.components = [{ name: 'c', type: 'cron-task', properties: {} }];
    expect(errors(issuesOf(wp, world))).toEqual([
      { code: 'WP002', path: 'spec.workload.components[0].type', ...missing },
    ]);
  });

  it('WF004: a pool that is not found, or whose bundle is not found; a dedicated pool is usable', () => {
    const on = (name: string) =>
      errors(
        issuesOf(
          aiWorkload('w', 'app', { profileBundleRefs: [{ name: 'chat' }], computePoolRef: { name } }),
          world,
        ),
      );
    expect(on('nope')).toEqual([{ code: 'WF004', path: 'spec.computePoolRef', ...missing }]);
    expect(on('orphan')).toEqual([{ code: 'WF004', path: 'spec.computePoolRef', ...missing }]);
    expect(on('solo')).toEqual([]);
  });

  it('WF005: a bundle that is not found or not Ready', () => {
    const with_ = (name: string) =>
      errors(
        issuesOf(
          aiWorkload('w', 'app', { profileBundleRefs: [{ name }], computePoolRef: { name: 'pool-a' } }),
          world,
        ),
      );
    expect(with_('nope')).toEqual([{ code: 'WF005', path: 'spec.profileBundleRefs', ...missing }]);
    expect(with_('pending')).toContainEqual({ code: 'WF005', path: 'spec.profileBundleRefs', ...missing });
  });

  it('MS001: no Project serves the namespace (the deployment waits); a missing model is invalid', () => {
    const model = { source: 'huggingface' as const, id: 'meta-llama/Llama-3.1-8B' };
    const r = resolverOf(world);
    const noProject = planWorkflow(
      { workflow: 'model', pool: 'shared', namespace: NS, bundles: [], computePool: 'pool-a', model },
      r,
    );
    expect(noProject.plan.checks.filter((c) => c.result === 'fail')).toMatchObject([
      { code: 'MS001', path: 'model', reason: 'MissingReference' },
    ]);
    const p = project('acme', [mapping('llama', 10, { id: 'meta-llama/*' }, 'vllm')]);
    const noModel = planWorkflow(
      {
        workflow: 'model',
        pool: 'shared',
        namespace: NS,
        bundles: [],
        computePool: 'pool-a',
        project: 'acme',
      },
      resolverOf([...world, p]),
    );
    const ms001 = noModel.plan.checks.find((c) => c.code === 'MS001');
    expect(ms001).toMatchObject({ result: 'fail', path: 'model' });
    expect(ms001?.reason).toBeUndefined();
  });

  it('MS002: the matching mapping has no candidate yet', () => {
    const p = project('acme', [mapping('llama', 10, { id: 'meta-llama/*' }, 'vllm')]);
    const model = { source: 'huggingface' as const, id: 'meta-llama/Llama-3.1-8B' };
    const { plan } = planWorkflow(
      {
        workflow: 'model',
        pool: 'shared',
        namespace: NS,
        bundles: [],
        computePool: 'pool-a',
        project: 'acme',
        model,
      },
      resolverOf([...world, p]),
    );
    expect(plan.checks.filter((c) => c.result === 'fail')).toMatchObject([
      { code: 'MS002', path: 'model', reason: 'MissingReference' },
    ]);
  });

  it('leaves the reason out of issues about the object itself', () => {
    expect(errors(issuesOf(pool('p', 'chat'), world))).toEqual([
      { code: 'WF001', path: 'spec.profileBundleRef' },
    ]);
  });

  it('gives every plan check the request field it is about', () => {
    const { plan } = planWorkflow(
      { workflow: 'app', pool: 'shared', namespace: NS, bundles: ['chat'], computePool: 'pool-a' },
      resolverOf(world),
    );
    expect(plan.checks.map((c) => [c.code, c.path])).toEqual([
      ['WF004', 'computePool'],
      ['WF005', 'bundles'],
      ['WF001', 'bundles'],
      ['IE001', 'bundles'],
      ['WF002', 'bundles'],
      ['VAR007', 'overrides'],
    ]);
  });
});
