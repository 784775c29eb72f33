import { describe, expect, it } from 'vitest';
import { bundle, clusterProfile, pool, resolverOf, workloadProfile } from '../testing/builders.js';
import { planWorkflow } from './plan.js';
import type { PlanRequest } from './types.js';

// One bundle of every shape; each carries the same engine label so compatibility passes.
const objects = [
  clusterProfile('edge-infra'),
  clusterProfile('gpu-operator', 'Add-on'),
  workloadProfile('chat-ui', 'Application'),
  workloadProfile('vllm-server', 'Model'),
  workloadProfile('cache-cleanup', 'Infrastructure'),
  bundle('infra', 'Infrastructure', {
    clusterProfiles: ['edge-infra', 'gpu-operator'],
    workloadProfiles: ['cache-cleanup'],
    engine: 'vllm',
  }),
  bundle('full-app', 'Fullstack', {
    clusterProfiles: ['edge-infra'],
    workloadProfiles: ['chat-ui', 'cache-cleanup'],
    engine: 'vllm',
  }),
  bundle('full-model', 'Fullstack', {
    clusterProfiles: ['edge-infra'],
    workloadProfiles: ['vllm-server', 'cache-cleanup'],
    engine: 'vllm',
  }),
  bundle('app', 'Application', { workloadProfiles: ['chat-ui'], engine: 'vllm' }),
  bundle('model', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm' }),
  pool('shared-pool', 'infra'),
];
const resolver = resolverOf(objects);
const run = (req: Omit<PlanRequest, 'namespace'>) =>
  planWorkflow({ namespace: 'project-melbourne', ...req }, resolver).plan;
const failed = (p: ReturnType<typeof run>) => p.checks.filter((c) => c.result === 'fail').map((c) => c.code);

/** Each row of the SPEC §3 table: accepted bundle sets and what is deployed of them. */
const ROWS: {
  name: string;
  req: Omit<PlanRequest, 'namespace'>;
  clusterProfiles: string[];
  workloadProfiles: string[];
  ignored: string[];
}[] = [
  {
    name: 'compute pool, shared, Infrastructure',
    req: { workflow: 'compute-pool', pool: 'shared', bundles: ['infra'] },
    clusterProfiles: ['edge-infra', 'gpu-operator'],
    workloadProfiles: ['cache-cleanup'],
    ignored: [],
  },
  {
    name: 'compute pool, dedicated, Infrastructure',
    req: { workflow: 'compute-pool', pool: 'dedicated', bundles: ['infra'] },
    clusterProfiles: ['edge-infra', 'gpu-operator'],
    workloadProfiles: ['cache-cleanup'],
    ignored: [],
  },
  {
    name: 'compute pool, shared, Fullstack',
    req: { workflow: 'compute-pool', pool: 'shared', bundles: ['full-app'] },
    clusterProfiles: ['edge-infra'],
    workloadProfiles: ['cache-cleanup'],
    ignored: ['chat-ui'],
  },
  {
    name: 'compute pool, dedicated, Fullstack',
    req: { workflow: 'compute-pool', pool: 'dedicated', bundles: ['full-model'] },
    clusterProfiles: ['edge-infra'],
    workloadProfiles: ['cache-cleanup'],
    ignored: ['vllm-server'],
  },
  {
    name: 'app, dedicated, Fullstack',
    req: { workflow: 'app', pool: 'dedicated', bundles: ['full-app'] },
    clusterProfiles: ['edge-infra'],
    workloadProfiles: ['chat-ui', 'cache-cleanup'],
    ignored: [],
  },
  {
    name: 'app, dedicated, Infrastructure + Application',
    req: { workflow: 'app', pool: 'dedicated', bundles: ['infra', 'app'] },
    clusterProfiles: ['edge-infra', 'gpu-operator'],
    workloadProfiles: ['cache-cleanup', 'chat-ui'],
    ignored: [],
  },
  {
    name: 'app, shared, Application',
    req: { workflow: 'app', pool: 'shared', bundles: ['app'], computePool: 'shared-pool' },
    clusterProfiles: [],
    workloadProfiles: ['chat-ui'],
    ignored: [],
  },
  {
    name: 'app, shared, Fullstack',
    req: { workflow: 'app', pool: 'shared', bundles: ['full-app'], computePool: 'shared-pool' },
    clusterProfiles: [],
    workloadProfiles: ['chat-ui'],
    ignored: ['edge-infra', 'cache-cleanup'],
  },
  {
    name: 'model, dedicated, Fullstack',
    req: { workflow: 'model', pool: 'dedicated', bundles: ['full-model'] },
    clusterProfiles: ['edge-infra'],
    workloadProfiles: ['vllm-server', 'cache-cleanup'],
    ignored: [],
  },
  {
    name: 'model, dedicated, Infrastructure + Application',
    req: { workflow: 'model', pool: 'dedicated', bundles: ['infra', 'model'] },
    clusterProfiles: ['edge-infra', 'gpu-operator'],
    workloadProfiles: ['cache-cleanup', 'vllm-server'],
    ignored: [],
  },
  {
    name: 'model, shared, Application',
    req: { workflow: 'model', pool: 'shared', bundles: ['model'], computePool: 'shared-pool' },
    clusterProfiles: [],
    workloadProfiles: ['vllm-server'],
    ignored: [],
  },
  {
    name: 'model, shared, Fullstack',
    req: { workflow: 'model', pool: 'shared', bundles: ['full-model'], computePool: 'shared-pool' },
    clusterProfiles: [],
    workloadProfiles: ['vllm-server'],
    ignored: ['edge-infra', 'cache-cleanup'],
  },
];

describe('the workflow table, accepted direction', () => {
  for (const row of ROWS) {
    it(`allows ${row.name} and deploys exactly the table's parts`, () => {
      const p = run(row.req);
      expect(failed(p)).toEqual([]);
      expect(p.allowed).toBe(true);
      expect(p.deploy.clusterProfiles).toEqual(row.clusterProfiles);
      expect(p.deploy.workloadProfiles).toEqual(row.workloadProfiles);
      expect(p.ignored.map((i) => i.name)).toEqual(row.ignored);
      for (const i of p.ignored) expect(i.reason.length).toBeGreaterThan(20);
    });
  }
});

/** Each row again with bundle sets it must refuse. */
const REFUSED: { name: string; req: Omit<PlanRequest, 'namespace'>; code: string }[] = [
  {
    name: 'compute pool from an Application bundle',
    req: { workflow: 'compute-pool', pool: 'shared', bundles: ['app'] },
    code: 'WF001',
  },
  {
    name: 'compute pool from two bundles',
    req: { workflow: 'compute-pool', pool: 'dedicated', bundles: ['infra', 'app'] },
    code: 'WF001',
  },
  {
    name: 'app on a dedicated pool from an Application bundle alone',
    req: { workflow: 'app', pool: 'dedicated', bundles: ['app'] },
    code: 'WF001',
  },
  {
    name: 'app on a dedicated pool from an Infrastructure bundle alone',
    req: { workflow: 'app', pool: 'dedicated', bundles: ['infra'] },
    code: 'WF001',
  },
  {
    name: 'app on a shared pool from an Infrastructure bundle',
    req: { workflow: 'app', pool: 'shared', bundles: ['infra'], computePool: 'shared-pool' },
    code: 'WF001',
  },
  {
    name: 'app on a shared pool from an Infrastructure + Application pair',
    req: { workflow: 'app', pool: 'shared', bundles: ['infra', 'app'], computePool: 'shared-pool' },
    code: 'WF001',
  },
  {
    name: 'model on a dedicated pool from an Application bundle alone',
    req: { workflow: 'model', pool: 'dedicated', bundles: ['model'] },
    code: 'WF001',
  },
  {
    name: 'model on a shared pool from an Infrastructure + Application pair',
    req: { workflow: 'model', pool: 'shared', bundles: ['infra', 'model'], computePool: 'shared-pool' },
    code: 'WF001',
  },
  {
    name: 'app deployment whose bundle holds only Model profiles',
    req: { workflow: 'app', pool: 'shared', bundles: ['model'], computePool: 'shared-pool' },
    code: 'WF002',
  },
  {
    name: 'model deployment whose bundle holds only Application profiles',
    req: { workflow: 'model', pool: 'dedicated', bundles: ['full-app'] },
    code: 'WF003',
  },
  {
    name: 'shared deployment without a pool',
    req: { workflow: 'app', pool: 'shared', bundles: ['app'] },
    code: 'WF004',
  },
  {
    name: 'shared deployment onto a pool that does not exist',
    req: { workflow: 'app', pool: 'shared', bundles: ['app'], computePool: 'nope' },
    code: 'WF004',
  },
  {
    name: 'a bundle that does not exist',
    req: { workflow: 'app', pool: 'dedicated', bundles: ['nope'] },
    code: 'WF005',
  },
];

describe('the workflow table, refused direction', () => {
  for (const r of REFUSED) {
    it(`refuses ${r.name} (${r.code})`, () => {
      const p = run(r.req);
      expect(p.allowed).toBe(false);
      expect(failed(p)).toContain(r.code);
    });
  }
  it('explains what the workflow accepts when it refuses a bundle type', () => {
    const c = run({ workflow: 'app', pool: 'dedicated', bundles: ['app'] }).checks.find(
      (x) => x.code === 'WF001',
    );
    expect(c?.message).toContain(
      'accepts a Fullstack bundle, or an Infrastructure + an Application bundle; got Application',
    );
    // It said the Application bundle "brings its own cluster": only a Fullstack one does.
    const ie = run({ workflow: 'app', pool: 'dedicated', bundles: ['app'] }).checks.find(
      (x) => x.code === 'IE001',
    );
    expect(ie).toMatchObject({ result: 'skip' });
    expect(ie?.message).toBe('bundle "app" has no Infrastructure bundle or pool to be checked against.');
  });
  it('takes an existing dedicated pool like a shared one (the controller decides its one claim)', () => {
    const r = resolverOf([...objects, pool('private', 'infra', 'dedicated')]);
    const p = planWorkflow(
      {
        workflow: 'app',
        pool: 'shared',
        namespace: 'project-melbourne',
        bundles: ['app'],
        computePool: 'private',
      },
      r,
    ).plan;
    expect(p.checks.find((c) => c.code === 'WF004')).toMatchObject({ result: 'pass' });
    expect(p.allowed).toBe(true);
  });
  it('refuses a bundle that is not Ready (WF005)', () => {
    const r = resolverOf([...objects, bundle('broken', 'Application', { workloadProfiles: ['missing'] })]);
    const p = planWorkflow(
      { workflow: 'app', pool: 'dedicated', namespace: 'project-melbourne', bundles: ['infra', 'broken'] },
      r,
    ).plan;
    expect(p.checks.find((c) => c.code === 'WF005' && c.result === 'fail')?.message).toContain('Pending');
  });
});
