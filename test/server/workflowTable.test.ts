/**
 * SPEC §3's workflow table, row by row, on a real server over HTTPS: what each workflow accepts,
 * and what of an accepted bundle it deploys (the owned WorkloadDeployments the controllers make)
 * and ignores (reported with a reason). The planner's unit tests cover the same table in memory;
 * this is the same table carried out by the controllers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aiWorkload,
  bundle,
  clusterProfile,
  NS,
  pool,
  stringVar,
  workloadProfile,
} from '../../src/testing/builders.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
const V1B1 = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}`;
const V1A1 = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}`;

const post = async (path: string, body: object) => {
  const r = await h.api('POST', path, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
};

beforeAll(async () => {
  h = await startHarness();
  await h.api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await post(`/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`, clusterProfile('edge'));
  await post(`${V1A1}/clusterprofiles`, clusterProfile('extras', 'Add-on'));
  await post(`${V1B1}/workloadprofiles`, workloadProfile('gpu-operator', 'Infrastructure'));
  await post(`${V1B1}/workloadprofiles`, workloadProfile('webui', 'Application'));
  await post(
    `${V1B1}/workloadprofiles`,
    workloadProfile('vllm', 'Model', [stringVar('modelId', 'org/default')]),
  );
  const bundles = [
    bundle('infra', 'Infrastructure', {
      clusterProfiles: ['edge', 'extras'],
      workloadProfiles: ['gpu-operator'],
    }),
    bundle('full-app', 'Fullstack', {
      clusterProfiles: ['edge'],
      workloadProfiles: ['webui', 'gpu-operator'],
    }),
    bundle('full-model', 'Fullstack', {
      clusterProfiles: ['edge'],
      workloadProfiles: ['vllm', 'gpu-operator'],
    }),
    bundle('app', 'Application', { workloadProfiles: ['webui'] }),
    bundle('model', 'Application', { workloadProfiles: ['vllm'] }),
  ];
  for (const b of bundles) await post(`${V1B1}/profilebundles`, b);
  // The pools the shared rows deploy onto, one per accepted pool bundle type.
  await post(`${V1A1}/computepools`, pool('shared-infra', 'infra'));
  await post(`${V1A1}/computepools`, pool('shared-full', 'full-app'));
  await h.server.controllers.idle();
});
afterAll(async () => h.close());

interface Seen {
  status: {
    phase: string;
    plan: {
      deploy: { clusterProfiles: string[]; workloadProfiles: string[] };
      ignored: { kind: string; name: string; bundle: string; reason: string }[];
    };
    conditions: { type: string; status: string; reason: string; message: string }[];
  };
}

const read = async (plural: string, name: string) => {
  await h.server.controllers.idle();
  const r = await h.api('GET', `${V1A1}/${plural}/${name}`);
  expect(r.status).toBe(200);
  return r.body as Seen;
};

/** The WorkloadDeployments the controllers made for an owner, by profile. */
const deliveredProfiles = async (owner: string): Promise<string[]> => {
  const r = await h.api('GET', `${V1B1}/workloaddeployments`);
  expect(r.status).toBe(200);
  return (r.body.items as { spec: { owner: { name: string }; workloadProfile: { name: string } } }[])
    .filter((w) => w.spec.owner.name === owner)
    .map((w) => w.spec.workloadProfile.name)
    .sort();
};

/** A model deployment's requested model id reaches its Model WorkloadDeployment (SPEC §6). */
const expectModelBound = async (name: string, type: 'app' | 'model') => {
  if (type !== 'model') return;
  const r = await h.api('GET', `${V1B1}/workloaddeployments/${name}-vllm`);
  expect(r.body.spec.variables).toMatchObject({ modelId: 'org/requested' });
};

const ignoredNames = (s: Seen) => s.status.plan.ignored.map((i) => `${i.kind}/${i.name}`).sort();

describe('§3 row: compute pool (shared or dedicated) takes an Infrastructure or a Fullstack bundle', () => {
  it.each([
    ['shared', 'infra', ['edge', 'extras'], []],
    ['dedicated', 'full-app', ['edge'], ['WorkloadProfile/webui']],
  ] as const)(
    '%s pool of %s: deploys cluster profiles and Infrastructure WPs, ignores Application/Model WPs',
    async (variant, b, cps, ignored) => {
      const name = `pool-${variant}`;
      await post(`${V1A1}/computepools`, pool(name, b, variant));
      const p = await read('computepools', name);
      expect(p.status.phase).toBe('Planned');
      expect(p.status.plan.deploy).toEqual({ clusterProfiles: cps, workloadProfiles: ['gpu-operator'] });
      expect(ignoredNames(p)).toEqual(ignored);
      for (const i of p.status.plan.ignored) expect(i.reason).not.toBe('');
      expect(await deliveredProfiles(name)).toEqual(['gpu-operator']);
    },
  );

  it.each(['app', 'model'])('refuses the %s bundle (Application) with WF001, naming the field', async (b) => {
    const r = await h.api('POST', `${V1A1}/computepools`, pool(`bad-${b}`, b));
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/WF001/);
    expect(JSON.stringify(r.body.details)).toContain('spec.profileBundleRef');
  });
});

