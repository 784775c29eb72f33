/**
 * `npm run bench -- workflows`: model deployments carried out by the controllers, end to end in
 * process (SQLite store, write pipeline, controllers) into a real registry (Debian's
 * docker-registry on loopback): AIWorkload create → Delivered latency, and many deployments across
 * 10 shared pools, next to a floor that pushes the same artifacts with a bare upload loop; the time
 * of each deployment split into render, pack and push as the controller measured them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNamespaces, WritePipeline } from '../src/apiserver/index.js';
import { startControllers } from '../src/controllers/index.js';
import type { DeliveryStep } from '../src/controllers/context.js';
import { packFluxArtifact, pushArtifact } from '../src/delivery/index.js';
import { startRegistry } from '../src/delivery/testing/registryServer.js';
import { referencesOf } from '../src/kinds/index.js';
import type { KubeObject } from '../src/model/index.js';
import { SqliteStore } from '../src/storage/sqliteStore.js';
import type { Store } from '../src/storage/store.js';
import { pct } from './serverProcess.js';
import { fmt, table } from './stats.js';

const NS = 'bench';
const POOLS = 10;
const LATENCY_RUNS = 30;
const DEPLOYMENTS = 1_000;

const o = (x: unknown) => x as KubeObject;

const objects = (registry: string): KubeObject[] => [
  o({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'Settings',
    metadata: { name: 'default', namespace: NS },
    spec: { infrastructureProvider: 'none', ociRegistry: { url: `oci://${registry}/bench`, insecure: true } },
  }),
  o({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ClusterProfile',
    metadata: { name: 'edge', namespace: NS },
    spec: {
      type: 'Infrastructure',
      cloudType: 'edge-native',
      version: '1.0.0',
      layers: ['os:ubuntu', 'k8s:k3s', 'cni:cilium', 'csi:longhorn'].map((l) => ({
        type: l.split(':')[0],
        pack: { name: l.split(':')[1], version: '1.0.0' },
      })),
    },
  }),
  o({
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'ProfileBundle',
    metadata: { name: 'edge-infra', namespace: NS, labels: { 'palette.ai/inference-engine': 'vllm' } },
    spec: { type: 'Infrastructure', version: '1.0.0', clusterProfiles: [{ name: 'edge' }] },
  }),
  o({
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'WorkloadProfile',
    metadata: { name: 'vllm', namespace: NS },
    spec: {
      type: 'Model',
      variables: [
        { name: 'modelId', variableType: 'string', value: { string: 'org/default' } },
        { name: 'modelSource', variableType: 'string', value: { string: 'huggingface' } },
      ],
      workload: {
        components: [
          {
            name: 'server',
            type: 'webservice',
            properties: {
              image: 'vllm/vllm-openai:v0.10.1.1',
              port: 8000,
              env: { MODEL: '{{ .var.modelId }}' },
            },
          },
        ],
      },
    },
  }),
  o({
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'ProfileBundle',
    metadata: { name: 'vllm-model', namespace: NS, labels: { 'palette.ai/inference-engine': 'vllm' } },
    spec: { type: 'Application', version: '1.0.0', workloadProfiles: [{ name: 'vllm' }] },
  }),
  ...Array.from({ length: POOLS }, (_, i) =>
    o({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ComputePool',
      metadata: { name: `pool-${i}`, namespace: NS },
      spec: { profileBundleRef: { name: 'edge-infra' }, clusterVariant: { shared: {} } },
    }),
  ),
];

const deployment = (i: number) =>
  o({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'AIWorkload',
    metadata: { name: `chat-${i}`, namespace: NS, labels: { 'palette.ai/aiworkload-type': 'model' } },
    spec: {
      profileBundleRefs: [{ name: 'vllm-model' }],
      computePoolRef: { name: `pool-${i % POOLS}` },
      model: { source: 'huggingface', id: `org/model-${i}` },
    },
  });

/**
 * Starts following one AIWorkload (before it is created, so no change is missed); `done` resolves
 * when it is Delivered and rejects when it Failed.
 */
