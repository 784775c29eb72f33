import { afterEach, describe, expect, it } from 'vitest';
import { referencesOf } from '../../kinds/index.js';
import type { KubeObject } from '../../model/index.js';
import { SqliteStore } from '../../storage/sqliteStore.js';
import { tempDbPath } from '../../storage/testFixtures.js';
import { clusterProfile } from '../../testing/builders.js';
import { ControllerLoop, type Reconciler } from './controllerLoop.js';

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

describe('ControllerLoop checkpoint', () => {
  it('stays before a change whose object waits to be polled again, so the next leader polls it too', async () => {
    const store = SqliteStore.open(tempDbPath(), { referencesOf });
    open.push(store);
    // (resourceVersion "0" means "from now" to a watch: start after a first write.)
    await store.create(clusterProfile('before') as unknown as KubeObject);
    const start = await store.currentRv();
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
