import { afterEach, describe, expect, it } from 'vitest';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { sha256Digest } from '../delivery/index.js';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject } from '../model/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import { tempDbPath } from '../storage/testFixtures.js';
import { NS } from '../testing/builders.js';
import { deliveryTarget, DeliveryProblem, settingsFor, spokeManifests } from './workloadDelivery.js';

const o = (x: unknown) => x as KubeObject;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const WD = 'chat-server';

describe('spokeManifests', () => {
  it("gives the Flux OCIRepository pinned to the digest and the Kustomization into the deployment's namespace", () => {
    const digest = sha256Digest(Buffer.from('x'));
    const [source, kustomization, ...more] = spokeManifests(
      { metadata: { name: WD, namespace: NS } },
      { reference: `127.0.0.1:5000/${NS}:${WD}@${digest}`, digest },
      { insecure: true },
    );
    expect(more).toEqual([]);
    expect(source).toMatchObject({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: WD, namespace: 'flux-system' },
      spec: { url: `oci://127.0.0.1:5000/${NS}`, ref: { digest }, interval: '5m', insecure: true },
    });
    expect(kustomization).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: WD, namespace: 'flux-system' },
      spec: {
        sourceRef: { kind: 'OCIRepository', name: WD },
        path: './',
        prune: true,
        interval: '5m',
        targetNamespace: NS,
      },
    });
  });

  it('refuses an artifact that is only in the local image layout', () => {
    const digest = sha256Digest(Buffer.from('x'));
    expect(() =>
      spokeManifests(
        { metadata: { name: WD, namespace: NS } },
        { reference: `oci:/data/artifacts/${NS}:${WD}`, digest },
      ),
    ).toThrow(/not in a registry.*ociRegistry/);
  });
});

describe('deliveryTarget', () => {
  const setUp = async () => {
    const store = SqliteStore.open(tempDbPath(), { referencesOf });
    closers.push(() => store.close());
    const pipeline = new WritePipeline(store);
    await ensureNamespaces(pipeline, [NS, 'paletteai-system', 'tenant-acme', 'flux-system']);
    return { store, pipeline };
  };
  const settings = (name: string, extra: Record<string, unknown> = {}) =>
    o({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Settings',
      metadata: { name, namespace: NS },
      spec: { ociRegistry: { url: `oci://registry.example:5000/${name}`, ...extra } },
    });
  const problem = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      return error as DeliveryProblem;
    }
    throw new Error('expected a DeliveryProblem');
  };

  it('uses the Settings the Project serving the namespace names, else default, else the data directory', async () => {
    const { store, pipeline } = await setUp();
    expect(await deliveryTarget(store, NS, WD, '/data')).toEqual({
      kind: 'layout',
      dir: `/data/artifacts/${NS}`,
      reference: `oci:/data/artifacts/${NS}:${WD}`,
    });
    expect((await problem(() => deliveryTarget(store, NS, WD, undefined))).reason).toBe('NoDataDirectory');
    await pipeline.create(settings('default'));
    await pipeline.create(settings('team'));
    const reference = async () => {
      const t = await deliveryTarget(store, NS, WD, '/data');
      return t.kind === 'registry' ? t.reference('sha256:00') : t.reference;
    };
    expect(await reference()).toBe(`registry.example:5000/default/${NS}:${WD}@sha256:00`);
    await pipeline.create(
      o({
        apiVersion: 'spectrocloud.com/v1alpha1',
        kind: 'Project',
        metadata: { name: 'melbourne', namespace: 'tenant-acme' },
        spec: { namespace: NS, settingsRef: { name: 'team' } },
      }),
    );
    expect((await settingsFor(store, NS))?.metadata.name).toBe('team');
    expect(await reference()).toBe(`registry.example:5000/team/${NS}:${WD}@sha256:00`);
  });

  it('reads username and password from the Secret, and names the Secret when it is missing or incomplete', async () => {
    const { store, pipeline } = await setUp();
    await pipeline.create(settings('default', { credentialsSecretRef: { name: 'creds' } }));
    const missing = await problem(() => deliveryTarget(store, NS, WD, undefined));
    expect(missing.reason).toBe('CredentialsNotFound');
    expect(missing.message).toContain(`Secret ${NS}/creds`);
    const secret = (data: Record<string, unknown>) =>
      o({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: NS }, ...data });
    await pipeline.create(secret({ stringData: { username: 'me' } }));
    const incomplete = await problem(() => deliveryTarget(store, NS, WD, undefined));
    expect(incomplete).toMatchObject({ reason: 'CredentialsInvalid' });
    expect(incomplete.message).toMatch(/Secret project-melbourne\/creds.*lacks the key password/);
    await pipeline.replace({ kind: 'Secret', namespace: NS, name: 'creds' }, () =>
      secret({ data: { username: btoa('me'), password: btoa('s3cret') } }),
    );
    const t = await deliveryTarget(store, NS, WD, undefined);
    expect(t.kind === 'registry' && t.target).toMatchObject({
      url: `oci://registry.example:5000/default/${NS}`,
      credentials: { username: 'me', password: 's3cret' },
      credentialsName: `Secret ${NS}/creds`,
    });
  });
});
