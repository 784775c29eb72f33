/**
 * One write pipeline: the Studio import and the API write objects the same way (the four
 * divergences the architecture review reproduced), and check-then-write decisions are made inside
 * the write's transaction (a referenced profile cannot be deleted under a bundle being created).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArchiveInto, packCatalog } from './catalogArchives.js';
import {
  bundle,
  clusterProfile,
  CP,
  PB,
  startHarness,
  WP,
  workloadProfile,
  type Harness,
} from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const importInto = (ns: string, archive: Buffer, query = '') => importArchiveInto(h, ns, archive, query);

const condition = (o: any, type: string) => o.status?.conditions?.find((c: any) => c.type === type);

describe('the Studio import writes through the same pipeline as the API', () => {
  it('(a) re-checks a pool that waits for a bundle when the bundle arrives by import', async () => {
    const ns = 'import-a';
    await h.namespaces(ns);
    const pool = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ComputePool',
      metadata: { name: 'cpu-pool', namespace: ns },
      spec: { profileBundleRef: { name: 'edge-cpu-infra' }, clusterVariant: { shared: {} } },
    };
    const created = await h.api(
      'POST',
      `/apis/spectrocloud.com/v1alpha1/namespaces/${ns}/computepools`,
      pool,
    );
    expect(created.status).toBe(201);
    expect(condition(created.body, 'ResolvedRefs').status).toBe('False');

    expect((await importInto(ns, await packCatalog('edge-cpu-infra'))).status).toBe(201);
    await h.server.controllers.idle();
    const after = await h.api(
      'GET',
      `/apis/spectrocloud.com/v1alpha1/namespaces/${ns}/computepools/cpu-pool`,
    );
    expect(condition(after.body, 'ResolvedRefs')).toMatchObject({ status: 'True' });
    expect(condition(after.body, 'Ready')).toMatchObject({ status: 'True' });
  });

  it('(b) counts generation and revision when --overwrite changes a WorkloadProfile', async () => {
    const ns = 'import-b';
    expect((await importInto(ns, await packCatalog('open-webui'))).status).toBe(201);
    const path = `/apis/spectrocloud.com/v1beta1/namespaces/${ns}/workloadprofiles/open-webui`;
    const before = (await h.api('GET', path)).body;
    expect([before.metadata.generation, before.status.revision]).toEqual([1, 1]);

    const changed = await packCatalog('open-webui', (docs) => {
      docs.get('workload-profiles/open-webui.yaml').spec.description = 'changed';
    });
    expect((await importInto(ns, changed, '?overwrite=true')).status).toBe(201);
    const after = (await h.api('GET', path)).body;
    expect(after.spec.description).toBe('changed');
    expect([after.metadata.generation, after.status.revision]).toEqual([2, 2]);
  });

  it('(c) refuses an --overwrite that changes an immutable field, as a PUT does, and stores nothing', async () => {
    const ns = 'import-c';
    expect((await importInto(ns, await packCatalog('open-webui'))).status).toBe(201);
    const path = `/apis/spectrocloud.com/v1beta1/namespaces/${ns}/workloadprofiles/open-webui`;
    const before = (await h.api('GET', path)).body;

    const put = await h.api('PUT', path, { ...before, spec: { ...before.spec, type: 'Model' } });
    expect(put.status).toBe(422);
    const retyped = await packCatalog('open-webui', (docs) => {
      docs.get('workload-profiles/open-webui.yaml').spec.type = 'Model';
    });
    const r = await importInto(ns, retyped, '?overwrite=true');
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('spec.type');
    expect(JSON.stringify(r.body)).toContain('immutable');
    const after = (await h.api('GET', path)).body;
    expect(after.spec.type).toBe('Application');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('(d) refuses set=NAME without "=" naming the expected form, instead of cutting the name', async () => {
    const r = await importInto('import-d', await packCatalog('open-webui'), '?set=storageSize');
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('set=NAME=VALUE');
    expect(r.body.message).not.toContain('storageSiz"');
    const ok = await importInto('import-d', await packCatalog('open-webui'), '?set=storageSize=20Gi');
    expect(ok.status).toBe(201);
  });
});

describe('check-then-write inside one transaction', () => {
  it('applies 100 merge patches without resourceVersion from 10 concurrent writers, none a spurious 409', async () => {
    // Each patch is applied to the object as its own transaction reads it: no stale read to refuse.
    expect((await h.api('POST', CP, clusterProfile('patched'))).status).toBe(201);
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async (_, writer) => {
        const seen: number[] = [];
        for (let i = 0; i < 10; i++) {
          const patch = { metadata: { labels: { [`w${writer}-${i}`]: 'yes' } } };
          seen.push((await h.api('PATCH', `${CP}/patched`, patch)).status);
        }
        return seen;
      }),
    );
    expect(statuses.flat().filter((s) => s !== 200)).toEqual([]);
    const labels = (await h.api('GET', `${CP}/patched`)).body.metadata.labels as Record<string, string>;
    expect(Object.keys(labels).filter((k) => /^w\d-\d$/.test(k))).toHaveLength(100);
  });

  it('never leaves a Ready bundle pointing at a profile deleted at the same moment (100 rounds)', async () => {
    await h.api('POST', WP, workloadProfile('vllm'));
    let deleted = 0;
    let refused = 0;
    for (let round = 0; round < 100; round++) {
      const cp = clusterProfile(`edge-${round}`);
      expect((await h.api('POST', CP, cp)).status).toBe(201);
      const b = bundle(`race-${round}`, { clusterProfiles: [{ name: `edge-${round}` }] });
      const [del, created] = await Promise.all([
        h.api('DELETE', `${CP}/edge-${round}`),
        h.api('POST', PB, b),
      ]);
      expect(created.status).toBe(201);
      const stored = (await h.api('GET', `${PB}/race-${round}`)).body;
      const profile = await h.api('GET', `${CP}/edge-${round}`);
      if (del.status === 200) {
        deleted++;
        expect(profile.status).toBe(404);
        expect(stored.status.phase).toBe('Pending');
      } else {
        refused++;
        expect(del.status).toBe(409);
        expect(del.body.message).toContain(`ProfileBundle race-${round}`);
        expect(profile.status).toBe(200);
      }
    }
    expect(deleted + refused).toBe(100);
  });

  it('deletes a namespace with everything it holds, in one transaction, as Kubernetes does', async () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-busy' } };
    expect((await h.api('POST', '/api/v1/namespaces', ns)).status).toBe(201);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns-busy' } };
    expect((await h.api('POST', '/api/v1/namespaces/ns-busy/secrets', secret)).status).toBe(201);
    const cp = { ...clusterProfile('held'), metadata: { name: 'held', namespace: 'ns-busy' } };
    expect(
      (await h.api('POST', '/apis/spectrocloud.com/v1alpha1/namespaces/ns-busy/clusterprofiles', cp)).status,
    ).toBe(201);
    expect((await h.api('DELETE', '/api/v1/namespaces/ns-busy')).status).toBe(200);
    expect((await h.api('GET', '/api/v1/namespaces/ns-busy/secrets/s')).status).toBe(404);
    expect(
      (await h.api('GET', '/apis/spectrocloud.com/v1alpha1/namespaces/ns-busy/clusterprofiles/held')).status,
    ).toBe(404);
  });

  it('writes an unchanged Secret (stringData) no more than an unchanged bundle: same resourceVersion', async () => {
    // Every apply of a Secret with stringData was written again (a new resourceVersion and a
    // MODIFIED event each time: GitOps tools re-apply every few minutes); a ProfileBundle was not.
    await h.namespaces('ns-secret');
    const path = '/api/v1/namespaces/ns-secret/secrets';
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds' },
      stringData: { token: 't' },
    };
    const created = (await h.api('POST', `${path}?fieldManager=kubectl`, secret)).body;
    for (const [method, body] of [
      ['PATCH', { stringData: { token: 't' } }],
      ['PATCH', { data: { token: Buffer.from('t').toString('base64') } }],
      ['PUT', { ...created, stringData: { token: 't' } }],
    ] as const) {
      const again = await h.api(method, `${path}/creds?fieldManager=kubectl`, body);
      expect(again.status, method).toBe(200);
      expect(again.body.metadata.resourceVersion, method).toBe(created.metadata.resourceVersion);
    }
    const changed = await h.api('PATCH', `${path}/creds?fieldManager=kubectl`, {
      stringData: { token: 'u' },
    });
    expect(changed.body.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    expect(changed.body.data).toEqual({ token: Buffer.from('u').toString('base64') });
  });

  it('honours a uid precondition on delete', async () => {
    const cp = clusterProfile('uid-guarded');
    const created = (await h.api('POST', CP, cp)).body;
    const wrong = await h.api('DELETE', `${CP}/uid-guarded`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      preconditions: { uid: '00000000-0000-0000-0000-000000000000' },
    });
    expect(wrong.status).toBe(409);
    expect((await h.api('GET', `${CP}/uid-guarded`)).status).toBe(200);
    const right = await h.api('DELETE', `${CP}/uid-guarded`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      preconditions: { uid: created.metadata.uid },
    });
    expect(right.status).toBe(200);
  });
});
