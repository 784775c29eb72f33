import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, GoneError } from '../model/errors.js';
import type { Store } from './store.js';
import {
  bundle,
  eventually,
  KIND,
  line,
  NS,
  record,
  settle,
  STORE_ENGINES,
  type EngineOptions,
} from './testFixtures.js';

const key = (name: string, namespace = NS) => ({ kind: KIND, namespace, name });

describe.each(STORE_ENGINES)('$name store: watch', (engine) => {
  let store: Store;
  const open = async (options?: EngineOptions) => (store = await engine.open(options));
  afterEach(() => store.close());

  it('streams live ADDED, MODIFIED and DELETED in resourceVersion order', async () => {
    await open();
    const watch = await record(store);
    const a = await store.create(bundle('a'));
    const a2 = await store.update(bundle('a', { labels: { v: '2' } }), a.metadata.resourceVersion);
    const gone = await store.delete(key('a'));
    await settle();
    expect(watch.lines()).toEqual([
      `ADDED ${NS}/a@${a.metadata.resourceVersion}`,
      `MODIFIED ${NS}/a@${a2.metadata.resourceVersion}`,
      `DELETED ${NS}/a@${gone.metadata.resourceVersion}`,
    ]);
    expect(watch.events[1]!.object).toEqual(a2);
  });

  it('starts from now without a resourceVersion or with "0"', async () => {
    await open();
    await store.create(bundle('before'));
    const [none, zero] = [await record(store), await record(store, {}, '0')];
    await store.create(bundle('after'));
    await settle();
    expect(none.lines()).toEqual([`ADDED ${NS}/after@${await store.currentRv()}`]);
    expect(zero.lines()).toEqual(none.lines());
  });

  it('sees only its kind, namespace and name', async () => {
    await open();
    const [inNs, byName, other, notX, notB] = [
      await record(store, { namespace: 'b' }),
      await record(store, { name: 'x' }),
      await record(store, {}, undefined, 'WorkloadProfile'),
      await record(store, { notNames: ['x'] }),
      await record(store, { notNamespaces: ['b'] }),
    ];
    await store.create(bundle('x', { namespace: 'a' }));
    await store.create(bundle('y', { namespace: 'b' }));
    await store.create(bundle('z', { namespace: 'b', kind: 'WorkloadProfile' }));
    await settle();
    expect(inNs.events.map((e) => e.object.metadata.name)).toEqual(['y']);
    expect(byName.events.map((e) => e.object.metadata.name)).toEqual(['x']);
    expect(other.events.map((e) => e.object.metadata.name)).toEqual(['z']);
    expect(notX.events.map((e) => e.object.metadata.name)).toEqual(['y']);
    expect(notB.events.map((e) => e.object.metadata.name)).toEqual(['x']);
  });

  it('replays history after a resourceVersion and then goes live, with no gap and no duplicate under concurrent writes', async () => {
    await open();
    const a = await store.create(bundle('a'));
    let rv = a.metadata.resourceVersion;
    const startRvs: string[] = [];
    const watches: Awaited<ReturnType<typeof record>>[] = [];
    // A writer keeps updating while watches start from older and older points of its history.
    for (let i = 0; i < 60; i++) {
      rv = (await store.update(bundle('a', { labels: { i: String(i) } }), rv)).metadata.resourceVersion;
      if (i % 15 === 7) {
        const from = String(Number(rv) - 5);
        startRvs.push(from);
        watches.push(await record(store, {}, from));
      }
      if (i % 4 === 0) await settle();
    }
    await settle();
    const last = Number(await store.currentRv());
    watches.forEach((w, i) => {
      const from = Number(startRvs[i]);
      const expected = Array.from({ length: last - from }, (_, k) => String(from + 1 + k));
      expect(w.events.map((e) => e.object.metadata.resourceVersion)).toEqual(expected);
    });
  });

  it('replays deletes and creates in order and then takes live changes', async () => {
    await open();
    await store.create(bundle('seed', { namespace: 'elsewhere' }));
    const from = await store.currentRv();
    await store.create(bundle('a'));
    await store.create(bundle('b'));
    await store.delete(key('a'));
    const watch = await record(store, { namespace: NS }, from);
    await store.create(bundle('c'));
    await settle();
    expect(watch.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED a',
      'ADDED b',
      'DELETED a',
      'ADDED c',
    ]);
  });

  it('turns a label change that leaves the selection into DELETED and one that enters it into ADDED', async () => {
    await open();
    const gpu = [{ key: 'accel', op: '=' as const, value: 'gpu' }];
    await store.create(bundle('seed', { labels: { accel: 'tpu' } }));
    const from = await store.currentRv();
    const live = await record(store, { labels: gpu });
    const v1 = await store.create(bundle('a', { labels: { accel: 'gpu' } }));
    const v2 = await store.update(
      bundle('a', { labels: { accel: 'gpu', x: '1' } }),
      v1.metadata.resourceVersion,
    );
    const v3 = await store.update(bundle('a', { labels: { accel: 'cpu' } }), v2.metadata.resourceVersion);
    const v4 = await store.update(
      bundle('a', { labels: { accel: 'cpu', x: '2' } }),
      v3.metadata.resourceVersion,
    );
    const v5 = await store.update(bundle('a', { labels: { accel: 'gpu' } }), v4.metadata.resourceVersion);
    await settle();
    const expected = [
      `ADDED ${NS}/a@${v1.metadata.resourceVersion}`,
      `MODIFIED ${NS}/a@${v2.metadata.resourceVersion}`,
      `DELETED ${NS}/a@${v3.metadata.resourceVersion}`,
      `ADDED ${NS}/a@${v5.metadata.resourceVersion}`,
    ];
    expect(live.lines()).toEqual(expected);
    // The DELETED carries the last state that matched, as kube-apiserver sends it.
    expect(live.events[2]!.object.metadata.labels).toEqual({ accel: 'gpu', x: '1' });
    const replayed = await record(store, { labels: gpu }, from);
    await eventually(() => replayed.lines().length >= expected.length);
    await settle();
    expect(replayed.lines()).toEqual(expected);
  });

  it('sends the DELETED of an object to a selector watch only when the object matched', async () => {
    await open();
    await store.create(bundle('gpu', { labels: { accel: 'gpu' } }));
    await store.create(bundle('cpu', { labels: { accel: 'cpu' } }));
    const watch = await record(store, { labels: [{ key: 'accel', op: '!=', value: 'cpu' }] });
    await store.delete(key('gpu'));
    await store.delete(key('cpu'));
    await settle();
    expect(watch.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['DELETED gpu']);
  });

  it('delivers nothing after stop()', async () => {
    await open();
    const watch = await record(store);
    await store.create(bundle('a'));
    await settle();
    watch.watch.stop();
    await store.create(bundle('b'));
    await settle();
    expect(watch.events.map((e) => e.object.metadata.name)).toEqual(['a']);
  });

  it('keeps resourceVersion order for every watch when a callback writes', async () => {
    await open();
    const other = await record(store);
    const writer = await record(store);
    const seen: string[] = [];
    await store.watch(KIND, {}, undefined, (e) => {
      seen.push(e.object.metadata.name);
      if (e.object.metadata.name === 'a') void store.create(bundle('from-callback'));
    });
    await store.create(bundle('a'));
    await store.create(bundle('b'));
    await settle();
    expect(seen).toEqual(['a', 'from-callback', 'b']);
    for (const w of [other, writer]) {
      expect(w.events.map((e) => e.object.metadata.name)).toEqual(seen);
      expect(w.events.map((e) => Number(e.object.metadata.resourceVersion))).toEqual([1, 2, 3]);
    }
  });

  it('refuses a watch from before the kept history with 410 Expired, and serves one inside it', async () => {
    await open({ historyLimit: 10 });
    const first = await store.create(bundle('a'));
    let rv = first.metadata.resourceVersion;
    for (let i = 0; i < 40; i++)
      rv = (await store.update(bundle('a', { labels: { i: `${i}` } }), rv)).metadata.resourceVersion;
    const error = await store
      .watch(KIND, {}, first.metadata.resourceVersion, () => {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneError);
    expect(error).toMatchObject({ status: 410, reason: 'Expired' });
    const recent = await record(store, {}, String(Number(rv) - 5));
    // the history is replayed a page at a time, each read on a later turn of the event loop
    await eventually(() => recent.events.length >= 5);
    await settle();
    expect(recent.events).toHaveLength(5);
  });

  it('refuses a continue token older than the kept history with 410 Expired', async () => {
    await open({ historyLimit: 10 });
    for (let i = 0; i < 3; i++) await store.create(bundle(`o${i}`));
    const page = await store.list(KIND, { limit: 1 });
    for (let i = 0; i < 40; i++) await store.create(bundle(`later-${i}`));
    await expect(store.list(KIND, { limit: 1, continue: page.continue })).rejects.toBeInstanceOf(GoneError);
  });

  it('refuses a resourceVersion that is not a number, and one newer than the store', async () => {
    await open();
    await expect(store.watch(KIND, {}, 'abc', () => {})).rejects.toBeInstanceOf(BadRequestError);
    await expect(store.watch(KIND, {}, '1000', () => {})).rejects.toBeInstanceOf(GoneError);
  });

  it('stops every watch on close', async () => {
    await open();
    const watch = await record(store);
    await store.close();
    await open();
    await store.create(bundle('a'));
    await settle();
    expect(watch.events.map(line)).toEqual([]);
  });
});

