import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packCatalog, importArchiveInto } from './catalogArchives.js';
import { CP, clusterProfile, NS, startHarness, type Harness } from './harness.js';

/**
 * Namespaces as Kubernetes has them (issue #10): a write into a namespace that does not exist is
 * 404 and stores nothing; `default` exists from the start; deleting a namespace shows it
 * `Terminating`, then takes everything it holds along in the same transaction.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const names = async (path: string): Promise<string[]> =>
  ((await h.api('GET', path)).body as { items: { metadata: { name: string } }[] }).items.map(
    (i) => i.metadata.name,
  );

describe('namespaces', () => {
  it('has default from the start', async () => {
    const r = await h.api('GET', '/api/v1/namespaces/default');
    expect(r.status).toBe(200);
  });

  it('answers 404 to a write into a namespace that does not exist, naming it and the fix, and stores nothing', async () => {
    const before = await h.api('GET', '/api/v1/namespaces');
    for (const [path, body] of [
      [
        CP.replace(NS, 'nowhere'),
        { ...clusterProfile('edge'), metadata: { name: 'edge', namespace: 'nowhere' } },
      ],
      [
        '/api/v1/namespaces/nowhere/secrets',
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { a: 'b' } },
      ],
    ] as const) {
      const r = await h.api('POST', path, body);
      expect(r.status).toBe(404);
      expect(r.body.reason).toBe('NotFound');
      expect(r.body.message).toContain('namespaces "nowhere" not found');
      expect(r.body.message).toContain('kubectl create namespace nowhere');
      expect(r.body.details).toMatchObject({ kind: 'namespaces', name: 'nowhere' });
    }
    const after = await h.api('GET', '/api/v1/namespaces');
    expect(after.body.metadata.resourceVersion).toBe(before.body.metadata.resourceVersion);
    expect((await h.api('GET', '/api/v1/namespaces/nowhere')).status).toBe(404);
  });

  it('shows a deleted namespace Terminating, then deletes it with what it holds, in that order for a watch', async () => {
    await h.namespaces('doomed');
    expect(
      (
        await h.api('POST', CP.replace(NS, 'doomed'), {
          ...clusterProfile('edge'),
          metadata: { name: 'edge', namespace: 'doomed' },
        })
      ).status,
    ).toBe(201);
    const from = (await h.api('GET', '/api/v1/namespaces')).body.metadata.resourceVersion as string;
    const r = await h.api('DELETE', '/api/v1/namespaces/doomed');
    expect(r.status).toBe(200);
    expect(r.body.status.phase).toBe('Terminating');
    expect(await names(CP.replace(NS, 'doomed'))).toEqual([]);
    expect((await h.api('GET', '/api/v1/namespaces/doomed')).status).toBe(404);
    // The change feed in order: the namespace turns Terminating before its contents go.
    const watched = await h.api(
      'GET',
      `/api/v1/namespaces?watch=1&resourceVersion=${from}&timeoutSeconds=1&fieldSelector=metadata.name=doomed`,
    );
    const events = String(watched.body)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { status?: { phase?: string } } });
    expect(events.map((e) => [e.type, e.object.status?.phase])).toEqual([
      ['MODIFIED', 'Terminating'],
      ['DELETED', 'Terminating'],
    ]);
  });

  it('lets a Studio import make the namespace it imports into, and a dry run makes none', async () => {
    const archive = await packCatalog('edge-cpu-infra');
    const dry = await importArchiveInto(h, 'studio-new', archive, '?dryRun=All');
    expect(dry.status).toBe(200);
    expect(dry.body.objects[0]).toEqual({ kind: 'Namespace', name: 'studio-new', action: 'create' });
    expect((await h.api('GET', '/api/v1/namespaces/studio-new')).status).toBe(404);
    const r = await importArchiveInto(h, 'studio-new', archive);
    expect(r.status).toBe(201);
    expect((await h.api('GET', '/api/v1/namespaces/studio-new')).status).toBe(200);
    expect(await names('/apis/spectrocloud.com/v1beta1/namespaces/studio-new/profilebundles')).toEqual([
      'edge-cpu-infra',
    ]);
  });
});
