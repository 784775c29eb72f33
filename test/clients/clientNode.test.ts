import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  makeInformer,
  PatchStrategy,
  Watch,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { HANG_MS, stepsTimeout } from '../e2e/serverProcess.js';
import { useClientServer } from './clientServer.js';

/**
 * `@kubernetes/client-node`, unchanged, against a real server process with its kubeconfig:
 * KubernetesObjectApi (the generic client kubectl-like tools use), Watch, an informer (list, then
 * watch from the list's resourceVersion, and resume from the last one it saw), CustomObjectsApi.
 */

vi.setConfig({ testTimeout: stepsTimeout(2), hookTimeout: stepsTimeout(2) });

const GROUP = 'spectrocloud.com';
const VERSION = 'v1alpha1';
const PLURAL = 'clusterprofiles';
const NS = 'client-node';

interface ClusterProfile extends KubernetesObject {
  spec: { description: string } & Record<string, unknown>;
}

const profile = (name: string, description: string, namespace = NS): ClusterProfile => ({
  apiVersion: `${GROUP}/${VERSION}`,
  kind: 'ClusterProfile',
  metadata: { name, namespace, labels: { 'made-by': 'client-node' } },
  spec: {
    type: 'Add-on',
    cloudType: 'edge-native',
    version: '1.0.0',
    description,
    layers: [{ type: 'addon', pack: { name: 'x', version: '1.0.0', registry: 'public' } }],
  },
});
const ref = (name: string, namespace = NS) => ({
  apiVersion: `${GROUP}/${VERSION}`,
  kind: 'ClusterProfile',
  metadata: { name, namespace },
});
const collection = (namespace: string) => `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`;

const server = useClientServer('client-node', [NS, `${NS}-watch`, `${NS}-informer`]);
let kc: KubeConfig;
let objects: KubernetesObjectApi;

/** A JSON merge patch of a ClusterProfile's description through KubernetesObjectApi. */
const patchDescription = (name: string, description: string, namespace = NS) =>
  objects.patch(
    { ...ref(name, namespace), spec: { description } },
    undefined,
    undefined,
    undefined,
    undefined,
    PatchStrategy.MergePatch,
  ) as Promise<ClusterProfile>;

/** Polls until `check` holds (every 20 ms; HANG_MS is the hang guard). */
const until = async (check: () => boolean): Promise<boolean> => {
  const end = Date.now() + HANG_MS;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
};

/** The HTTP status of a failed client call. */
const statusOf = async (p: Promise<unknown>): Promise<number | undefined> =>
  p.then(
    () => undefined,
    (e: { code?: number }) => e.code,
  );

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(server().kubeconfig);
  objects = KubernetesObjectApi.makeApiClient(kc);
});