describe.each(STORE_ENGINES)('$name store: watch across instances and bounds', (engine) => {
  const opened: Store[] = [];
  const open = async (options?: EngineOptions) => {
    const s = await engine.open(options);
    opened.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of opened.splice(0).reverse()) await s.close();
  });

  it('sees the commits of another store instance on the same database, in order, without gap or duplicate', async () => {
    const a = await open();
    const b = await open({ sameAs: a });
    await a.create(bundle('seed'));
    const from = await b.currentRv();
    const live = await record(b);
    const replayed = await record(b, {}, from);
    const written: string[] = [];
    for (let i = 0; i < 30; i++) {
      // Single writes and transactions, some in the same turn (group commits), on A only.
      const batch = await Promise.all([
        a.create(bundle(`x${i}`)),
        a.transaction(async (tx) => [await tx.create(bundle(`y${i}`)), await tx.create(bundle(`z${i}`))]),
      ]);
      written.push(...batch.flat().map((o) => o.metadata.resourceVersion));
    }
    const expected = written
      .map(Number)
      .sort((x, y) => x - y)
      .map(String);
    const rvs = (r: Awaited<ReturnType<typeof record>>) =>
      r.events.map((e) => e.object.metadata.resourceVersion);
    await eventually(() => rvs(live).length >= expected.length && rvs(replayed).length >= expected.length);
    await new Promise((r) => setTimeout(r, 100));
    expect(rvs(live)).toEqual(expected);
    expect(rvs(replayed)).toEqual(expected);
    expect(live.events.every((e) => e.json === JSON.stringify(e.object))).toBe(true);
  });

  it('shares one object and one JSON text of a change between watchers', async () => {
    const store = await open();
    const [one, two] = [await record(store), await record(store)];
    await store.create(bundle('a'));
    await settle();
    expect(one.events[0]!.object).toBe(two.events[0]!.object);
    expect(one.events[0]!.json).toBe(two.events[0]!.json);
    expect(JSON.parse(one.events[0]!.json)).toEqual(one.events[0]!.object);
  });

  it('holds no more than its bound for a consumer that holds delivery back: the rest is read from the history', async () => {
    const store = await open({ watchLimits: { events: 5 } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const closed: string[] = [];
    // A consumer that holds delivery back (a client that does not read its socket).
    await store.watch(
      KIND,
      {},
      undefined,
      (e) => {
        seen.push(e.object.metadata.name);
        return seen.length === 1 ? held : undefined;
      },
      (reason) => closed.push(reason),
    );
    const healthy = await record(store);
    for (let i = 0; i < 10; i++) await store.create(bundle(`o${i}`));
    await settle();
    expect(seen).toEqual(['o0']);
    expect(healthy.events).toHaveLength(10);
    release();
    await eventually(() => seen.length >= 10);
    await settle();
    // not dropped (issue #11: a 50,000-object import dropped every slow watcher, whose clients
    // then listed everything again): every change, in order, once
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `o${i}`));
    expect(closed).toEqual([]);
  });

  it('tells a watcher the store closed', async () => {
    const store = await open();
    const closed: string[] = [];
    await store.watch(
      KIND,
      {},
      undefined,
      () => undefined,
      (reason) => closed.push(reason),
    );
    await store.close();
    expect(closed).toEqual(['closed']);
  });
});
