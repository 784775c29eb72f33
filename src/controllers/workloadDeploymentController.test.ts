import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { readImageLayout, sha256Digest } from '../delivery/index.js';
import { skopeo, startRegistry, type TestRegistry } from '../delivery/testing/registryServer.js';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject, WorkloadDeployment } from '../model/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import { tempDbPath } from '../storage/testFixtures.js';
import { bundle, NS } from '../testing/builders.js';
import type { ControllerContext } from './context.js';
import { startControllers } from './controllers.js';
import { ControllerReads } from './runtime/controllerReads.js';
import { workloadDeploymentReconciler } from './workloadDeploymentController.js';

const o = (x: unknown) => x as KubeObject;
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const WD = 'chat-server';
const WD_KEY = { kind: 'WorkloadDeployment', namespace: NS, name: WD };

const setUp = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'paletteai-wd-'));
  const store = SqliteStore.open(tempDbPath(), { referencesOf });
  const pipeline = new WritePipeline(store);
  await ensureNamespaces(pipeline, [NS, 'paletteai-system', 'tenant-acme', 'flux-system']);
  const log: string[] = [];
  const controllers = await startControllers(store, pipeline, (m) => log.push(m), { dataDir, retryMs: 50 });
  closers.push(
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => store.close(),
    () => controllers.stop(),
  );
  const ctx: ControllerContext = {
    store,
    reads: new ControllerReads(store, { listKinds: [] }),
    pipeline,
    log: (m) => log.push(m),
    now: () => new Date(),
    dataDir,
  };
  return { store, pipeline, controllers, dataDir, log, ctx };
};

const registryFor = async (options: Parameters<typeof startRegistry>[0] = {}) => {
  const registry: TestRegistry = await startRegistry(options);
  closers.push(() => registry.remove());
  return registry;
};

/** A webservice profile that passes the model id into its container, its bundle and a deployment of it. */
const deployment = async (pipeline: WritePipeline) => {
  await pipeline.create(
    o({
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'WorkloadProfile',
      metadata: { name: 'chat', namespace: NS },
      spec: {
        type: 'Model',
        variables: [{ name: 'modelId', variableType: 'string', value: { string: 'org/default-model' } }],
        workload: {
          components: [
            {
              name: 'server',
              type: 'webservice',
              properties: {
                image: 'ghcr.io/example/server:1.0.0',
                port: 8000,
                env: { MODEL_ID: '{{ .var.modelId }}' },
              },
            },
          ],
        },
      },
    }),
  );
  await pipeline.create(o(bundle('chat-bundle', 'Application', { workloadProfiles: ['chat'] })));
  await pipeline.create(
    o({
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'WorkloadDeployment',
      metadata: { name: WD, namespace: NS },
      spec: {
        owner: { kind: 'AIWorkload', name: 'chat' },
        profileBundle: 'chat-bundle',
        workloadProfile: { name: 'chat', revision: 1 },
        variables: { modelId: 'org/model-x' },
      },
    }),
  );
};

/** Settings `default` of the namespace with an ociRegistry, and optionally its credentials Secret. */
const registrySettings = async (
  pipeline: WritePipeline,
  registry: TestRegistry,
  secret?: Record<string, unknown>,
) => {
  if (secret)
    await pipeline.create(
      o({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry-creds', namespace: NS }, ...secret }),
    );
  await pipeline.create(
    o({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Settings',
      metadata: { name: 'default', namespace: NS },
      spec: {
        ociRegistry: {
          url: `oci://${registry.host}`,
          insecure: true,
          ...(secret ? { credentialsSecretRef: { name: 'registry-creds' } } : {}),
        },
      },
    }),
  );
};

type Status = NonNullable<WorkloadDeployment['status']>;
const statusOf = async (store: SqliteStore): Promise<Status> =>
  ((await store.get(WD_KEY)) as unknown as WorkloadDeployment).status ?? {};
const conditionOf = (s: Status, type: string) => s.conditions?.find((c) => c.type === type);

/** Polls until `check` holds (for work that backs off, which `controllers.idle()` would wait out). */
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
    if (await check()) return;
  throw new Error(`timed out waiting until ${what}`);
};

/** Every file under `dir` with its size and mtime. */
const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = `${statSync(p).size}/${statSync(p).mtimeMs}`;
    }
  };
  walk(dir);
  return out;
};

