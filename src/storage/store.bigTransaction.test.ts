import { afterEach, describe, expect, it } from 'vitest';
import { GoneError } from '../model/errors.js';
import type { ChangeFeed } from './changeFeed.js';
import { SessionChanges } from './sessionChanges.js';
import type { Store, WatchCloseReason } from './store.js';
import { bundle, eventually, KIND, line, NS, record, settle, STORE_ENGINES } from './testFixtures.js';
import type { Change } from './watchEvents.js';
import { REPLAY_PAGE } from './watchHub.js';

/** A transaction larger than the changes a store keeps with their text is published from `events`. */
describe.each(STORE_ENGINES)('$name store: a transaction with more changes than it keeps', (engine) => {
  let store: Store;
  afterEach(() => store.close());

  it('publishes every change once, in order and whole, creates, updates and deletes alike', async () => {
    store = await engine.open({ keptChanges: 3 });
    const all = await record(store);
    // A selector: an update that moves an object out of it must come as DELETED (its previous
    // labels are read back too), and one that moves it in as ADDED.
    const blue = await record(store, { labels: [{ key: 'colour', op: '=', value: 'blue' }] });
    const before = Number(await store.currentRv());
    await store.transaction(async (tx) => {
      for (let i = 0; i < 10; i++)
        await tx.create(bundle(`b${i}`, { labels: { colour: 'blue', i: `${i}` } }));
      const b8 = await tx.get({ kind: KIND, namespace: NS, name: 'b8' });
      await tx.update(bundle('b8', { labels: { colour: 'red' } }), b8!.metadata.resourceVersion);
      await tx.delete({ kind: KIND, namespace: NS, name: 'b9' });
    });
    await eventually(() => all.events.length === 12);
    // Another commit after it: nothing of the transaction comes twice.
    await store.create(bundle('after'));
    await eventually(() => all.events.length === 13);
    await settle();
    const rv = (k: number) => before + k;
    expect(all.lines()).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `ADDED ${NS}/b${i}@${rv(i + 1)}`),
      `MODIFIED ${NS}/b8@${rv(11)}`,
      `DELETED ${NS}/b9@${rv(12)}`,
      `ADDED ${NS}/after@${rv(13)}`,
    ]);
    // Past the kept ones too, each event carries its whole object.
    expect(all.events[9]!.object.metadata.labels).toEqual({ colour: 'blue', i: '9' });
    expect(all.events[10]!.object.metadata.labels).toEqual({ colour: 'red' });
    expect(blue.lines()).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `ADDED ${NS}/b${i}@${rv(i + 1)}`),
      `DELETED ${NS}/b8@${rv(11)}`,
      `DELETED ${NS}/b9@${rv(12)}`,
    ]);
  });

  it('replays it to a watch resumed from before it, a page at a time, then the live changes', async () => {
    // Issue #11: a controller that resumed from its checkpoint after a 50,000-object import read
    // every change of it at once (~300 MB on the server for a moment); now one page at a time.
    store = await engine.open({ keptChanges: 3 });
    await store.create(bundle('first')); // resourceVersion 0 would mean "from now on"
    const before = await store.currentRv();
    const count = 2 * REPLAY_PAGE + 7;
    await store.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await tx.create(bundle(`r${i}`));
    });
    const resumed = await record(store, {}, before);
    const late = await store.create(bundle('late'));
    await eventually(() => resumed.events.length >= count + 1);
    await settle();
    const rv = (k: number) => Number(before) + k;
    expect(resumed.lines()).toEqual([
      ...Array.from({ length: count }, (_, i) => `ADDED ${NS}/r${i}@${rv(i + 1)}`),
      `ADDED ${NS}/late@${late.metadata.resourceVersion}`,
    ]);
  });

  it('publishes none of a transaction rolled back in the same group as a large one', async () => {
    store = await engine.open({ keptChanges: 2 });
    const watch = await record(store);
    // Submitted in one turn: both join one group commit, each as a savepoint.
    const big = store.transaction(async (tx) => {
      for (let i = 0; i < 6; i++) await tx.create(bundle(`kept-${i}`));
    });
    const failed = store.transaction(async (tx) => {
      for (let i = 0; i < 6; i++) await tx.create(bundle(`undone-${i}`));
      throw new Error('refused');
    });
    await big;
    await expect(failed).rejects.toThrow('refused');
    await store.create(bundle('after'));
    await eventually(() => watch.events.some((e) => e.object.metadata.name === 'after'));
    await settle();
    expect(watch.events.map((e) => e.object.metadata.name)).toEqual([
      ...Array.from({ length: 6 }, (_, i) => `kept-${i}`),
      'after',
    ]);
  });

  it('tells watchers to list again when one transaction wrote more than the kept history', async () => {
    store = await engine.open({ keptChanges: 3, historyLimit: 5 });
    await store.create(bundle('seed'));
    const start = await store.currentRv();
    const closed: WatchCloseReason[] = [];
    const seen: string[] = [];
    await store.watch(
      KIND,
      {},
      undefined,
      (e) => void seen.push(line(e)),
      (reason) => closed.push(reason),
    );
    await store.transaction(async (tx) => {
      for (let i = 0; i < 20; i++) await tx.create(bundle(`b${i}`));
    });
    await eventually(() => closed.length > 0);
    // The first changes are gone from the history: the watcher cannot have seen them all, so it is
    // closed rather than given the tail (kube-apiserver: 410 Gone, and the client lists again).
    expect(closed).toEqual(['dropped']);
    expect(seen.length).toBeLessThan(20);
    await expect(store.watch(KIND, {}, start, () => {})).rejects.toBeInstanceOf(GoneError);
    const fresh = await record(store);
    await store.create(bundle('after'));
    await eventually(() => fresh.events.length === 1);
    expect(fresh.events[0]!.object.metadata.name).toBe('after');
  });
});