describe('@kubernetes/client-node', () => {
  it('KubernetesObjectApi: create, read, merge patch, replace, list, delete', async () => {
    const created = await objects.create(profile('generic', 'one'));
    expect(created.metadata?.uid).toBeTruthy();
    const read = (await objects.read(ref('generic'))) as ClusterProfile;
    expect(read.spec.description).toBe('one');

    const patched = await patchDescription('generic', 'two');
    expect(patched.spec.description).toBe('two');
    expect(Number(patched.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );

    const replaced = (await objects.replace({
      ...read,
      metadata: { ...read.metadata, resourceVersion: patched.metadata?.resourceVersion },
      spec: { ...read.spec, description: 'three' },
    })) as ClusterProfile;
    expect(replaced.spec.description).toBe('three');
    // A replace from a stale resourceVersion is a conflict, not a lost update.
    expect(await statusOf(objects.replace({ ...read, spec: { ...read.spec, description: 'stale' } }))).toBe(
      409,
    );

    const list = await objects.list(`${GROUP}/${VERSION}`, 'ClusterProfile', NS);
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['generic']);
    expect(list.metadata?.resourceVersion).toBeTruthy();

    await objects.delete(ref('generic'));
    expect(await statusOf(objects.read(ref('generic')))).toBe(404);
  });

  it('CustomObjectsApi lists in a namespace and across namespaces', async () => {
    await objects.create(profile('listed', 'one'));
    const api = kc.makeApiClient(CustomObjectsApi);
    const inNamespace = (await api.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: PLURAL,
      labelSelector: 'made-by=client-node',
    })) as { items: ClusterProfile[] };
    expect(inNamespace.items.map((i) => i.metadata?.name)).toEqual(['listed']);
    const everywhere = (await api.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
    })) as {
      items: ClusterProfile[];
    };
    expect(everywhere.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`)).toContain(
      `${NS}/listed`,
    );
  });

  it('CoreV1Api: a Secret from stringData, read back as data, deleted with a V1Status', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 'node-secret' }, stringData: { token: 's3cret' } },
    });
    expect(created.data).toEqual({ token: Buffer.from('s3cret').toString('base64') });
    expect(created.stringData).toBeUndefined();
    const read = await core.readNamespacedSecret({ namespace: NS, name: 'node-secret' });
    expect(read.data).toEqual(created.data);
    // kube-apiserver answers a Secret's DELETE with a Status, which is what the client's type says.
    const deleted = await core.deleteNamespacedSecret({ namespace: NS, name: 'node-secret' });
    expect(deleted).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'node-secret', kind: 'secrets' },
    });
    expect(JSON.stringify(deleted)).not.toContain(created.data!['token']);
  });

  it('Watch: the events of a create, a patch and a delete arrive in order', async () => {
    const ns = `${NS}-watch`;
    const events: string[] = [];
    let ended: unknown = 'open';
    const request = await new Watch(kc).watch(
      collection(ns),
      {},
      (type: string, obj: ClusterProfile) =>
        events.push(`${type} ${obj.metadata?.name} ${obj.spec.description}`),
      (err: unknown) => (ended = err),
    );
    try {
      await objects.create(profile('watched', 'one', ns));
      await patchDescription('watched', 'two', ns);
      await objects.delete(ref('watched', ns));
      expect(await until(() => events.length >= 3)).toBe(true);
      expect(events).toEqual(['ADDED watched one', 'MODIFIED watched two', 'DELETED watched two']);
      expect(ended).toBe('open');
    } finally {
      request.abort();
    }
  });

  it('an informer calls add, update and delete, and resumes from its resourceVersion after a stop', async () => {
    const ns = `${NS}-informer`;
    await objects.create(profile('before', 'one', ns));
    const custom = kc.makeApiClient(CustomObjectsApi);
    let lists = 0;
    const informer = makeInformer<ClusterProfile>(kc, collection(ns), async () => {
      lists++;
      return (await custom.listNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: ns,
        plural: PLURAL,
      })) as { items: ClusterProfile[]; metadata: { resourceVersion: string } } as never;
    });
    const seen: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name} ${o.spec.description}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name} ${o.spec.description}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    // stop() aborts the watch request, which client-node reports as an error: not one of the server's.
    informer.on('error', (e) => {
      if ((e as { type?: string } | undefined)?.type !== 'aborted') errors.push(e);
    });
    await informer.start();
    try {
      expect(await until(() => seen.length >= 1)).toBe(true);
      await objects.create(profile('live', 'one', ns));
      await patchDescription('live', 'two', ns);
      expect(await until(() => seen.length >= 3)).toBe(true);
      expect(seen).toEqual(['add before one', 'add live one', 'update live two']);

      // Stopped, it misses these writes; started again, it watches from the last resourceVersion it
      // saw (no new list) and the server replays them.
      await informer.stop();
      await objects.delete(ref('before', ns));
      await objects.create(profile('while-stopped', 'one', ns));
      await informer.start();
      expect(await until(() => seen.length >= 5)).toBe(true);
      expect(seen.slice(3)).toEqual(['delete before', 'add while-stopped one']);
      expect(lists).toBe(1);
      expect(
        informer
          .list(ns)
          .map((o) => o.metadata?.name)
          .sort(),
      ).toEqual(['live', 'while-stopped']);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});
