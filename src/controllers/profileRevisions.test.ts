/**
 * Old WorkloadProfile revisions stay readable (SPEC §2.2): the write pipeline keeps the spec each
 * change replaces, a bundle that pins a revision stays Ready when the profile moves on, and a
 * deployment renders the revision it names. Before, a pin of anything but the current revision was
 * PB008 (the bundle went Invalid at the profile's next change) and a deployment rendered whatever
 * the profile was now, labelled with the revision it named.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject, ProfileBundle, WorkloadDeployment, WorkloadProfile } from '../model/index.js';
import { STORE_ENGINES, type StoreEngine } from '../storage/testFixtures.js';
import { bundle, clusterProfile, NS, workloadProfile } from '../testing/builders.js';
import { DeliveryProblem, renderDeployment } from './workloadDelivery.js';

const o = (x: unknown) => x as KubeObject;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const key = (kind: string, name: string) => ({ kind, namespace: NS, name });

let engine: StoreEngine;

const setUp = async () => {
  const store = await engine.open({ referencesOf });
  closers.push(() => store.close());
  const pipeline = new WritePipeline(store);
  await ensureNamespaces(pipeline, [NS]);
  await pipeline.create(o(clusterProfile('edge')));
  await pipeline.create(o(workloadProfile('chat')));
  /** Gives the profile's component the image tag `tag` (a spec change: a new revision). */
  const retag = (tag: string) =>
    pipeline.replace(key('WorkloadProfile', 'chat'), (cur) => {
      const wp = cur as unknown as WorkloadProfile;
      wp.spec.workload.components[0]!.properties!.image = `ghcr.io/example/chat:${tag}`;
      return cur;
    });
  const profile = async () => (await store.get(key('WorkloadProfile', 'chat'))) as unknown as WorkloadProfile;
  const pinned = async (name: string, revision: number) => {
    const b = bundle(name, 'Fullstack', { clusterProfiles: ['edge'] });
    b.spec.workloadProfiles = [{ name: 'chat', revision }];
    await pipeline.create(o(b));
    return (await store.get(key('ProfileBundle', name))) as unknown as ProfileBundle;
  };
  const deployment = (revision: number): WorkloadDeployment =>
    ({
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'WorkloadDeployment',
      metadata: { name: 'chat-chat', namespace: NS },
      spec: {
        owner: { kind: 'AIWorkload', name: 'chat' },
        profileBundle: 'pinned',
        workloadProfile: { name: 'chat', revision },
        computePool: 'pool',
      },
    }) as WorkloadDeployment;
  return { store, pipeline, retag, profile, pinned, deployment };
};

/** The image of the Deployment a render made. */
const imageOf = (objects: KubeObject[]) =>
  (
    objects.find((x) => x.kind === 'Deployment')?.spec as
      { template: { spec: { containers: { image: string }[] } } } | undefined
  )?.template.spec.containers[0]?.image;