const follow = async (store: Store, name: string): Promise<{ done: Promise<void> }> => {
  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const watch = await store.watch('AIWorkload', { namespace: NS, name }, undefined, (e) => {
    const phase = (e.object.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Delivered') settle.resolve();
    else if (phase === 'Failed')
      settle.reject(new Error(`${name} failed: ${JSON.stringify(e.object.status)}`));
  });
  return { done: done.finally(() => watch.stop()) };
};

export const benchWorkflows = async (): Promise<void> => {
  const registry = await startRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'paletteai-bench-workflows-'));
  const store = SqliteStore.open(join(dir, 'store.db'), { referencesOf });
  const pipeline = new WritePipeline(store);
  // The time of each delivery step, per WorkloadDeployment, from the controller itself.
  const steps: Record<DeliveryStep, number[]> = { render: [], pack: [], push: [] };
  const controllers = await startControllers(store, pipeline, () => {}, {
    dataDir: dir,
    timing: (step, ms) => steps[step].push(ms),
  });
  try {
    await ensureNamespaces(pipeline, [NS]); // writes into a namespace need it to exist
    for (const x of objects(registry.host)) await pipeline.create(x);
    await controllers.idle();

    // Floor: the same kind of artifact (one rendered manifest naming the model) pushed by a bare loop.
    const floorTimes: number[] = [];
    const floorSteps: Record<'pack' | 'push', number[]> = { pack: [], push: [] };
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const t = process.hrtime.bigint();
      const artifact = packFluxArtifact(
        [
          o({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `m-${i}` },
            data: { MODEL: `org/floor-${i}` },
          }),
        ],
        { source: 'bench', revision: `r${i}`, created: '2026-11-30T00:00:00Z' },
      );
      const packed = process.hrtime.bigint();
      await pushArtifact({ url: `oci://${registry.host}/floor`, insecure: true }, `t${i}`, artifact);
      floorTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      floorSteps.pack.push(Number(packed - t) / 1e6);
      floorSteps.push.push(Number(process.hrtime.bigint() - packed) / 1e6);
    }

    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const followed = await follow(store, `chat-${i}`);
      const t = process.hrtime.bigint();
      await pipeline.create(deployment(i));
      await followed.done;
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }

    const all: Promise<void>[] = [];
    for (let i = LATENCY_RUNS; i < LATENCY_RUNS + DEPLOYMENTS; i++)
      all.push((await follow(store, `chat-${i}`)).done);
    const t0 = process.hrtime.bigint();
    for (let i = LATENCY_RUNS; i < LATENCY_RUNS + DEPLOYMENTS; i++) await pipeline.create(deployment(i));
    await Promise.all(all);
    const manyMs = Number(process.hrtime.bigint() - t0) / 1e6;

    floorTimes.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    console.log(
      `\n## workflows: model deployments by the controllers into a real registry (docker-registry on loopback), ${POOLS} shared pools\n`,
    );
    table(
      ['', 'p50 ms', 'p99 ms'],
      [
        [
          'floor: pack one rendered manifest + push it (bare upload loop)',
          fmt(pct(floorTimes, 50), 1),
          fmt(pct(floorTimes, 99), 1),
        ],
        [
          'AIWorkload create → Delivered (plan, WorkloadDeployment, render, pack, push, status)',
          fmt(pct(latencies, 50), 1),
          fmt(pct(latencies, 99), 1),
        ],
      ],
    );
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const row = (label: string, xs: number[]) => [
      label,
      fmt(pct(sorted(xs), 50), 2),
      fmt(pct(sorted(xs), 99), 2),
    ];
    console.log(
      `\nPer WorkloadDeployment (${fmt(steps.push.length)} delivered), as the controller timed each step:\n`,
    );
    table(
      ['step', 'p50 ms', 'p99 ms'],
      [
        row('render (read profile, bundle, variables; render components)', steps.render),
        row('pack (Flux OCI artifact: tar, gzip, digests)', steps.pack),
        row('floor: pack one ConfigMap', floorSteps.pack),
        row('push (OCI distribution upload to the registry)', steps.push),
        row('floor: push (bare upload loop)', floorSteps.push),
      ],
    );
    console.log(
      `\n${fmt(DEPLOYMENTS)} deployments across ${POOLS} pools, created back to back: all Delivered in ${fmt(manyMs / 1000, 1)} s ` +
        `(${fmt(manyMs / DEPLOYMENTS, 1)} ms per deployment, floor ${fmt(pct(floorTimes, 50), 1)} ms); ` +
        `targets p50 ≤ 500 ms, 1,000 deployments ≤ 60 s`,
    );
  } finally {
    await controllers.stop();
    await store.close();
    await registry.remove();
    rmSync(dir, { recursive: true, force: true });
  }
};
