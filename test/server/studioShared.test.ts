/**
 * Studio import and shared objects (SPEC §6): an import that changes an object other bundles of the
 * namespace use, or lowers a bundle's version, is refused unless --overwrite, naming the bundles and
 * the pools and deployments built on them; with --overwrite the report lists them. The README's
 * order: `kubectl apply -R -f examples/valid`, then `studio import` of the catalog's vllm-model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli.js';
import { importArchiveInto, packCatalog } from './catalogArchives.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let tmp: string;
beforeAll(async () => {
  h = await startHarness();
  tmp = await mkdtemp(join(tmpdir(), 'paletteai-shared-'));
});
afterAll(async () => {
  await h.close();
  await rm(tmp, { recursive: true, force: true });
});

const run = (...args: string[]) => cli(...args, '--kubeconfig', join(h.data, 'kubeconfig'));

const importInto = (ns: string, archive: Buffer, query = '') => importArchiveInto(h, ns, archive, query);

const MEL = 'project-melbourne';
const WP_SERVER = `/apis/spectrocloud.com/v1beta1/namespaces/${MEL}/workloadprofiles/vllm-server`;
const PB_MODEL = `/apis/spectrocloud.com/v1beta1/namespaces/${MEL}/profilebundles/vllm-model`;

describe('the README order: examples/valid, then the Studio import of vllm-model', () => {
  let archive: string;
  beforeAll(async () => {
    expect((await run('apply', '-f', 'examples/valid')).code).toBe(0);
    // A pool built on vllm-llama3, which shares the vllm-server profile with vllm-model.
    const pool = await h.api('POST', `/apis/spectrocloud.com/v1alpha1/namespaces/${MEL}/computepools`, {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ComputePool',
      metadata: { name: 'llama-pool', namespace: MEL },
      spec: { profileBundleRef: { name: 'vllm-llama3' }, clusterVariant: { dedicated: {} } },
    });
    expect(pool.status).toBe(201);
    await h.server.controllers.idle(); // llama-chat's Model as a Service choice is in its status
    archive = join(tmp, 'vllm-model.tar.gz');
    expect((await cli('studio', 'pull', 'vllm-model', '-o', archive)).code).toBe(0);
  });

  it('refuses the import, naming the downgrade, every affected bundle and what is built on them; stores nothing', async () => {
    const before = [(await h.api('GET', WP_SERVER)).body, (await h.api('GET', PB_MODEL)).body];
    const r = await importInto(MEL, await packCatalog('vllm-model'));
    expect(r.status).toBe(409);
    const causes = r.body.details.causes.map((c: any) => `${c.reason} ${c.message}`);
    expect(causes).toContain(
      'Downgrade ProfileBundle "vllm-model" would go from version 1.10.0 down to 1.0.0',
    );
    expect(causes).toContain(
      'SharedObject ProfileBundle "vllm-llama3" would change: it uses WorkloadProfile vllm-server',
    );
    expect(causes).toContain(
      'SharedObject ProfileBundle "vllm-model-legacy" would change: it uses WorkloadProfile vllm-server',
    );
    expect(causes).toContain(
      'SharedObject ComputePool "llama-pool" would change: it uses ProfileBundle vllm-llama3',
    );
    expect(causes).toContain(
      'SharedObject AIWorkload "llama-dedicated" would change: it uses ProfileBundle vllm-llama3',
    );
    // The model deployment without bundle references: Model as a Service chose one of them.
    expect(causes.filter((c: string) => c.includes('AIWorkload "llama-chat"'))).toEqual([
      expect.stringMatching(
        /^SharedObject AIWorkload "llama-chat" would change: it uses ProfileBundle vllm-\S+ \(chosen by Model as a Service\)$/,
      ),
    ]);
    expect(r.body.message).toContain('--overwrite');
    const after = [(await h.api('GET', WP_SERVER)).body, (await h.api('GET', PB_MODEL)).body];
    expect(after.map((o) => o.metadata.resourceVersion)).toEqual(
      before.map((o) => o.metadata.resourceVersion),
    );
    expect(after[1].spec.version).toBe('1.10.0');
  });

  it('the CLI says so, exit 1, naming the bundles (the README’s first import)', async () => {
    const r = await run('studio', 'import', '--namespace', MEL, archive);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1.10.0 down to 1.0.0');
    expect(r.stderr).toContain('ProfileBundle "vllm-llama3" would change');
    expect(r.stderr).toContain('ComputePool "llama-pool"');
    expect(r.stderr).toContain('--overwrite');
  });

  it('a dry run with --overwrite prints what it would change, and writes nothing', async () => {
    const r = await run('studio', 'import', '--namespace', MEL, archive, '--overwrite', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning: would lower ProfileBundle vllm-model from version 1.10.0 to 1.0.0');
    expect(r.stdout).toContain(
      'warning: would change ProfileBundle vllm-llama3 (uses WorkloadProfile vllm-server)',
    );
    expect(r.stdout).toContain(
      'warning: would change ComputePool llama-pool (uses ProfileBundle vllm-llama3)',
    );
    expect((await h.api('GET', PB_MODEL)).body.spec.version).toBe('1.10.0');
  });

  it('--overwrite replaces through the write pipeline and reports the affected objects and the downgrade', async () => {
    const before = (await h.api('GET', WP_SERVER)).body;
    const r = await run('studio', 'import', '--namespace', MEL, archive, '--overwrite', '-o', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.downgrade).toEqual({ from: '1.10.0', to: '1.0.0' });
    expect(report.affected).toEqual(
      expect.arrayContaining([
        { kind: 'ProfileBundle', name: 'vllm-llama3', via: 'WorkloadProfile vllm-server' },
        { kind: 'ProfileBundle', name: 'vllm-model-legacy', via: 'WorkloadProfile vllm-server' },
        { kind: 'ComputePool', name: 'llama-pool', via: 'ProfileBundle vllm-llama3' },
        { kind: 'AIWorkload', name: 'llama-dedicated', via: 'ProfileBundle vllm-llama3' },
      ]),
    );
    expect(report.affected.some((a: any) => a.name === 'vllm-model')).toBe(false);
    const after = (await h.api('GET', WP_SERVER)).body;
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    expect(after.status.revision).toBe(before.status.revision + 1);
    expect((await h.api('GET', PB_MODEL)).body.spec.version).toBe('1.0.0');
  });

  it('importing the same archive again is a no-op with nothing affected', async () => {
    const r = await run('studio', 'import', '--namespace', MEL, archive, '-o', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.result).toBe('unchanged');
    expect(report.affected).toEqual([]);
    expect(report.downgrade).toBeUndefined();
  });

  it('into a namespace of its own (the README), the same archive is created, nothing affected, Ready', async () => {
    const r = await run(
      'studio',
      'import',
      '--namespace',
      'studio-demo',
      archive,
      '--set',
      'modelId=Qwen/Qwen2.5-7B-Instruct',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vllm-model 1.0.0 (Application) into namespace studio-demo: imported');
    expect(r.stdout).not.toContain('warning');
    await h.server.controllers.idle();
    const pb = await h.api(
      'GET',
      '/apis/spectrocloud.com/v1beta1/namespaces/studio-demo/profilebundles/vllm-model',
    );
    expect(pb.body.status.phase).toBe('Ready');
  });
});

describe('a lower version of the same bundle', () => {
  it('is refused without --overwrite and reported with it', async () => {
    const ns = 'shared-downgrade';
    const higher = await packCatalog('open-webui', (docs) => {
      docs.get('profilebundle.yaml').spec.version = '2.0.0';
    });
    expect((await importInto(ns, higher)).status).toBe(201);
    const original = await packCatalog('open-webui');
    const refused = await importInto(ns, original);
    expect(refused.status).toBe(409);
    expect(refused.body.details.causes).toContainEqual(
      expect.objectContaining({ reason: 'Downgrade', field: 'spec.version' }),
    );
    const done = await importInto(ns, original, '?overwrite=true');
    expect(done.status).toBe(201);
    expect(done.body.downgrade).toMatchObject({ from: '2.0.0' });
    expect(done.body.affected).toEqual([]);
  });
});

describe("an archive's variable-sets/", () => {
  it('become VariableSets labelled with the bundle', async () => {
    const ns = 'shared-varsets';
    const archive = await packCatalog('open-webui', (docs) => {
      docs.set('variable-sets/webui.yaml', {
        apiVersion: 'spectrocloud.com/v1beta1',
        kind: 'VariableSet',
        metadata: { name: 'webui-values' },
        spec: { variables: [{ name: 'webuiName', variableType: 'string', value: { string: 'x' } }] },
      });
    });
    const r = await importInto(ns, archive);
    expect(r.status).toBe(201);
    const set = await h.api(
      'GET',
      `/apis/spectrocloud.com/v1beta1/namespaces/${ns}/variablesets/webui-values`,
    );
    expect(set.body.metadata.labels).toMatchObject({ 'palette.ai/profile-bundle': 'open-webui' });
  });
});
