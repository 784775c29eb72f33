import { afterEach, describe, expect, it } from 'vitest';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject } from '../model/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import type { Store } from '../storage/store.js';
import { tempDbPath } from '../storage/testFixtures.js';
import { bundle, clusterProfile, NS, workloadProfile } from '../testing/builders.js';
import { startControllers, type Controllers } from './controllers.js';
import { LeaseElector } from './runtime/lease.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const storeAt = (path = tempDbPath()) => {
  const store = SqliteStore.open(path, { referencesOf });
  open.push(store);
  return { store, path };
};

const controllersOn = async (store: Store, identity: string): Promise<Controllers> => {
  const c = await startControllers(store, new WritePipeline(store), () => {}, {
    identity,
    leaseDurationSeconds: 1,
    retryMs: 50,
  });
  open.push({ close: () => c.stop() });
  return c;
};

const phase = async (store: Store, name: string) =>
  (
    (await store.get({ kind: 'ProfileBundle', namespace: NS, name }))?.status as
      { phase?: string } | undefined
  )?.phase;

const waitUntil = async (check: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 400; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
};

const o = (x: unknown) => x as KubeObject;

/**
 * A view of `store` whose reads, while `hang` is set, wait until `release()`, which settles each
 * through `settle` (answer it late, or fail it).
 */
const hanging = (
  store: Store,
  settle: (args: Parameters<Store['get']>, resolve: (v: unknown) => void, reject: (e: Error) => void) => void,
) => {
  const pending: (() => void)[] = [];
  const view = {
    hang: false,
    release: () => {
      view.hang = false;
      for (const settleOne of pending.splice(0)) settleOne();
    },
    store: new Proxy(store, {
      get: (target, prop, receiver) =>
        prop === 'get' && view.hang
          ? (...args: Parameters<Store['get']>) =>
              new Promise((resolve, reject) => pending.push(() => settle(args, resolve, reject)))
          : Reflect.get(target, prop, receiver),
    }),
  };
  return view;
};

describe('the lease', () => {
  it('lets one of two processes lead, and the other take over when the leader stops', async () => {
    const { store } = storeAt();
    const events: string[] = [];
    const elector = (id: string) =>
      new LeaseElector(
        store,
        { identity: id, leaseDurationSeconds: 1, retryMs: 50 },
        () => events.push(`${id} leads`),
        () => events.push(`${id} stops`),
      );
    const a = elector('a');
    const b = elector('b');
    await a.start();
    await b.start();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    await a.stop();
    expect(await waitUntil(() => b.isLeader)).toBe(true);
    expect(events).toEqual(['a leads', 'a stops', 'b leads']);
    await b.stop();
  });

  it('is taken over once its holder stops renewing it (a killed process)', async () => {
    const { store } = storeAt();
    let now = new Date('2026-11-30T10:00:00Z');
    const a = new LeaseElector(
      store,
      { identity: 'a', leaseDurationSeconds: 15, retryMs: 60_000, now: () => now },
      () => {},
      () => {},
    );
    await a.start(); // leads, then never renews (its timer is an hour away)
    const b = new LeaseElector(
      store,
      { identity: 'b', leaseDurationSeconds: 15, retryMs: 60_000, now: () => now },
      () => {},
      () => {},
    );
    await b.start();
    expect(b.isLeader).toBe(false);
    now = new Date(now.getTime() + 16_000);
    await b.stop();
    const c = new LeaseElector(
      store,
      { identity: 'c', leaseDurationSeconds: 15, retryMs: 60_000, now: () => now },
      () => {},
      () => {},
    );
    await c.start();
    expect(c.isLeader).toBe(true);
    await c.stop();
  });
  it('keeps an exclusive holder leading while its renewals wait (one process per SQLite file)', async () => {
    const { store } = storeAt();
    const events: string[] = [];
    const slow = hanging(store, (args, resolve) => resolve(store.get(...args)));
    const a = new LeaseElector(
      slow.store,
      { identity: 'a', leaseDurationSeconds: 1, retryMs: 50, exclusive: true },
      () => events.push('a leads'),
      () => events.push('a stops'),
    );
    await a.start();
    slow.hang = true; // a large import holds the store's writes: renewals wait for seconds
    await new Promise((r) => setTimeout(r, 1_200)); // past two thirds of the lease
    expect(a.isLeader).toBe(true);
    slow.release();
    await a.stop();
    expect(events).toEqual(['a leads', 'a stops']);
  });

  it('stops its holder when renewals hang, before another process may take the lease over', async () => {
    const { store } = storeAt();
    const events: string[] = [];
    // A's view of the store stops answering reads (a connection that hangs); B's keeps working.
    const aView = hanging(store, (_, __, reject) => reject(new Error('released')));
    const aStore = aView.store;
    const elector = (id: string, on: Store) =>
      new LeaseElector(
        on,
        { identity: id, leaseDurationSeconds: 1, retryMs: 50 },
        () => events.push(`${id} leads`),
        () => events.push(`${id} stops`),
      );
    const a = elector('a', aStore);
    const b = elector('b', store);
    await a.start();
    await b.start();
    aView.hang = true;
    expect(await waitUntil(() => b.isLeader)).toBe(true);
    expect(events).toEqual(['a leads', 'a stops', 'b leads']);
    aView.release();
    await a.stop();
    await b.stop();
  });
});

describe('the status controller', () => {
  it('turns a bundle Ready when the profiles it waits for arrive, whatever wrote them', async () => {
    const { store } = storeAt();
    const pipeline = new WritePipeline(store);
    await ensureNamespaces(pipeline, [NS, 'paletteai-system', 'tenant-acme', 'flux-system']);
    const controllers = await controllersOn(store, 'one');
    await pipeline.create(
      o(bundle('b', 'Fullstack', { clusterProfiles: ['edge'], workloadProfiles: ['vllm'] })),
    );
    expect(await phase(store, 'b')).toBe('Pending');
    await pipeline.create(o(clusterProfile('edge')));
    await store.create(o({ ...workloadProfile('vllm', 'Model'), status: { revision: 1 } })); // not through the pipeline
    await controllers.idle();
    expect(await phase(store, 'b')).toBe('Ready');
  });

  it('carries on after a takeover from where the previous controllers left off', async () => {
    const { store } = storeAt();
    const pipeline = new WritePipeline(store);
    await ensureNamespaces(pipeline, [NS, 'paletteai-system', 'tenant-acme', 'flux-system']);
    const first = await controllersOn(store, 'first');
    await pipeline.create(
      o(bundle('b', 'Fullstack', { clusterProfiles: ['edge'], workloadProfiles: ['vllm'] })),
    );
    await pipeline.create(o(workloadProfile('vllm', 'Model')));
    await first.idle();
    await first.stop(); // releases the lease with its checkpoint
    // While no controller runs, the last missing profile arrives.
    await pipeline.create(o(clusterProfile('edge')));
    expect(await phase(store, 'b')).toBe('Pending');
    const second = await controllersOn(store, 'second');
    expect(await waitUntil(() => second.leading)).toBe(true);
    await second.idle();
    expect(second.startedFrom).toBe('checkpoint');
    expect(await waitUntil(async () => (await second.idle(), (await phase(store, 'b')) === 'Ready'))).toBe(
      true,
    );
  });
});
