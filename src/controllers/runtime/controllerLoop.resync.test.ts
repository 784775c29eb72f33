import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../model/index.js';
import { SqliteStore } from '../../storage/sqliteStore.js';
import type { ListOptions, Store } from '../../storage/store.js';
import { ControllerLoop, type Reconciler } from './controllerLoop.js';

const KIND = 'ConfigMap';
const OBJECTS = 60;
const PAGE = 5;

const open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** A store of OBJECTS config maps whose `listText` counts the pages read. */
const storeWithObjects = async () => {
  const store = SqliteStore.open(':memory:');
  open.push(store);
  await store.transaction(async (tx) => {
    for (let i = 0; i < OBJECTS; i++)
      await tx.create({
        apiVersion: 'v1',
        kind: KIND,
        metadata: { name: `cm-${String(i).padStart(3, '0')}`, namespace: 'ns' },
      } as KubeObject);
  });
  const reads = { pages: 0 };
  const counting: Store = Object.create(store) as Store;
  counting.listText = (kind: string, options?: ListOptions) => {
    reads.pages++;
    return store.listText(kind, options);
  };
  return { store: counting, reads };
};

/** A reconciler that resyncs every object and records what it reconciled; `gate` holds each call. */
const recorder = (gate?: Promise<void>) => {
  const reconciled: string[] = [];
  const reconciler: Reconciler = {
    name: 'test controller',
    watches: [KIND],
    keysFor: () => [],
    reconcile: async (key) => {
      await gate;
      reconciled.push(key.name);
    },
    resync: () => true,
  };
  return { reconciler, reconciled };
};

const loopOf = (store: Store, reconciler: Reconciler, queueBound = 10) => {
  const loop = new ControllerLoop(store, reconciler, () => {}, { pageSize: PAGE, queueBound });
  open.push({ close: () => loop.stop() });
  return loop;
};

describe('a controller loop resyncing a large store', () => {
  it('holds a bounded number of keys: it reads the next page only once the queue has room', async () => {
    const { store, reads } = await storeWithObjects();
    let open!: () => void;
    const { reconciler, reconciled } = recorder(new Promise<void>((r) => (open = r)));
    const loop = loopOf(store, reconciler);
    expect(await loop.start()).toBe('resync');
    // Reconciles are held: the resync fills the queue to its bound and waits.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(reads.pages).toBeLessThanOrEqual(Math.ceil(10 / PAGE) + 1);
    expect(reads.pages).toBeLessThan(OBJECTS / PAGE);
    open();
    await loop.idle();
    expect(reconciled).toHaveLength(OBJECTS);
    expect(new Set(reconciled).size).toBe(OBJECTS);
    expect(reads.pages).toBe(OBJECTS / PAGE);
  });

  it('lets the event loop run between pages (the server answers while it resyncs)', async () => {
    const { store, reads } = await storeWithObjects();
    const loop = loopOf(store, recorder().reconciler, 1_000);
    await loop.start();
    const pagesWhenOthersRan = await new Promise<number>((r) => setImmediate(() => r(reads.pages)));
    expect(pagesWhenOthersRan).toBeLessThan(OBJECTS / PAGE);
    await loop.idle();
    expect(reads.pages).toBe(OBJECTS / PAGE);
  });

  it('lets the event loop run inside a page too, between slices of its objects', async () => {
    const { store } = await storeWithObjects();
    let asked = 0;
    const { reconciler } = recorder();
    const loop = new ControllerLoop(store, { ...reconciler, resync: () => (asked++, true) }, () => {}, {
      pageSize: OBJECTS,
    });
    open.push({ close: () => loop.stop() });
    await loop.start();
    // One page holds every object; the loop still gets a turn before all of them are looked at.
    const askedWhenOthersRan: number[] = [];
    for (let i = 0; i < 3; i++)
      askedWhenOthersRan.push(await new Promise<number>((r) => setImmediate(() => r(asked))));
    expect(askedWhenOthersRan.some((n) => n < OBJECTS)).toBe(true);
    await loop.idle();
    expect(asked).toBe(OBJECTS);
  });

  it('gives no checkpoint until the resync has reached every object', async () => {
    const { store } = await storeWithObjects();
    let open!: () => void;
    const loop = loopOf(store, recorder(new Promise<void>((r) => (open = r))).reconciler);
    await loop.start();
    expect(loop.checkpoint()).toBeUndefined();
    open();
    await loop.idle();
    expect(loop.checkpoint()).toBe(await store.currentRv());
  });
});
