import { afterEach, describe, expect, it } from 'vitest';
import { referencesOf } from '../../kinds/index.js';
import type { KubeObject } from '../../model/index.js';
import { SqliteStore } from '../../storage/sqliteStore.js';
import type { Store, WatchCallback } from '../../storage/store.js';
import { tempDbPath } from '../../storage/testFixtures.js';
import { clusterProfile } from '../../testing/builders.js';
import { ControllerLoop, PENDING_CHANGES, type Reconciler } from './controllerLoop.js';

const open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** A reconciler of ClusterProfiles that asks to see each again in an hour (a cluster provisioning). */
const polling = (seen: string[]): Reconciler => ({
  name: 'polling',
  watches: ['ClusterProfile'],
  keysFor: (e) => [e.key],
  reconcile: async (key) => {
    seen.push(key.name);
    return { requeueAfterMs: 3_600_000 };
  },
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};

/**
 * A store with one ClusterProfile written, and the resourceVersion after it to start a loop from
 * (resourceVersion "0" means "from now" to a watch).
 */
const storeAfterOneWrite = async () => {
  const store = SqliteStore.open(tempDbPath(), { referencesOf });
  open.push(store);
  await store.create(clusterProfile('before') as unknown as KubeObject);
  return { store, start: await store.currentRv() };
};

describe('ControllerLoop checkpoint', () => {
  it('stays before a change whose object waits to be polled again, so the next leader polls it too', async () => {
    const { store, start } = await storeAfterOneWrite();
    const first: string[] = [];
    const leader = new ControllerLoop(store, polling(first), () => {});
    open.push({ close: () => leader.stop() });
    await leader.start(start);
    await store.create(clusterProfile('provisioning') as unknown as KubeObject);
    expect(await until(() => first.length === 1)).toBe(true);
    await leader.idle();
    const checkpoint = leader.checkpoint(); // what its last lease renewal carries
    expect(checkpoint).toBe(start);
    leader.stop(); // killed: its hour-long poll never comes
    expect(leader.checkpoint()).toBe(start);

    const second: string[] = [];
    const next = new ControllerLoop(store, polling(second), () => {});
    open.push({ close: () => next.stop() });
    expect(await next.start(checkpoint)).toBe('checkpoint');
    expect(await until(() => second.length === 1)).toBe(true);
    expect(second).toEqual(['provisioning']);
  });
});

describe('ControllerLoop and a long backlog of changes', () => {
  it('takes a bounded number of changes at a time from a watch resumed far back (issue #11)', async () => {
    // A controller resumed from its checkpoint after a 50,000-object import held every change of
    // it while it looked up their keys (~300 MB on the server for a moment).
    const { store, start } = await storeAfterOneWrite();
    const count = 2_500;
    await store.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await tx.create(clusterProfile(`p${i}`) as unknown as KubeObject);
    });
    // The store as the loop sees it, counting the changes its watches deliver.
    let delivered = 0;
    const watch: Store['watch'] = (kind, selection, fromRv, onEvent: WatchCallback, onClose) =>
      store.watch(kind, selection, fromRv, (e) => (delivered++, onEvent(e)), onClose);
    const counting = new Proxy(store, {
      get: (target, prop, receiver) =>
        prop === 'watch' ? watch : (Reflect.get(target, prop, receiver) as unknown),
    }) as Store;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const reconciled: string[] = [];
    const loop = new ControllerLoop(
      counting,
      {
        name: 'slow lookups',
        watches: ['ClusterProfile'],
        keysFor: async (e) => {
          await gate; // what a change concerns is slow to find out (a query per change)
          return [e.key];
        },
        reconcile: async (key) => void reconciled.push(key.name),
      },
      () => {},
    );
    open.push({ close: () => loop.stop() });
    expect(await loop.start(start)).toBe('checkpoint');
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThanOrEqual(PENDING_CHANGES); // the rest waits in the history
    release();
    expect(await until(() => reconciled.length === count)).toBe(true);
    expect(delivered).toBe(count);
  });

  it('goes on with the next changes when looking one up fails, and says which controller failed', async () => {
    const { store, start } = await storeAfterOneWrite();
    const logged: string[] = [];
    const reconciled: string[] = [];
    const loop = new ControllerLoop(
      store,
      {
        name: 'picky',
        watches: ['ClusterProfile'],
        keysFor: (e) => {
          if (e.key.name === 'bad') throw new Error('the lookup failed');
          return [e.key];
        },
        reconcile: async (key) => void reconciled.push(key.name),
      },
      (m) => logged.push(m),
    );
    open.push({ close: () => loop.stop() });
    await loop.start(start);
    await store.transaction(async (tx) => {
      for (const name of ['a', 'bad', 'c']) await tx.create(clusterProfile(name) as unknown as KubeObject);
    });
    await loop.idle();
    expect(reconciled.sort()).toEqual(['a', 'c']);
    expect(logged).toEqual(['picky: looking up what a change concerns failed: Error: the lookup failed']);
  });
});
