import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaletteProvider } from './paletteProvider.js';
import type { ClusterHandle } from './provider.js';
import { providerFor } from './provider.js';
import { startFakePalette, type FakePalette } from './testing/fakePalette.js';
import { bundle, pool, profile, profiles, settings } from './testing/fixtures.js';

const API_KEY = 'pk-7Qm2-not-for-logs';
const secrets = (name: string, key: string) =>
  name === 'palette-creds' && key === 'apiKey' ? API_KEY : undefined;

describe('palette provider', () => {
  let palette: FakePalette;
  let provider: PaletteProvider;

  beforeEach(async () => {
    palette = await startFakePalette({ apiKey: API_KEY, projectUid: 'proj-5f1c', readsUntilRunning: 4 });
    provider = providerFor(settings('palette', palette.url), secrets) as PaletteProvider;
  });
  afterEach(() => palette.close());

  const request = (clusterName = 'project-melbourne-gpu-pool-a') => ({
    plan: provider.plan(pool(), bundle(), profiles(), []),
    clusterName,
    machinePools: [{ name: 'cp-pool', controlPlane: true, edgeHostUids: ['edge-host-1'] }],
    controlPlaneEndpoint: { host: '10.10.0.5' },
    labels: { 'palette.ai/compute-pool': 'gpu-pool-a' },
  });

  it('lists the project cluster profiles page by page, mapping infra, add-on and cluster types', async () => {
    const listed = await provider.listClusterProfiles();
    expect(
      listed.map((p) => [p.metadata.name, p.spec.type, p.spec.cloudType, p.spec.version, p.spec.uid]),
    ).toEqual([
      ['edge-ubuntu-k3s-gpu-1-0-0', 'Infrastructure', 'edge-native', '1.0.0', 'cp-infra-1'],
      ['gpu-operator-24-3-0', 'Add-on', 'all', '24.3.0', 'cp-addon-1'],
      ['edge-full-2-0-0', 'Full', 'edge-native', '2.0.0', 'cp-full-1'],
    ]);
    expect(listed[0]?.metadata.labels?.['palette.ai/cluster-profile']).toBe('edge-ubuntu-k3s-gpu');
    expect(listed[0]?.metadata.namespace).toBe('project-melbourne');
    expect(listed[0]?.spec.layers.map((l) => `${l.type}:${l.pack.name}@${l.pack.version}`)).toEqual([
      'os:edge-native-byoi@2.1.0',
      'k8s:edge-k3s@1.30.4',
      'cni:cni-cilium-oss@1.15.3',
      'csi:csi-longhorn@1.6.1',
    ]);
    const lists = palette.requests.filter((r) => r.path === '/v1/dashboard/clusterprofiles');
    expect(lists.map((r) => r.query.get('continue'))).toEqual([null, '2']);
    expect(JSON.parse(lists[0]?.body ?? '')).toEqual({
      filter: { profileType: ['infra', 'add-on', 'cluster'] },
    });
  });

  it('sends the ApiKey and ProjectUid headers on every call', async () => {
    await provider.listClusterProfiles();
    const { handle } = (await provider.provision(request())) as { handle: ClusterHandle };
    await provider.status(handle);
    await provider.delete(handle);
    expect(palette.requests.length).toBeGreaterThanOrEqual(5);
    for (const r of palette.requests) {
      expect(r.headers['apikey']).toBe(API_KEY);
      expect(r.headers['projectuid']).toBe('proj-5f1c');
      expect(r.headers['accept']).toBe('application/json');
    }
  });

  it('creates an edge-native cluster from the bundle profile uids, infrastructure first, on the given edge hosts', async () => {
    const outcome = await provider.provision(request());
    expect(outcome).toMatchObject({
      phase: 'Provisioning',
      handle: { provider: 'palette', uid: 'cluster-1' },
    });
    expect(outcome.message).toContain('edge-ubuntu-k3s-gpu@1.10.0, gpu-operator@24.3.0');
    const create = palette.requests.find((r) => r.path === '/v1/spectroclusters/edge-native');
    expect(create?.method).toBe('POST');
    expect(create?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(create?.body ?? '')).toEqual({
      metadata: { name: 'project-melbourne-gpu-pool-a', labels: { 'palette.ai/compute-pool': 'gpu-pool-a' } },
      spec: {
        cloudConfig: { controlPlaneEndpoint: { host: '10.10.0.5', type: 'VIP' } },
        machinepoolconfig: [
          {
            cloudConfig: { edgeHosts: [{ hostUid: 'edge-host-1' }] },
            poolConfig: {
              name: 'cp-pool',
              labels: ['control-plane'],
              size: 1,
              isControlPlane: true,
              useControlPlaneAsWorker: true,
            },
          },
        ],
        profiles: [{ uid: 'cp-infra-1' }, { uid: 'cp-addon-1' }],
      },
    });
  });

  it('follows a slow cluster from Pending through Provisioning to Running over several polls', async () => {
    const outcome = await provider.provision(request());
    const handle = (outcome as { handle: ClusterHandle }).handle;
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const status = await provider.status(handle);
      seen.push(`${status.phase}/${status.providerState}`);
    }
    expect(seen).toEqual([
      'Provisioning/Pending',
      'Provisioning/Provisioning',
      'Provisioning/Provisioning',
      'Running/Running',
      'Running/Running',
    ]);
  });

  it('reports a failed Palette cluster as Failed with Palette’s word for it', async () => {
    const { handle } = (await provider.provision(request())) as { handle: ClusterHandle };
    const cluster = palette.clusters.get(handle.uid);
    if (cluster) cluster.state = 'Failed';
    const status = await provider.status(handle);
    expect(status.phase).toBe('Failed');
    expect(status.message).toContain('failed');
  });

  it('deletes the cluster with the pool, then reports Deleting and Deleted; deleting again is fine', async () => {
    const { handle } = (await provider.provision(request())) as { handle: ClusterHandle };
    await provider.delete(handle);
    expect(palette.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: `/v1/spectroclusters/${handle.uid}`,
    });
    expect((await provider.status(handle)).phase).toBe('Deleting');
    expect((await provider.status(handle)).phase).toBe('Deleted');
    await expect(provider.delete({ provider: 'palette', uid: 'cluster-unknown' })).resolves.toBeUndefined();
    expect((await provider.status({ provider: 'palette', uid: 'cluster-unknown' })).phase).toBe('Deleted');
  });

  it('refuses a taken cluster name with a Conflict that says what to do', async () => {
    await provider.provision(request());
    await expect(provider.provision(request())).rejects.toMatchObject({
      code: 'Conflict',
      httpStatus: 409,
      message: expect.stringMatching(/already exists.*delete it in Palette or use another pool name/),
    });
  });

  it('refuses profiles that were not read from Palette, and a cluster without control-plane edge hosts', async () => {
    const local = {
      ...request(),
      plan: provider.plan(pool(), bundle([{ name: 'local' }]), [profile('local', 'Full', '1.0.0')], []),
    };
    await expect(provider.provision(local)).rejects.toMatchObject({
      code: 'InvalidRequest',
      message: expect.stringContaining('no Palette uid'),
    });
    await expect(provider.provision({ ...request(), machinePools: [] })).rejects.toMatchObject({
      code: 'InvalidRequest',
      message: expect.stringContaining('control-plane machine pool'),
    });
    expect(palette.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});
