import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFolder } from '../../src/studio/folder.js';
import { inspectFiles } from '../../src/studio/archiveContent.js';
import { buildStudioFile, packArchive, readArchive, STUDIO_FILE } from '../../src/studio/index.js';
import { rawTarGz } from '../../src/studio/testArchives.js';
import { stringify } from 'yaml';
import { ROOT } from '../cli.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const CATALOG = join(ROOT, 'catalog');
/** The bundles of catalog/: every loop over them asserts this count, so an empty or moved catalog fails. */
const CATALOG_BUNDLES = 11;
const bundles = readdirSync(CATALOG, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** Packs a catalog folder as `studio pack` does. */
const pack = async (name: string): Promise<Buffer> => {
  const files = await readFolder(join(CATALOG, name));
  const r = inspectFiles(files, false);
  files.set(
    STUDIO_FILE,
    Buffer.from(
      stringify(
        buildStudioFile(
          { name: r.name!, version: r.version!, type: r.type as never, labels: r.labels },
          files,
        ),
      ),
    ),
  );
  return packArchive(files);
};

const importInto = (ns: string, archive: Buffer, query = '') =>
  h.client().request('POST', `/apis/studio.spectrocloud.com/v1/namespaces/${ns}/imports${query}`, archive, {
    'content-type': 'application/gzip',
  });

/** Every object of a namespace, for "the store is unchanged" checks. */
const snapshot = async (ns: string) => {
  const out: string[] = [];
  for (const path of [
    'spectrocloud.com/v1beta1/namespaces/NS/profilebundles',
    'spectrocloud.com/v1beta1/namespaces/NS/workloadprofiles',
    'spectrocloud.com/v1alpha1/namespaces/NS/clusterprofiles',
    'source.toolkit.fluxcd.io/v1/namespaces/NS/helmrepositories',
  ]) {
    const r = await h.api('GET', `/apis/${path.replace('NS', ns)}`);
    out.push(
      ...(r.body.items as { kind?: string; metadata: { name: string; resourceVersion: string } }[]).map(
        (o) => `${path}/${o.metadata.name}@${o.metadata.resourceVersion}`,
      ),
    );
  }
  return out.sort();
};

describe('studio import', () => {
  it(`has the ${CATALOG_BUNDLES} catalog bundles`, () => expect(bundles).toHaveLength(CATALOG_BUNDLES));

  it('imports every catalog bundle into one namespace, each Ready', async () => {
    expect(bundles).toHaveLength(CATALOG_BUNDLES);
    for (const name of bundles) {
      const r = await importInto('catalog-all', await pack(name));
      expect(r.status, `${name}: ${r.text}`).toBeLessThan(300);
    }
    const list = await h.api('GET', '/apis/spectrocloud.com/v1beta1/namespaces/catalog-all/profilebundles');
    const phases = Object.fromEntries(
      (list.body.items as { metadata: { name: string }; status: { phase: string } }[]).map((b) => [
        b.metadata.name,
        b.status.phase,
      ]),
    );
    expect(Object.keys(phases).sort()).toEqual(bundles);
    for (const name of bundles) expect(phases[name], name).toBe('Ready');
  });

  it('says a re-import of identical content is a no-op', async () => {
    const archive = await pack('vllm-model');
    expect((await importInto('team-a', archive)).status).toBe(201);
    const before = await snapshot('team-a');
    const again = await importInto('team-a', archive);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ result: 'unchanged' });
    expect(await snapshot('team-a')).toEqual(before);
  });

  it('refuses the same bundle with other content as a conflict unless --overwrite', async () => {
    const archive = await pack('vllm-model');
    const before = await snapshot('team-a');
    const conflict = await importInto('team-a', archive, '?set=maxModelLen%3D4096');
    expect(conflict.status).toBe(409);
    const message = (conflict.json as { message: string }).message;
    expect(message).toContain('--overwrite');
    // It said "stored digest X, archive digest X": the same archive, other values.
    expect(message).toMatch(/the same archive, digest [0-9a-f]{64}, imported with other variable values/);
    expect(await snapshot('team-a')).toEqual(before);
    const over = await importInto('team-a', archive, '?set=maxModelLen%3D4096&overwrite=true');
    expect(over.status).toBe(201);
    const b = await h.api(
      'GET',
      '/apis/spectrocloud.com/v1beta1/namespaces/team-a/profilebundles/vllm-model',
    );
    expect(b.body.spec.variableSet.variables).toContainEqual(
      expect.objectContaining({ name: 'maxModelLen', value: { int32: 4096 } }),
    );
  });

  it('writes imported objects with no field manager: a later server-side apply takes the fields it sets without a conflict', async () => {
    expect((await importInto('team-ssa', await pack('vllm-model'))).status).toBe(201);
    const path = '/apis/spectrocloud.com/v1beta1/namespaces/team-ssa/profilebundles/vllm-model';
    const imported = await h.api('GET', path);
    expect(imported.body.metadata.managedFields).toBeUndefined();
    const applied = await h.api(
      'PATCH',
      `${path}?fieldManager=gitops`,
      {
        apiVersion: 'spectrocloud.com/v1beta1',
        kind: 'ProfileBundle',
        metadata: { name: 'vllm-model', labels: { team: 'ml' } },
        spec: { description: 'owned by git now' },
      },
      { headers: { 'content-type': 'application/apply-patch+yaml' } },
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.spec.description).toBe('owned by git now');
    expect(applied.body.spec.version).toBe(imported.body.spec.version);
    expect(
      (applied.body.metadata.managedFields as { manager: string; operation: string }[]).map(
        (f) => `${f.manager}:${f.operation}`,
      ),
    ).toEqual(['gitops:Apply']);
  });

  it('checks --set values against their types and writes nothing when one does not fit', async () => {
    const r = await importInto('team-b', await pack('vllm-model'), '?set=maxModelLen%3Dhuge-SECRET1');
    expect(r.status).toBe(422);
    expect((r.json as { details: { causes: { reason: string }[] } }).details.causes[0]!.reason).toBe(
      'VAR009',
    );
    expect(r.text).toMatch(/--set override maxModelLen does not fit type int32: expected/);
    expect(r.text).not.toContain('SECRET1'); // values may be secrets: never quoted back
    expect(await snapshot('team-b')).toEqual([]);
  });

  it('writes nothing on a dry run', async () => {
    const r = await importInto('team-c', await pack('open-webui'), '?dryRun=All');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ result: 'dry-run' });
    expect(await snapshot('team-c')).toEqual([]);
  });

  const hostile: [string, () => Buffer, string][] = [
    ['path traversal', () => rawTarGz([{ name: '../../x.yaml', data: 'a: 1\n' }]), 'AR008'],
    [
      'a symlink',
      () => rawTarGz([{ name: 'profilebundle.yaml', type: '2', linkname: '/etc/passwd' }]),
      'AR014',
    ],
    ['a gzip bomb', () => gzipSync(Buffer.alloc(200 * 1024 * 1024)), 'AR004'],
    ['a truncated gzip', () => gzipSync(Buffer.from('x'.repeat(10000))).subarray(0, 40), 'AR002'],
    ['a YAML file instead of an archive', () => Buffer.from('apiVersion: v1\nkind: List\n'), 'AR001'],
  ];
  for (const [what, make, code] of hostile) {
    it(`refuses ${what} (${code}) and leaves the namespace untouched`, async () => {
      const before = await snapshot('team-a');
      const r = await importInto('team-a', make());
      expect(r.status).toBe(422);
      expect((r.json as { details: { causes: { reason: string }[] } }).details.causes[0]!.reason).toBe(code);
      expect(await snapshot('team-a')).toEqual(before);
    });
  }

  it('refuses an archive whose file does not match its digest (SD003)', async () => {
    const files = await readFolder(join(CATALOG, 'open-webui'));
    const r0 = inspectFiles(files, false);
    files.set(
      STUDIO_FILE,
      Buffer.from(
        stringify(buildStudioFile({ name: r0.name!, version: r0.version!, type: r0.type as never }, files)),
      ),
    );
    files.set(
      'profilebundle.yaml',
      Buffer.concat([files.get('profilebundle.yaml')!, Buffer.from('\n# changed after packing\n')]),
    );
    const r = await importInto('team-d', packArchive(files));
    expect(r.status).toBe(422);
    expect(
      (r.json as { details: { causes: { reason: string }[] } }).details.causes.map((c) => c.reason),
    ).toContain('SD003');
    expect(await snapshot('team-d')).toEqual([]);
  });

  it('needs an editor token of the namespace', async () => {
    const viewer = await h.server.ctx.tokens.create({
      name: 'studio-viewer',
      role: 'viewer',
      namespace: 'team-a',
    });
    const r = await h.api('POST', '/apis/studio.spectrocloud.com/v1/namespaces/team-a/imports', undefined, {
      token: viewer,
      raw: 'x',
      headers: { 'content-type': 'application/gzip' },
    });
    expect(r.status).toBe(403);
  });

  it('serves the catalog for the UI: list, detail and the archive download', async () => {
    const list = await h.api('GET', '/apis/studio.spectrocloud.com/v1/catalog');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(10);
    const detail = await h.api('GET', '/apis/studio.spectrocloud.com/v1/catalog/vllm-model');
    expect(detail.body).toMatchObject({ name: 'vllm-model', type: 'Application' });
    const download = await h
      .client()
      .request('GET', '/apis/studio.spectrocloud.com/v1/catalog/vllm-model/archive');
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/gzip');
    expect((await h.api('GET', '/apis/studio.spectrocloud.com/v1/catalog/nope')).status).toBe(404);
  });

  it("reports packs the namespace's Palette registries lack", async () => {
    await h.namespaces('team-e');
    const settings = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Settings',
      metadata: { name: 'default', namespace: 'team-e' },
      spec: {
        infrastructureProvider: 'palette',
        palette: {
          endpoint: 'https://api.spectrocloud.com',
          projectUid: 'p1',
          apiKeySecretRef: { name: 'palette-creds' },
          packRegistries: ['my-mirror'],
        },
      },
    };
    expect(
      (await h.api('POST', '/apis/spectrocloud.com/v1alpha1/namespaces/team-e/settings', settings)).status,
    ).toBe(201);
    const r = await importInto('team-e', await pack('vllm-fullstack'));
    expect(r.status).toBe(201);
    const missing = (r.json as { missingPacks: { pack: string; registry: string }[] }).missingPacks;
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.map((m) => m.pack)).toContain('ubuntu');
    const none = await importInto('team-f', await pack('vllm-fullstack'));
    expect((none.json as { missingPacks: unknown[] }).missingPacks).toEqual([]);
  });

  it('packs and verifies every catalog bundle', async () => {
    expect(bundles).toHaveLength(CATALOG_BUNDLES);
    for (const name of bundles) {
      const { files } = readArchive(await pack(name));
      const report = inspectFiles(files, true);
      expect(report.issues, name).toEqual([]);
      expect(report.valid, name).toBe(true);
    }
  });

  it('refuses a YAML alias bomb inside an archive (LD003) and leaves the namespace untouched', async () => {
    const files = await readFolder(join(CATALOG, 'open-webui'));
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
    ].join('\n');
    files.set('workload-profiles/bomb.yaml', Buffer.from(`${bomb}\n`));
    const r0 = inspectFiles(files, false);
    files.set(
      STUDIO_FILE,
      Buffer.from(
        stringify(
          buildStudioFile(
            { name: r0.name ?? 'open-webui', version: r0.version ?? '1.0.0', type: 'Application' },
            files,
          ),
        ),
      ),
    );
    const before = await snapshot('team-g');
    const r = await importInto('team-g', packArchive(files));
    expect(r.status).toBe(422);
    expect(
      (r.json as { details: { causes: { reason: string }[] } }).details.causes.map((c) => c.reason),
    ).toContain('LD003');
    expect(await snapshot('team-g')).toEqual(before);
  });
});