describe('the workload-deployment controller, delivering into the data directory by default', () => {
  it('writes the rendered artifact, with the model id inside, into the OCI image layout; skopeo reads the same digest', async () => {
    const { store, pipeline, controllers, dataDir } = await setUp();
    await deployment(pipeline);
    await controllers.idle();
    const s = await statusOf(store);
    const dir = join(dataDir, 'artifacts', NS);
    expect(s.phase).toBe('Delivered');
    expect(s.observedGeneration).toBe(1);
    expect(s.artifact).toMatchObject({
      reference: `oci:${dir}:${WD}`,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    });
    expect(conditionOf(s, 'Rendered')).toMatchObject({ status: 'True', reason: 'Rendered' });
    expect(conditionOf(s, 'Delivered')).toMatchObject({ status: 'True', reason: 'Delivered' });
    const raw = skopeo(['inspect', '--raw', `oci:${dir}:${WD}`]);
    expect(sha256Digest(raw)).toBe(s.artifact!.digest);
    expect(raw.length).toBe(s.artifact!.size);
    const manifest = JSON.parse(raw.toString('utf8')) as { annotations: Record<string, string> };
    expect(manifest.annotations).toMatchObject({
      'org.opencontainers.image.source': `paletteai://${NS}/workloaddeployments/${WD}`,
      'org.opencontainers.image.revision': 'chat@1',
    });
    const pulled = readImageLayout(dir, WD);
    const tar = gunzipSync(pulled.blobs.get(pulled.manifest.layers[0]!.digest)!).toString('utf8');
    expect(tar).toContain('manifests.yaml');
    expect(tar).toContain('kind: Deployment');
    expect(tar).toMatch(/name: MODEL_ID\s+value: org\/model-x/);
    const events = (await store.list('Event', { namespace: NS })).items as unknown as {
      involvedObject: { name: string };
      reason: string;
    }[];
    expect(events.filter((e) => e.involvedObject.name === WD).map((e) => e.reason)).toEqual(
      expect.arrayContaining(['Rendered', 'Delivered']),
    );
  });

  it('writes nothing again when the same deployment is reconciled again', async () => {
    const { store, pipeline, controllers, dataDir, ctx } = await setUp();
    await deployment(pipeline);
    await controllers.idle();
    const before = await statusOf(store);
    const files = snapshot(join(dataDir, 'artifacts'));
    await workloadDeploymentReconciler(ctx).reconcile(WD_KEY);
    // a change to the profile that does not change its spec re-renders the same bytes
    await pipeline.replace({ kind: 'WorkloadProfile', namespace: NS, name: 'chat' }, (p) => ({
      ...p,
      metadata: { ...p.metadata, labels: { touched: 'yes' } },
    }));
    await controllers.idle();
    expect(snapshot(join(dataDir, 'artifacts'))).toEqual(files);
    expect((await statusOf(store)).artifact).toEqual(before.artifact);
  });

  it('says Rendered=False naming the missing profile, and delivers once it exists', async () => {
    const { store, pipeline, controllers } = await setUp();
    await pipeline.create(
      o({
        apiVersion: 'spectrocloud.com/v1beta1',
        kind: 'WorkloadDeployment',
        metadata: { name: WD, namespace: NS },
        spec: {
          owner: { kind: 'AIWorkload', name: 'chat' },
          profileBundle: 'chat-bundle',
          workloadProfile: { name: 'chat', revision: 1 },
          variables: { modelId: 'org/model-x' },
        },
      }),
    );
    await controllers.idle();
    const s = await statusOf(store);
    expect(s.phase).toBe('Failed');
    expect(conditionOf(s, 'Rendered')).toMatchObject({ status: 'False', reason: 'MissingReference' });
    expect(conditionOf(s, 'Rendered')!.message).toContain(`WorkloadProfile ${NS}/chat`);
    await pipeline.delete(WD_KEY);
    await deployment(pipeline);
    await controllers.idle();
    expect((await statusOf(store)).phase).toBe('Delivered');
  });
});