describe.each(STORE_ENGINES)('WorkloadProfile revisions ($name)', (e) => {
  beforeEach(() => {
    engine = e;
  });

  it('keeps the spec each change replaces in status.history, and nothing for a change that is not one', async () => {
    const { pipeline, retag, profile } = await setUp();
    await retag('2.0.0');
    let wp = await profile();
    expect(wp.status?.revision).toBe(2);
    expect(wp.status?.history).toEqual([
      { revision: 1, spec: expect.objectContaining({ type: 'Application' }) },
    ]);
    expect(wp.status?.history?.[0]?.spec.workload.components[0]?.properties?.image).toBe(
      'ghcr.io/example/chat:1.0.0',
    );
    // a label is not a spec change: no revision, no history entry
    await pipeline.replace(key('WorkloadProfile', 'chat'), (cur) => ({
      ...cur,
      metadata: { ...cur.metadata, labels: { team: 'a' } },
    }));
    wp = await profile();
    expect([wp.status?.revision, wp.status?.history?.length]).toEqual([2, 1]);
  });

  it('keeps the last 10 earlier revisions, oldest first', async () => {
    const { retag, profile } = await setUp();
    for (let i = 2; i <= 13; i++) await retag(`${i}.0.0`);
    const wp = await profile();
    expect(wp.status?.revision).toBe(13);
    expect(wp.status?.history?.map((h) => h.revision)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(wp.status?.history?.at(-1)?.spec.workload.components[0]?.properties?.image).toBe(
      'ghcr.io/example/chat:12.0.0',
    );
  });

  it('keeps fewer earlier revisions when their specs pass 1 MiB, so the object still fits a request', async () => {
    const { pipeline, profile } = await setUp();
    /** A spec change that carries ~300 KiB of inline manifests. */
    const big = (n: number) =>
      pipeline.replace(key('WorkloadProfile', 'chat'), (cur) => {
        const wp = cur as unknown as WorkloadProfile;
        wp.spec.workload.components = [
          wp.spec.workload.components[0]!,
          {
            name: 'config',
            type: 'manifests',
            properties: {
              objects: [
                {
                  apiVersion: 'v1',
                  kind: 'ConfigMap',
                  metadata: { name: 'big' },
                  data: { blob: `${n}`.padEnd(300 * 1024, 'x') },
                },
              ],
            },
          },
        ];
        return cur;
      });
    for (let n = 1; n <= 6; n++) await big(n);
    const wp = await profile();
    expect(wp.status?.revision).toBe(7);
    // revisions 4-6 (~900 KiB) fit the budget; 3 would pass it. Revision 1 (small) went with it.
    expect(wp.status?.history?.map((h) => h.revision)).toEqual([4, 5, 6]);
    expect(Buffer.byteLength(JSON.stringify(wp))).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('does not take a history from what a client sends', async () => {
    const { pipeline, profile } = await setUp();
    const forged = workloadProfile('forged');
    (forged as { status?: unknown }).status = { revision: 7, history: [{ revision: 3, spec: forged.spec }] };
    await pipeline.create(o(forged));
    const made = (await pipeline.store.get(key('WorkloadProfile', 'forged'))) as unknown as WorkloadProfile;
    expect(made.status?.revision).toBe(1);
    expect(made.status?.history).toBeUndefined();
    await pipeline.replace(key('WorkloadProfile', 'chat'), (cur) => ({
      ...cur,
      status: { revision: 9, history: [{ revision: 8, spec: cur.spec }] },
    }));
    const wp = await profile();
    expect([wp.status?.revision, wp.status?.history]).toEqual([1, undefined]);
  });

  it('keeps a bundle that pins an old revision Ready, resolved to that revision', async () => {
    const { retag, pinned, store } = await setUp();
    expect((await pinned('pinned', 1)).status?.phase).toBe('Ready');
    await retag('2.0.0');
    await retag('3.0.0');
    // a bundle created after the profile moved on can still pin revision 1
    const late = await pinned('late', 1);
    expect(late.status?.phase).toBe('Ready');
    expect(late.status?.resolved?.workloadProfiles).toEqual([
      { name: 'chat', type: 'Application', revision: 1 },
    ]);
    const two = await pinned('two', 2);
    expect(two.status?.resolved?.workloadProfiles?.[0]?.revision).toBe(2);
    expect(
      ((await store.get(key('ProfileBundle', 'pinned'))) as unknown as ProfileBundle).status?.phase,
    ).toBe('Ready');
  });

  it('says which revisions a pin can take when it names one not kept, or not made yet (PB008)', async () => {
    const { retag, pinned } = await setUp();
    for (let i = 2; i <= 12; i++) await retag(`${i}.0.0`);
    const gone = await pinned('gone', 1);
    expect(gone.status?.phase).not.toBe('Ready');
    expect(JSON.stringify(gone.status?.conditions)).toContain(
      'workload profile \\"chat\\" no longer keeps revision 1 (it keeps up to 10 earlier ones, 1 MiB of specs; readable: 2–12); pin one it has, or drop revision to take the latest.',
    );
    const ahead = await pinned('ahead', 99);
    expect(JSON.stringify(ahead.status?.conditions)).toContain(
      'workload profile \\"chat\\" has no revision 99 (the latest is 12)',
    );
  });

  it('warns the writer of the change that drops a revision a bundle pins, naming the bundle', async () => {
    const { retag, pinned } = await setUp();
    await pinned('pinned', 1);
    for (let i = 2; i <= 11; i++) expect((await retag(`${i}.0.0`)).warnings).toEqual([]);
    const dropping = await retag('12.0.0'); // revision 12: history keeps 2–11, revision 1 goes
    expect(dropping.warnings).toEqual([
      '299 - "PB008 bundle \\"pinned\\" pins revision 1 of this profile, which this change no longer keeps (readable now: 2-12): the bundle waits as Pending until it pins one of those or drops the pin."',
    ]);
    expect((await retag('13.0.0')).warnings).toEqual([]); // revision 2 goes: nothing pins it
  });

  it('renders the revision a deployment names, and says so when it is no longer kept', async () => {
    const { retag, pinned, store, deployment } = await setUp();
    await pinned('pinned', 1);
    await retag('2.0.0');
    const one = await renderDeployment(store, deployment(1));
    expect([one.revision, imageOf(one.objects)]).toEqual(['chat@1', 'ghcr.io/example/chat:1.0.0']);
    const two = await renderDeployment(store, deployment(2));
    expect([two.revision, imageOf(two.objects)]).toEqual(['chat@2', 'ghcr.io/example/chat:2.0.0']);
    for (let i = 3; i <= 12; i++) await retag(`${i}.0.0`);
    const problem = await renderDeployment(store, deployment(1)).catch((e: unknown) => e);
    expect(problem).toBeInstanceOf(DeliveryProblem);
    expect(problem).toMatchObject({
      reason: 'MissingReference',
      message: expect.stringContaining(
        `WorkloadProfile ${NS}/chat no longer keeps revision 1 (spec.workloadProfile.revision; readable: 2–12)`,
      ),
    });
  });
});