describe('SessionChanges', () => {
  const change = (rv: number): Change => ({
    rv,
    type: 'ADDED',
    kind: KIND,
    namespace: NS,
    name: `o${rv}`,
    json: `{"rv":${rv}}`,
    prevJson: null,
  });
  const feed = () => {
    const calls: string[] = [];
    const f = {
      local: async (c: readonly Change[]) => void calls.push(`local ${c.map((x) => x.rv).join(',')}`),
      readBack: async (through: number) => void calls.push(`readBack ${through}`),
    };
    return { calls, feed: f as unknown as ChangeFeed };
  };

  it('keeps the text of the first changes only, and then publishes by reading back', async () => {
    const s = new SessionChanges(2);
    for (let rv = 1; rv <= 4; rv++) s.push(change(rv));
    // The first two whole; of the others only what a rollback and the publication need.
    expect(s.whole.map((c) => c.json)).toEqual(['{"rv":1}', '{"rv":2}']);
    expect([...s.kinds()]).toEqual([KIND, KIND, KIND, KIND]);
    expect(s.length).toBe(4);
    const { calls, feed: f } = feed();
    await s.publish(f);
    expect(calls).toEqual(['readBack 4']);
  });

  it('publishes what it kept whole from memory; a rolled-back tail is forgotten', async () => {
    const s = new SessionChanges(5);
    for (let rv = 1; rv <= 4; rv++) s.push(change(rv));
    expect(s.splice(3)).toEqual([KIND]);
    const { calls, feed: f } = feed();
    await s.publish(f);
    await new SessionChanges(5).publish(f);
    expect(calls).toEqual(['local 1,2,3']);
  });

  it('a rollback into the changes kept without text publishes through the last one left', async () => {
    const s = new SessionChanges(2);
    for (let rv = 1; rv <= 6; rv++) s.push(change(rv));
    expect(s.splice(4)).toEqual([KIND, KIND]);
    const { calls, feed: f } = feed();
    await s.publish(f);
    // Every later change rolled back: what is left was kept whole.
    expect(s.splice(2)).toEqual([KIND, KIND]);
    await s.publish(f);
    expect(calls).toEqual(['readBack 4', 'local 1,2']);
  });
});