describe('the workload-deployment controller, pushing to the Settings ociRegistry', () => {
  it('pushes the artifact that skopeo reads back with the same digest, and pushes nothing the second time', async () => {
    const { store, pipeline, controllers, ctx } = await setUp();
    const registry = await registryFor();
    await registrySettings(pipeline, registry);
    await deployment(pipeline);
    await controllers.idle();
    const s = await statusOf(store);
    expect(s.phase).toBe('Delivered');
    expect(s.artifact!.reference).toBe(`${registry.host}/${NS}:${WD}@${s.artifact!.digest}`);
    const raw = skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/${NS}:${WD}`]);
    expect(sha256Digest(raw)).toBe(s.artifact!.digest);
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      await workloadDeploymentReconciler(ctx).reconcile(WD_KEY);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(await statusOf(store)).toEqual(s);
  });

  it('says Delivered=False naming a registry that is down, and retries until it is up', async () => {
    const { store, pipeline } = await setUp();
    const registry = await registryFor();
    await registry.stop();
    await registrySettings(pipeline, registry);
    await deployment(pipeline);
    await until(
      'Delivered=False',
      async () => conditionOf(await statusOf(store), 'Delivered')?.status === 'False',
    );
    const s = await statusOf(store);
    expect(s.phase).toBe('Failed');
    expect(conditionOf(s, 'Rendered')).toMatchObject({ status: 'True' });
    const delivered = conditionOf(s, 'Delivered')!;
    expect(delivered.reason).toBe('RegistryUnreachable');
    expect(delivered.message).toContain(registry.host);
    expect(delivered.message).toMatch(/Settings ociRegistry.url.*retrying/);
    await registry.restart();
    await until('Delivered', async () => (await statusOf(store)).phase === 'Delivered');
    const raw = skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/${NS}:${WD}`]);
    expect(sha256Digest(raw)).toBe((await statusOf(store)).artifact!.digest);
  });

  it('names the Secret, never the password, when the registry refuses the credentials; a fixed Secret delivers', async () => {
    const { store, pipeline, log } = await setUp();
    const username = 'paletteai';
    const password = 'right-Pa55word';
    const wrong = 'wrong-Pa55word-never-shown';
    const registry = await registryFor({ basicAuth: { username, password } });
    await registrySettings(pipeline, registry, { stringData: { username, password: wrong } });
    await deployment(pipeline);
    await until(
      'Delivered=False',
      async () => conditionOf(await statusOf(store), 'Delivered')?.status === 'False',
    );
    const delivered = conditionOf(await statusOf(store), 'Delivered')!;
    expect(delivered.reason).toBe('RegistryAuthFailed');
    expect(delivered.message).toContain(`Secret ${NS}/registry-creds`);
    const events = JSON.stringify((await store.list('Event', { namespace: NS })).items);
    for (const text of [JSON.stringify(await statusOf(store)), events, log.join('\n')])
      expect(text).not.toContain(wrong);
    // the same Secret with the right password, base64 in data
    await pipeline.replace({ kind: 'Secret', namespace: NS, name: 'registry-creds' }, (cur) => {
      const { stringData: _s, ...rest } = cur as KubeObject & { stringData?: unknown };
      return o({
        ...rest,
        data: {
          username: Buffer.from(username).toString('base64'),
          password: Buffer.from(password).toString('base64'),
        },
      });
    });
    await until('Delivered', async () => (await statusOf(store)).phase === 'Delivered');
  });
});
