import { afterEach, describe, expect, it } from 'vitest';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject } from '../model/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import { tempDbPath } from '../storage/testFixtures.js';
import { bundle, clusterProfile, NS, stringVar, workloadProfile } from '../testing/builders.js';
import { startFakePalette } from '../providers/testing/fakePalette.js';
import { startControllers, type Controllers } from './controllers.js';

const o = (x: unknown) => x as KubeObject;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const setUp = async () => {
  const store = SqliteStore.open(tempDbPath(), { referencesOf });
  const pipeline = new WritePipeline(store);
  await ensureNamespaces(pipeline, [NS, 'paletteai-system', 'tenant-acme', 'flux-system']);
  const controllers: Controllers = await startControllers(store, pipeline, () => {}, { retryMs: 50 });
  closers.push(
    () => store.close(),
    () => controllers.stop(),
  );
  return { store, pipeline, controllers };
};

const pool = (name: string, bundleName: string, variant: 'shared' | 'dedicated' = 'shared') =>
  o({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ComputePool',
    metadata: { name, namespace: NS },
    spec: { profileBundleRef: { name: bundleName }, clusterVariant: { [variant]: {} } },
  });

/** An Infrastructure bundle of one edge-native cluster profile, one Add-on and one Infrastructure workload profile. */
const infrastructure = async (pipeline: WritePipeline) => {
  await pipeline.create(o(clusterProfile('edge')));
  await pipeline.create(o(clusterProfile('monitoring', 'Add-on')));
  await pipeline.create(o(workloadProfile('gpu-operator', 'Infrastructure')));
  await pipeline.create(
    o(
      bundle('edge-infra', 'Infrastructure', {
        clusterProfiles: ['edge', 'monitoring'],
        workloadProfiles: ['gpu-operator'],
        engine: 'vllm',
      }),
    ),
  );
};

interface Seen {
  spec: unknown;
  status: {
    phase?: string;
    inferenceEngine?: string;
    bundle?: unknown;
    plan: { deploy: unknown };
    conditions: { type: string; status: string; reason: string; message: string }[];
  };
}

const get = async (store: SqliteStore, kind: string, name: string) =>
  (await store.get({ kind, namespace: NS, name })) as unknown as Seen | undefined;