const modelOf = (type: 'app' | 'model') =>
  type === 'model' ? { model: { source: 'huggingface' as const, id: 'org/requested' } } : {};

type Row = readonly [string, 'app' | 'model', readonly string[], readonly string[], readonly string[]];

describe('§3 rows: app and model deployments on a new dedicated pool', () => {
  // name, workflow, bundles, WPs the deployment delivers, the pool's own WPs
  const rows: Row[] = [
    ['ded-app-full', 'app', ['full-app'], ['webui'], ['gpu-operator']],
    ['ded-app-pair', 'app', ['infra', 'app'], ['webui'], ['gpu-operator']],
    ['ded-model-full', 'model', ['full-model'], ['vllm'], ['gpu-operator']],
    ['ded-model-pair', 'model', ['infra', 'model'], ['vllm'], ['gpu-operator']],
  ];
  it.each(rows)(
    '%s (%s of %j): cluster profiles, the workflow WPs and Infrastructure WPs are deployed',
    async (name, type, refs, own, poolWps) => {
      await post(
        `${V1A1}/aiworkloads`,
        aiWorkload(name, type, {
          profileBundleRefs: refs.map((n) => ({ name: n })),
          dedicatedComputePool: {},
          ...modelOf(type),
        }),
      );
      const w = await read('aiworkloads', name);
      expect(w.status.phase, JSON.stringify(w.status.conditions)).toBe('Delivered');
      expect(w.status.plan.deploy.workloadProfiles.sort()).toEqual([...own, ...poolWps].sort());
      expect(w.status.plan.deploy.clusterProfiles.length).toBeGreaterThan(0);
      expect(ignoredNames(w)).toEqual([]);
      // The dedicated pool is made for it, and it delivers the Infrastructure WP; the deployment its own.
      const p = await read('computepools', name);
      expect(p.status.phase).toBe('Planned');
      expect(await deliveredProfiles(name)).toEqual([...own, ...poolWps].sort());
      await expectModelBound(name, type);
    },
  );

  it('refuses an Application bundle alone on a dedicated pool (nothing to make the pool of) with WF…', async () => {
    const r = await h.api(
      'POST',
      `${V1A1}/aiworkloads`,
      aiWorkload('ded-app-alone', 'app', { profileBundleRefs: [{ name: 'app' }], dedicatedComputePool: {} }),
    );
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/WF0\d\d/);
    expect((await h.api('GET', `${V1A1}/computepools/ded-app-alone`)).status).toBe(404);
  });
});

describe('§3 rows: app and model deployments onto an existing shared pool', () => {
  const rows: (readonly [string, 'app' | 'model', string, string, string[], string[]])[] = [
    ['sh-app', 'app', 'app', 'shared-infra', ['webui'], []],
    [
      'sh-app-full',
      'app',
      'full-app',
      'shared-infra',
      ['webui'],
      ['ClusterProfile/edge', 'WorkloadProfile/gpu-operator'],
    ],
    ['sh-model', 'model', 'model', 'shared-full', ['vllm'], []],
    [
      'sh-model-full',
      'model',
      'full-model',
      'shared-full',
      ['vllm'],
      ['ClusterProfile/edge', 'WorkloadProfile/gpu-operator'],
    ],
  ];
  it.each(rows)(
    '%s (%s of %s on %s): only the workflow WPs are deployed; the rest is ignored with a reason',
    async (name, type, b, onto, own, ignored) => {
      await post(
        `${V1A1}/aiworkloads`,
        aiWorkload(name, type, {
          profileBundleRefs: [{ name: b }],
          computePoolRef: { name: onto },
          ...modelOf(type),
        }),
      );
      const w = await read('aiworkloads', name);
      expect(w.status.phase, JSON.stringify(w.status.conditions)).toBe('Delivered');
      expect(w.status.plan.deploy).toEqual({ clusterProfiles: [], workloadProfiles: own });
      expect(ignoredNames(w)).toEqual(ignored);
      for (const i of w.status.plan.ignored) expect(i.reason).toMatch(/shared|pool/i);
      expect(await deliveredProfiles(name)).toEqual(own);
      await expectModelBound(name, type);
    },
  );

  it.each([
    ['sh-app-wrong', 'app', 'model', /Application workload profile|WF0/],
    ['sh-model-wrong', 'model', 'app', /Model workload profile|WF0/],
  ] as const)(
    '%s: a %s deployment of a bundle without its kind of WP is refused',
    async (name, type, b, message) => {
      const r = await h.api(
        'POST',
        `${V1A1}/aiworkloads`,
        aiWorkload(name, type, {
          profileBundleRefs: [{ name: b }],
          computePoolRef: { name: 'shared-infra' },
        }),
      );
      expect(r.status).toBe(422);
      expect(r.body.message).toMatch(message);
      expect(await deliveredProfiles(name)).toEqual([]);
    },
  );
});
