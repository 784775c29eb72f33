import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, GoneError } from '../model/errors.js';
import type { Store } from './store.js';
import { bundle, KIND, line, NS, record, settle, STORE_ENGINES, type EngineOptions } from './testFixtures.js';

const key = (name: string, namespace = NS) => ({ kind: KIND, namespace, name });

describe.each(STORE_ENGINES)('$name store: watch', (engine) => {
  let store: Store;
  const open = (options?: EngineOptions) => (store = engine.open(options));
  afterEach(() => store.close());

  it('streams live ADDED, MODIFIED and DELETED in resourceVersion order', async () => {
    open();
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
    open();
    await store.create(bundle('before'));
    const [none, zero] = [await record(store), await record(store, {}, '0')];
    await store.create(bundle('after'));
    await settle();
    expect(none.lines()).toEqual([`ADDED ${NS}/after@${await store.currentRv()}`]);
    expect(zero.lines()).toEqual(none.lines());
  });

  it('sees only its kind, namespace and name', async () => {
    open();
    const [inNs, byName, other] = [
      await record(store, { namespace: 'b' }),
      await record(store, { name: 'x' }),
      await record(store, {}, undefined, 'WorkloadProfile'),
    ];
    await store.create(bundle('x', { namespace: 'a' }));
    await store.create(bundle('y', { namespace: 'b' }));
    await store.create(bundle('z', { namespace: 'b', kind: 'WorkloadProfile' }));
    await settle();
    expect(inNs.events.map((e) => e.object.metadata.name)).toEqual(['y']);
    expect(byName.events.map((e) => e.object.metadata.name)).toEqual(['x']);
    expect(other.events.map((e) => e.object.metadata.name)).toEqual(['z']);
  });

  it('replays history after a resourceVersion and then goes live, with no gap and no duplicate under concurrent writes', async () => {
    open();
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
    open();
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
    open();
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
    await settle();
    expect(replayed.lines()).toEqual(expected);
  });

  it('sends the DELETED of an object to a selector watch only when the object matched', async () => {
    open();
    await store.create(bundle('gpu', { labels: { accel: 'gpu' } }));
    await store.create(bundle('cpu', { labels: { accel: 'cpu' } }));
    const watch = await record(store, { labels: [{ key: 'accel', op: '!=', value: 'cpu' }] });
    await store.delete(key('gpu'));
    await store.delete(key('cpu'));
    await settle();
    expect(watch.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['DELETED gpu']);
  });

  it('delivers nothing after stop()', async () => {
    open();
    const watch = await record(store);
    await store.create(bundle('a'));
    await settle();
    watch.watch.stop();
    await store.create(bundle('b'));
    await settle();
    expect(watch.events.map((e) => e.object.metadata.name)).toEqual(['a']);
  });

  it('keeps resourceVersion order for every watch when a callback writes', async () => {
    open();
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
    open({ historyLimit: 10 });
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
    await settle();
    expect(recent.events).toHaveLength(5);
  });

  it('refuses a continue token older than the kept history with 410 Expired', async () => {
    open({ historyLimit: 10 });
    for (let i = 0; i < 3; i++) await store.create(bundle(`o${i}`));
    const page = await store.list(KIND, { limit: 1 });
    for (let i = 0; i < 40; i++) await store.create(bundle(`later-${i}`));
    await expect(store.list(KIND, { limit: 1, continue: page.continue })).rejects.toBeInstanceOf(GoneError);
  });

  it('refuses a resourceVersion that is not a number, and one newer than the store', async () => {
    open();
    await expect(store.watch(KIND, {}, 'abc', () => {})).rejects.toBeInstanceOf(BadRequestError);
    await expect(store.watch(KIND, {}, '1000', () => {})).rejects.toBeInstanceOf(GoneError);
  });

  it('stops every watch on close', async () => {
    open();
    const watch = await record(store);
    await store.close();
    open();
    await store.create(bundle('a'));
    await settle();
    expect(watch.events.map(line)).toEqual([]);
  });
});