describe('the compute-pool controller, with the embedded provider "none"', () => {
  it("writes as its own field manager: the status it sets is its own in managedFields, the spec the creator's", async () => {
    const { store, pipeline, controllers } = await setUp();
    await infrastructure(pipeline);
    await pipeline.as('platform-team').create(pool('owned-pool', 'edge-infra'));
    await controllers.idle();
    const p = (await store.get({ kind: 'ComputePool', namespace: NS, name: 'owned-pool' }))!;
    const entries = (p.metadata.managedFields ?? []) as {
      manager: string;
      operation: string;
      subresource?: string;
      fieldsV1: Record<string, unknown>;
    }[];
    expect(
      entries.map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`).sort(),
    ).toEqual(['paletteai-compute-pool-controller/Update/status', 'platform-team/Update']);
    const of = (manager: string) => Object.keys(entries.find((e) => e.manager === manager)!.fieldsV1);
    expect(of('platform-team')).toContain('f:spec');
    expect(of('paletteai-compute-pool-controller')).toEqual(['f:status']);
  });

  it('records the plan, the engine and the bundle, says Planned in words, and delivers the Infrastructure profiles', async () => {
    const { store, pipeline, controllers } = await setUp();
    await infrastructure(pipeline);
    await pipeline.create(pool('cpu-pool', 'edge-infra'));
    await controllers.idle();
    const p = (await get(store, 'ComputePool', 'cpu-pool'))!;
    expect(p.status.phase).toBe('Planned');
    expect(p.status.inferenceEngine).toBe('vllm');
    expect(p.status.bundle).toEqual({ name: 'edge-infra', version: '1.0.0', generation: 1 });
    expect(p.status.plan.deploy).toEqual({
      clusterProfiles: ['edge', 'monitoring'],
      workloadProfiles: ['gpu-operator'],
    });
    const provisioned = p.status.conditions.find((c) => c.type === 'Provisioned');
    expect(provisioned).toMatchObject({ status: 'False', reason: 'NoInfrastructureProvider' });
    expect(provisioned!.message).toMatch(/no machines were made/i);
    expect(p.status.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True' });
    const wd = (await get(store, 'WorkloadDeployment', 'cpu-pool-gpu-operator'))!;
    expect(wd.spec).toEqual({
      owner: { kind: 'ComputePool', name: 'cpu-pool' },
      profileBundle: 'edge-infra',
      workloadProfile: { name: 'gpu-operator', revision: 1 },
      computePool: 'cpu-pool',
    });
  });

  it("moves its deployment to a profile's new revision, unless the bundle pins one (then renders that)", async () => {
    const { store, pipeline, controllers } = await setUp();
    await infrastructure(pipeline);
    const pinned = bundle('edge-pinned', 'Infrastructure', { clusterProfiles: ['edge'], engine: 'vllm' });
    pinned.spec.workloadProfiles = [{ name: 'gpu-operator', revision: 1 }];
    await pipeline.create(o(pinned));
    await pipeline.create(pool('cpu-pool', 'edge-infra'));
    await pipeline.create(pool('pinned-pool', 'edge-pinned'));
    await controllers.idle();
    const profileKey = { kind: 'WorkloadProfile', namespace: NS, name: 'gpu-operator' };
    await pipeline.replace(profileKey, (cur) => ({
      ...cur,
      spec: { ...(cur.spec as object), description: 'GPU operator, tuned' },
    }));
    await controllers.idle();
    const revisionOf = async (name: string) =>
      ((await get(store, 'WorkloadDeployment', name))!.spec as { workloadProfile: { revision: number } })
        .workloadProfile.revision;
    expect(await revisionOf('cpu-pool-gpu-operator')).toBe(2);
    expect(await revisionOf('pinned-pool-gpu-operator')).toBe(1);
    expect((await get(store, 'ComputePool', 'cpu-pool'))!.status.phase).toBe('Planned');
  });

  it("names the pool's spec.variables as the source of the values it sets", async () => {
    const { store, pipeline, controllers } = await setUp();
    await pipeline.create(o(clusterProfile('edge')));
    await pipeline.create(o(workloadProfile('drivers', 'Infrastructure', [stringVar('driver', '550')])));
    await pipeline.create(
      o(
        bundle('edge-drivers', 'Infrastructure', {
          clusterProfiles: ['edge'],
          workloadProfiles: ['drivers'],
        }),
      ),
    );
    const p = pool('gpu-a', 'edge-drivers') as KubeObject & { spec: { variables?: object } };
    p.spec.variables = { driver: '560' };
    await pipeline.create(p);
    await controllers.idle();
    const seen = (await store.get({ kind: 'ComputePool', namespace: NS, name: 'gpu-a' }))!.status as {
      cluster: { plan: { variables: { name: string; value: unknown; source: string }[] } };
    };
    expect(seen.cluster.plan.variables).toContainEqual(
      expect.objectContaining({ name: 'driver', value: '560', source: 'ComputePool gpu-a spec.variables' }),
    );
  });

  it('waits as Pending for a bundle that is not there, and plans once it arrives', async () => {
    const { store, pipeline, controllers } = await setUp();
    await pipeline.create(pool('early', 'edge-infra'));
    await controllers.idle();
    expect((await get(store, 'ComputePool', 'early'))!.status.phase).toBe('Pending');
    await infrastructure(pipeline);
    await controllers.idle();
    expect((await get(store, 'ComputePool', 'early'))!.status.phase).toBe('Planned');
  });

  it('says UpToDate=False, naming the change, when the bundle changes after the pool was built', async () => {
    const { store, pipeline, controllers } = await setUp();
    await infrastructure(pipeline);
    await pipeline.create(pool('cpu-pool', 'edge-infra'));
    await controllers.idle();
    await pipeline.replace({ kind: 'ProfileBundle', namespace: NS, name: 'edge-infra' }, (b) => ({
      ...b,
      spec: { ...(b.spec as object), version: '1.1.0' },
    }));
    await controllers.idle();
    const p = (await get(store, 'ComputePool', 'cpu-pool'))!;
    expect(p.status.bundle).toEqual({ name: 'edge-infra', version: '1.0.0', generation: 1 });
    const upToDate = p.status.conditions.find((c) => c.type === 'UpToDate');
    expect(upToDate).toMatchObject({ status: 'False', reason: 'BundleChanged' });
    expect(upToDate!.message).toContain('1.0.0 → 1.1.0');
  });

  it('deletes the WorkloadDeployments a deleted pool owned', async () => {
    const { store, pipeline, controllers } = await setUp();
    await infrastructure(pipeline);
    await pipeline.create(pool('cpu-pool', 'edge-infra'));
    await controllers.idle();
    expect(await get(store, 'WorkloadDeployment', 'cpu-pool-gpu-operator')).toBeDefined();
    await pipeline.delete({ kind: 'ComputePool', namespace: NS, name: 'cpu-pool' });
    await controllers.idle();
    expect(await get(store, 'WorkloadDeployment', 'cpu-pool-gpu-operator')).toBeUndefined();
  });
});

describe('the compute-pool controller records its steps as Events', () => {
  it('says Planned on the pool, once', async () => {
    const { store, pipeline, controllers } = await setUp();
    await infrastructure(pipeline);
    await pipeline.create(pool('cpu-pool', 'edge-infra'));
    await controllers.idle();
    await controllers.idle();
    const events = (await store.list('Event', { namespace: NS })).items as unknown as {
      involvedObject: { kind: string; name: string };
      reason: string;
      type: string;
      count: number;
      message: string;
    }[];
    const mine = events.filter(
      (e) => e.involvedObject.kind === 'ComputePool' && e.involvedObject.name === 'cpu-pool',
    );
    expect(mine.map((e) => [e.type, e.reason, e.count])).toEqual([['Normal', 'Planned', 1]]);
    expect(mine[0]!.message).toMatch(/no machines were made/i);
  });
});

describe('the compute-pool controller with the provider the Settings choose', () => {
  it('fails a palette pool whose profiles were not read from Palette, saying why, and delivers nothing', async () => {
    const { store, pipeline, controllers } = await setUp();
    await pipeline.create(
      o({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'palette-creds', namespace: NS },
        stringData: { apiKey: 'k' },
      }),
    );
    await pipeline.create(
      o({
        apiVersion: 'spectrocloud.com/v1alpha1',
        kind: 'Settings',
        metadata: { name: 'default', namespace: NS },
        spec: {
          infrastructureProvider: 'palette',
          palette: {
            endpoint: 'https://127.0.0.1:1',
            projectUid: 'p1',
            apiKeySecretRef: { name: 'palette-creds', key: 'apiKey' },
          },
        },
      }),
    );
    await infrastructure(pipeline);
    await pipeline.create(pool('cpu-pool', 'edge-infra'));
    await controllers.idle();
    const p = (await get(store, 'ComputePool', 'cpu-pool'))!;
    expect(p.status.phase).toBe('Failed');
    const provisioned = p.status.conditions.find((c) => c.type === 'Provisioned')!;
    expect(provisioned).toMatchObject({ status: 'False', reason: 'InvalidRequest' });
    expect(provisioned.message).toContain('have no Palette uid');
    expect(await get(store, 'WorkloadDeployment', 'cpu-pool-gpu-operator')).toBeUndefined();
  });

  it('creates the Palette cluster on the edge hosts and VIP of spec.paletteClusterDeploymentConfig', async () => {
    const palette = await startFakePalette({ apiKey: API_KEY, projectUid: 'p1' });
    closers.push(() => palette.close());
    const { store, pipeline, controllers } = await setUp();
    await paletteSettings(pipeline, palette.url);
    const edge = { ...clusterProfile('edge'), spec: { ...clusterProfile('edge').spec, uid: 'cp-infra-1' } };
    await pipeline.create(o(edge));
    await pipeline.create(o(bundle('edge-infra', 'Infrastructure', { clusterProfiles: ['edge'] })));
    const config = {
      controlPlaneEndpoint: { host: '10.10.0.50' },
      machinePools: [
        { name: 'cp', controlPlane: true, edgeHostUids: ['edge-host-a'] },
        { name: 'gpu', edgeHostUids: ['edge-host-b', 'edge-host-c'], labels: ['gpu'] },
      ],
    };
    const withEdge = pool('edge-pool', 'edge-infra') as unknown as { spec: Record<string, unknown> };
    await pipeline.create(
      o({ ...withEdge, spec: { ...withEdge.spec, paletteClusterDeploymentConfig: config } }),
    );
    await controllers.idle();
    const p = (await get(store, 'ComputePool', 'edge-pool'))!;
    expect(p.status.phase, JSON.stringify(p.status.conditions)).toMatch(/^(Provisioning|Running)$/);
    const [made] = [...palette.clusters.values()];
    expect(made!.entity.metadata.name).toBe(`${NS}-edge-pool`);
    expect(made!.entity.spec.cloudConfig).toEqual({
      controlPlaneEndpoint: { host: '10.10.0.50', type: 'VIP' },
    });
    expect(made!.entity.spec.profiles).toEqual([{ uid: 'cp-infra-1' }]);
    expect(
      made!.entity.spec.machinepoolconfig.map((m) => [
        m.poolConfig.name,
        m.poolConfig.isControlPlane,
        m.cloudConfig.edgeHosts.map((h) => h.hostUid),
      ]),
    ).toEqual([
      ['cp', true, ['edge-host-a']],
      ['gpu', undefined, ['edge-host-b', 'edge-host-c']],
    ]);
  });

  it('without edge hosts, a palette pool fails naming the field to set', async () => {
    const palette = await startFakePalette({ apiKey: API_KEY, projectUid: 'p1' });
    closers.push(() => palette.close());
    const { store, pipeline, controllers } = await setUp();
    await paletteSettings(pipeline, palette.url);
    const edge = { ...clusterProfile('edge'), spec: { ...clusterProfile('edge').spec, uid: 'cp-infra-1' } };
    await pipeline.create(o(edge));
    await pipeline.create(o(bundle('edge-infra', 'Infrastructure', { clusterProfiles: ['edge'] })));
    await pipeline.create(pool('bare-pool', 'edge-infra'));
    await controllers.idle();
    const p = (await get(store, 'ComputePool', 'bare-pool'))!;
    expect(p.status.phase).toBe('Failed');
    expect(p.status.conditions.find((c) => c.type === 'Provisioned')!.message).toContain(
      'spec.paletteClusterDeploymentConfig.machinePools',
    );
    expect(palette.clusters.size).toBe(0);
  });
});

const API_KEY = 'palette-api-key-0123456789';

/** The palette-creds Secret and Settings choosing Palette at `endpoint`. */
const paletteSettings = async (pipeline: WritePipeline, endpoint: string) => {
  await pipeline.create(
    o({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'palette-creds', namespace: NS },
      stringData: { apiKey: API_KEY },
    }),
  );
  await pipeline.create(
    o({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Settings',
      metadata: { name: 'default', namespace: NS },
      spec: {
        infrastructureProvider: 'palette',
        palette: { endpoint, projectUid: 'p1', apiKeySecretRef: { name: 'palette-creds', key: 'apiKey' } },
      },
    }),
  );
};
