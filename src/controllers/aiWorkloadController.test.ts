import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject, WorkloadProfile } from '../model/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import { tempDbPath } from '../storage/testFixtures.js';
import {
  aiWorkload,
  bundle,
  clusterProfile,
  mapping,
  NS,
  pool,
  project,
  stringVar,
  workloadProfile,
} from '../testing/builders.js';
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
  // The WorkloadDeployment controller runs too: it renders and writes the artifacts into an OCI
  // image layout under this directory.
  const dataDir = mkdtempSync(join(tmpdir(), 'paletteai-aiw-'));
  const controllers: Controllers = await startControllers(store, pipeline, () => {}, {
    retryMs: 50,
    dataDir,
  });
  closers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  closers.push(
    () => store.close(),
    () => controllers.stop(),
  );
  return { store, pipeline, controllers };
};
type World = Awaited<ReturnType<typeof setUp>>;

const EDGE = {
  controlPlaneEndpoint: { host: '10.0.0.9' },
  machinePools: [{ name: 'cp', controlPlane: true, edgeHostUids: ['host-1'] }],
};
const REQUESTED = 'meta-llama/Llama-3.3-70B-Instruct';

/**
 * An Infrastructure bundle (engine vllm) with an Infrastructure workload profile, two vLLM model
 * bundles (1.1.0 wins over 1.0.0), an app bundle, a Fullstack app bundle, and the project's mapping.
 */
const catalog = async ({ pipeline }: World) => {
  await pipeline.create(o(clusterProfile('edge')));
  await pipeline.create(o(workloadProfile('gpu-operator', 'Infrastructure')));
  await pipeline.create(
    o(
      bundle('edge-infra', 'Infrastructure', {
        clusterProfiles: ['edge'],
        workloadProfiles: ['gpu-operator'],
        engine: 'vllm',
      }),
    ),
  );
  const vllm = workloadProfile('vllm-server', 'Model', [
    stringVar('modelId', 'meta-llama/Llama-3.1-8B-Instruct'),
    stringVar('modelSource', 'huggingface'),
    stringVar('maxModelLen', '4096'),
    stringVar('hfToken', undefined, { secret: true }),
  ]);
  // What runs names the model and its context length: both reach the rendered artifact.
  vllm.spec.workload.components[0]!.properties = {
    ...vllm.spec.workload.components[0]!.properties,
    env: { MODEL: '{{ .var.modelId }}', MAX_MODEL_LEN: '{{ .var.maxModelLen }}' },
  };
  await pipeline.create(o(vllm));
  for (const [name, version] of [
    ['vllm-model', '1.1.0'],
    ['vllm-old', '1.0.0'],
  ] as const)
    await pipeline.create(
      o(bundle(name, 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm', version })),
    );
  await pipeline.create(o(workloadProfile('webui', 'Application')));
  await pipeline.create(o(bundle('webui-app', 'Application', { workloadProfiles: ['webui'] })));
  await pipeline.create(
    o(
      bundle('webui-full', 'Fullstack', {
        clusterProfiles: ['edge'],
        workloadProfiles: ['webui', 'gpu-operator'],
        variables: [stringVar('region', 'us')],
      }),
    ),
  );
  await pipeline.create(o(project('melbourne', [mapping('hf-llama', 100, { id: 'meta-llama/*' }, 'vllm')])));
};

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface SeenWorkload {
  metadata: { generation: number };
  status: {
    phase?: string;
    conditions: Condition[];
    selection?: {
      chosen: string | null;
      mapping: string | null;
      candidates: { name: string; verdict: string; reason: string }[];
    };
    plan?: { bundles: string[]; deploy: { workloadProfiles: string[] }; failedChecks: { code: string }[] };
    variables?: { name: string; value?: unknown; source: string }[];
    endpoints?: { url: string }[];
    artifacts?: { workloadDeployment: string; digest?: string }[];
    history?: { generation: number; artifacts: { workloadDeployment: string; digest: string }[] }[];
  };
}
interface SeenWd {
  metadata: { labels: Record<string, string> };
  spec: { variables?: Record<string, unknown>; profileBundle: string; computePool: string };
  status?: { phase?: string };
}

const key = (kind: string, name: string) => ({ kind, namespace: NS, name });
const workload = async ({ store }: World, name: string) =>
  (await store.get(key('AIWorkload', name))) as unknown as SeenWorkload;
const wd = async ({ store }: World, name: string) =>
  (await store.get(key('WorkloadDeployment', name))) as unknown as SeenWd | undefined;
const cond = (w: SeenWorkload, type: string) => w.status.conditions.find((c) => c.type === type);

/** The digest the WorkloadDeployment controller delivered for one deployment. */
const delivered = async (world: World, name: string): Promise<string> => {
  await world.controllers.idle();
  const d = (await wd(world, name))!;
  expect(d.status?.phase).toBe('Delivered');
  return (d.status as { artifact: { digest: string } }).artifact.digest;
};

const events = async ({ store }: World, name: string) =>
  (
    (await store.list('Event', { namespace: NS })).items as unknown as {
      involvedObject: { kind: string; name: string };
      reason: string;
      message: string;
    }[]
  )
    .filter((e) => e.involvedObject.kind === 'AIWorkload' && e.involvedObject.name === name)
    .map((e) => e.reason);

describe('the AIWorkload controller', () => {
  it('deploys a model onto a shared pool: MaaS picks the bundle and the requested model id reaches the WorkloadDeployment', async () => {
    const world = await setUp();
    await catalog(world);
    await world.pipeline.create(o(pool('gpu-pool', 'edge-infra')));
    await world.controllers.idle();
    await world.pipeline.create(
      o(
        aiWorkload('chat', 'model', {
          computePoolRef: { name: 'gpu-pool' },
          model: { source: 'huggingface', id: REQUESTED },
        }),
      ),
    );
    await world.controllers.idle();
    const w = await workload(world, 'chat');
    expect(w.status.phase).toBe('Delivered'); // the WorkloadDeployment controller delivered it;
    expect(w.status.selection).toMatchObject({ mapping: 'hf-llama', chosen: 'vllm-model' });
    expect(w.status.selection!.candidates.map((c) => [c.name, c.verdict])).toEqual(
      expect.arrayContaining([
        ['vllm-model', 'chosen'],
        ['vllm-old', 'outranked'],
      ]),
    );
    expect(w.status.plan).toMatchObject({
      bundles: ['vllm-model'],
      deploy: { workloadProfiles: ['vllm-server'] },
      failedChecks: [],
    });
    expect(w.status.variables!.find((v) => v.name === 'modelId')).toMatchObject({ value: REQUESTED });
    expect(cond(w, 'Compatible')).toMatchObject({ status: 'True' });
    const d = (await wd(world, 'chat-vllm-server'))!;
    expect(d.metadata.labels).toMatchObject({ 'palette.ai/owner-aiworkload': 'chat' });
    expect(d.spec).toMatchObject({ profileBundle: 'vllm-model', computePool: 'gpu-pool' });
    expect(d.spec.variables).toEqual({ modelId: REQUESTED, modelSource: 'huggingface', maxModelLen: '4096' });
  });

  it('deploys an app with an explicit bundle through Pending → Deploying → Delivered, with endpoints and history', async () => {
    const world = await setUp();
    await catalog(world);
    await world.pipeline.create(
      o(
        aiWorkload('ui', 'app', {
          profileBundleRefs: [{ name: 'webui-app' }],
          computePoolRef: { name: 'gpu-pool' },
        }),
      ),
    );
    await world.controllers.idle();
    expect((await workload(world, 'ui')).status.phase).toBe('Pending');
    expect(await wd(world, 'ui-webui')).toBeUndefined();
    await world.pipeline.create(o(pool('gpu-pool', 'edge-infra')));
    const digest = await delivered(world, 'ui-webui');
    const w = await workload(world, 'ui');
    expect(w.status.phase).toBe('Delivered');
    expect(cond(w, 'Delivered')).toMatchObject({ status: 'True' });
    expect(w.status.endpoints!.map((e) => e.url)).toEqual(['http://web.project-melbourne.svc:8080']);
    expect(w.status.artifacts).toMatchObject([{ workloadDeployment: 'ui-webui', digest }]);
    expect(w.status.history).toMatchObject([
      { generation: 1, artifacts: [{ workloadDeployment: 'ui-webui', digest }] },
    ]);
    expect(await events(world, 'ui')).toEqual(expect.arrayContaining(['Planned', 'Deploying', 'Delivered']));
  });

  it('delivers the profile revision the bundle pins when the profile moves on, and the new one where it takes the latest', async () => {
    const world = await setUp();
    await catalog(world);
    const pinned = bundle('webui-pinned', 'Application', {});
    pinned.spec.workloadProfiles = [{ name: 'webui', revision: 1 }];
    await world.pipeline.create(o(pinned));
    await world.pipeline.create(o(pool('gpu-pool', 'edge-infra')));
    for (const [name, b] of [
      ['ui', 'webui-app'],
      ['ui-pinned', 'webui-pinned'],
    ] as const)
      await world.pipeline.create(
        o(
          aiWorkload(name, 'app', { profileBundleRefs: [{ name: b }], computePoolRef: { name: 'gpu-pool' } }),
        ),
      );
    const first = await delivered(world, 'ui-webui');
    const pinnedFirst = await delivered(world, 'ui-pinned-webui');
    await world.pipeline.replace(key('WorkloadProfile', 'webui'), (cur) => {
      const wp = cur as unknown as WorkloadProfile;
      wp.spec.workload.components[0]!.properties!.image = 'ghcr.io/example/webui:2.0.0';
      return cur;
    });
    await world.controllers.idle();
    const revisionOf = async (name: string) =>
      ((await wd(world, name))!.spec as unknown as { workloadProfile: { revision: number } }).workloadProfile
        .revision;
    expect([await revisionOf('ui-webui'), await revisionOf('ui-pinned-webui')]).toEqual([2, 1]);
    expect(await delivered(world, 'ui-webui')).not.toBe(first);
    expect(await delivered(world, 'ui-pinned-webui')).toBe(pinnedFirst); // revision 1, rendered again
    expect((await workload(world, 'ui-pinned')).status.artifacts).toMatchObject([
      {
        workloadDeployment: 'ui-pinned-webui',
        digest: pinnedFirst,
        workloadProfile: { name: 'webui', revision: 1 },
      },
    ]);
  });

  it('refuses a second deployment onto a claimed dedicated pool, naming the first', async () => {
    const world = await setUp();
    await catalog(world);
    await world.pipeline.create(o(pool('solo', 'edge-infra', 'dedicated')));
    await world.controllers.idle();
    const onSolo = { profileBundleRefs: [{ name: 'webui-app' }], computePoolRef: { name: 'solo' } };
    await world.pipeline.create(o(aiWorkload('first', 'app', onSolo)));
    await world.controllers.idle();
    await world.pipeline.create(o(aiWorkload('second', 'app', onSolo)));
    await world.controllers.idle();
    expect((await workload(world, 'first')).status.phase).toBe('Delivered'); // the WorkloadDeployment controller delivered it;
    const second = await workload(world, 'second');
    expect(second.status.phase).toBe('Failed');
    expect(cond(second, 'PoolReady')).toMatchObject({ status: 'False', reason: 'WF004' });
    expect(cond(second, 'PoolReady')!.message).toContain('AIWorkload "first" claimed it first');
    // `kubectl wait --for=condition=Ready` must not pass on a failure (it did: Ready meant
    // "resolved and valid" only); the delivered one is Ready, and its pool.
    expect(cond(second, 'Ready')).toMatchObject({ status: 'False', reason: 'Failed' });
    expect(cond(second, 'Ready')!.message).toContain('AIWorkload "first" claimed it first');
    expect(cond(await workload(world, 'first'), 'Ready')).toMatchObject({
      status: 'True',
      reason: 'Delivered',
    });
    const solo = await world.store.get({ kind: 'ComputePool', namespace: NS, name: 'solo' });
    expect(cond(solo as never, 'Ready')).toMatchObject({ status: 'True', reason: 'Planned' });
    expect(await wd(world, 'second-webui')).toBeUndefined();
    expect(await events(world, 'second')).toContain('Failed');
  });

  it('makes its own dedicated pool, and deleting the AIWorkload deletes the pool and the WorkloadDeployments', async () => {
    const world = await setUp();
    await catalog(world);
    await world.pipeline.create(
      o(
        aiWorkload('own', 'app', {
          profileBundleRefs: [{ name: 'webui-full' }],
          dedicatedComputePool: { variables: { region: 'eu' }, paletteClusterDeploymentConfig: EDGE },
        }),
      ),
    );
    await world.controllers.idle();
    const p = (await world.store.get(key('ComputePool', 'own'))) as unknown as {
      metadata: { labels: Record<string, string> };
      spec: unknown;
      status: { phase: string };
    };
    expect(p.metadata.labels).toMatchObject({ 'palette.ai/owner-aiworkload': 'own' });
    expect(p.spec).toEqual({
      profileBundleRef: { name: 'webui-full' },
      clusterVariant: { dedicated: {} },
      variables: { region: 'eu' },
      paletteClusterDeploymentConfig: EDGE, // what a palette provider builds the cluster on
    });
    expect(p.status.phase).toBe('Planned');
    // The pool delivers its Infrastructure profile; the deployment its Application profile.
    expect((await wd(world, 'own-webui'))!.spec.computePool).toBe('own');
    expect(await wd(world, 'own-gpu-operator')).toBeDefined();
    expect((await workload(world, 'own')).status.phase).toBe('Delivered'); // the WorkloadDeployment controller delivered it;
    await world.pipeline.delete(key('AIWorkload', 'own'));
    await world.controllers.idle();
    expect(await world.store.get(key('ComputePool', 'own'))).toBeUndefined();
    expect(await wd(world, 'own-webui')).toBeUndefined();
    expect(await wd(world, 'own-gpu-operator')).toBeUndefined();
  });

  it('re-plans when workloadDeploymentConfigs change: the WorkloadDeployment spec is replaced and a new delivery is history', async () => {
    const world = await setUp();
    await catalog(world);
    await world.pipeline.create(o(pool('gpu-pool', 'edge-infra')));
    await world.pipeline.create(
      o(
        aiWorkload('tuned', 'model', {
          profileBundleRefs: [{ name: 'vllm-model' }],
          computePoolRef: { name: 'gpu-pool' },
          model: { source: 'huggingface', id: REQUESTED },
          workloadDeploymentConfigs: [{ variables: { maxModelLen: '8192', hfToken: 'hf_do_not_show' } }],
        }),
      ),
    );
    await world.controllers.idle();
    const first = (await wd(world, 'tuned-vllm-server'))!;
    expect(first.spec.variables).toMatchObject({ maxModelLen: '8192' });
    // A secret's value is masked in the status and never written into a WorkloadDeployment.
    expect(first.spec.variables).not.toHaveProperty('hfToken');
    const tuned = await workload(world, 'tuned');
    expect(tuned.status.variables!.find((v) => v.name === 'hfToken')).toMatchObject({ value: '(secret)' });
    expect(JSON.stringify(tuned.status)).not.toContain('hf_do_not_show');
    const one = await delivered(world, 'tuned-vllm-server');
    expect((await workload(world, 'tuned')).status.phase).toBe('Delivered');
    await world.pipeline.replace(key('AIWorkload', 'tuned'), (cur) => ({
      ...cur,
      spec: {
        ...(cur.spec as object),
        workloadDeploymentConfigs: [{ variables: { maxModelLen: '16384', hfToken: 'hf_do_not_show' } }],
      },
    }));
    const two = await delivered(world, 'tuned-vllm-server');
    const d = (await wd(world, 'tuned-vllm-server'))!;
    expect(d.spec.variables).toMatchObject({ maxModelLen: '16384', modelId: REQUESTED });
    expect(two).not.toBe(one); // re-rendered with the new values
    const w = await workload(world, 'tuned');
    expect(w.status.phase).toBe('Delivered');
    expect(w.status.history!.map((h) => [h.generation, h.artifacts[0]!.digest])).toEqual([
      [1, one],
      [2, two],
    ]);
  });

  it('fails a plan that is not allowed (IE001), naming the code and the field, and creates nothing', async () => {
    const world = await setUp();
    await catalog(world);
    await world.pipeline.create(
      o(
        aiWorkload('mismatch', 'model', {
          profileBundleRefs: [{ name: 'vllm-model' }],
          computePoolRef: { name: 'tei-pool' },
          model: { source: 'huggingface', id: REQUESTED },
        }),
      ),
    );
    await world.controllers.idle();
    expect((await workload(world, 'mismatch')).status.phase).toBe('Pending');
    await world.pipeline.create(
      o(bundle('tei-infra', 'Infrastructure', { clusterProfiles: ['edge'], engine: 'tei' })),
    );
    await world.pipeline.create(o(pool('tei-pool', 'tei-infra')));
    await world.controllers.idle();
    const w = await workload(world, 'mismatch');
    expect(w.status.phase).toBe('Failed');
    expect(cond(w, 'Planned')).toMatchObject({ status: 'False', reason: 'IE001' });
    expect(cond(w, 'Planned')!.message).toContain('IE001 spec.profileBundleRefs');
    expect(cond(w, 'Compatible')).toMatchObject({ status: 'False', reason: 'IE001' });
    expect(w.status.plan!.failedChecks.map((c) => c.code)).toContain('IE001');
    expect(await wd(world, 'mismatch-vllm-server')).toBeUndefined();
    expect(await events(world, 'mismatch')).toContain('Failed');
  });
});
