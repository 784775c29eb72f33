/**
 * The SQLite history keeps one copy of an object's text (docs/adr/0007): an object's newest event
 * reads the object's row, and the next write of the object copies the row's text into it first.
 * Every version must still replay exactly, whatever the writes around it did.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../model/index.js';
import { SCHEMA_VERSION } from './schema.js';
import type { SqliteStore } from './sqliteStore.js';
import { bundle, KIND, NS, record, settle, sqliteOpener, tempDbPath } from './testFixtures.js';

const open = sqliteOpener();

const key = (name: string) => ({ kind: KIND, namespace: NS, name });

/** Every change after `from`, as a watch from there replays it: type and whole object. */
const replay = async (store: SqliteStore, from: string) => {
  const watch = await record(store, { namespace: NS }, from);
  await settle();
  watch.watch.stop();
  return watch.events.map((e) => [e.type, e.object]);
};

describe("SqliteStore: one copy of an object's text in its history", () => {
  it("keeps one copy of an object's text: its newest event reads the row, and every version replays exact", async () => {
    const store = open(tempDbPath());
    const kept = (rv: string) =>
      store.database.prepare('SELECT json FROM events WHERE rv = ?').pluck().get(Number(rv)) as string;
    await store.create(bundle('seed', { namespace: 'elsewhere' }));
    const from = await store.currentRv();
    const a1 = await store.create(bundle('a'));
    // The create's event names the row ('') instead of holding the text a second time.
    expect(kept(a1.metadata.resourceVersion)).toBe('');
    const a2 = await store.update(bundle('a', { labels: { v: '2' } }), a1.metadata.resourceVersion);
    // The update copied the row's text into the event it made current before, as it was then.
    expect(JSON.parse(kept(a1.metadata.resourceVersion))).toEqual(a1);
    expect(kept(a2.metadata.resourceVersion)).toBe('');
    const b = await store.create(bundle('b'));
    const gone = await store.delete({ kind: KIND, namespace: a1.metadata.namespace!, name: 'a' });
    expect(JSON.parse(kept(a2.metadata.resourceVersion))).toEqual(a2);
    expect(JSON.parse(kept(gone.metadata.resourceVersion))).toEqual(gone);

    const replay = await record(store, { namespace: a1.metadata.namespace! }, from);
    await settle();
    expect(replay.events.map((e) => [e.type, e.object])).toEqual([
      ['ADDED', a1],
      ['MODIFIED', a2],
      ['ADDED', b],
      ['DELETED', gone],
    ]);
    replay.watch.stop();
  });

  it('updates and deletes an object whose event the history no longer keeps', async () => {
    const store = open(tempDbPath(), { historyLimit: 5 });
    const first = await store.create(bundle('first'));
    for (let i = 0; i < 30; i++) await store.create(bundle(`o${i}`));
    const count = () => store.database.prepare('SELECT count(*) FROM events WHERE rv = ?').pluck();
    expect(count().get(Number(first.metadata.resourceVersion))).toBe(0);
    const from = await store.currentRv();
    const updated = await store.update(
      bundle('first', { labels: { v: '2' } }),
      first.metadata.resourceVersion,
    );
    const gone = await store.delete({ kind: KIND, namespace: first.metadata.namespace!, name: 'first' });
    const replay = await record(store, {}, from);
    await settle();
    expect(replay.events.map((e) => [e.type, e.object])).toEqual([
      ['MODIFIED', updated],
      ['DELETED', gone],
    ]);
    replay.watch.stop();
  });

  it('keeps the history exact when a transaction that updated the object is rolled back in a group', async () => {
    const store = open(tempDbPath());
    await store.create(bundle('seed', { namespace: 'elsewhere' }));
    const from = await store.currentRv();
    const x = await store.create(bundle('x'));
    // One group: a create, and a transaction that updates x (copying its event's text) and fails.
    const [other, failed] = await Promise.allSettled([
      store.create(bundle('other')),
      store.transaction(async (tx) => {
        await tx.update(bundle('x', { labels: { v: 'lost' } }), x.metadata.resourceVersion);
        throw new Error('changed its mind');
      }),
    ]);
    expect(failed.status).toBe('rejected');
    expect(other.status).toBe('fulfilled');
    const x2 = await store.update(bundle('x', { labels: { v: '2' } }), x.metadata.resourceVersion);
    expect(await replay(store, from)).toEqual([
      ['ADDED', x],
      ['ADDED', (other as PromiseFulfilledResult<KubeObject>).value],
      ['MODIFIED', x2],
    ]);
  });

  it('writes nothing of a write that fails part-way, so no later write shares its resourceVersion', async () => {
    // The kind's references fail for one object, inside a transaction function that goes on.
    const store = open(tempDbPath(), {
      referencesOf: (o) => {
        if ((o.spec as { bad?: boolean } | undefined)?.bad) throw new Error('no references for you');
        return [];
      },
    });
    await store.create(bundle('seed', { namespace: 'elsewhere' }));
    const from = await store.currentRv();
    const x = await store.create(bundle('x'));
    const y = await store.transaction(async (tx) => {
      await expect(
        tx.update(bundle('x', { spec: { bad: true } }), x.metadata.resourceVersion),
      ).rejects.toThrow('no references for you');
      return tx.create(bundle('y'));
    });
    expect(await store.get(key('x'))).toEqual(x);
    const x2 = await store.update(bundle('x', { labels: { v: '2' } }), x.metadata.resourceVersion);
    expect(await replay(store, from)).toEqual([
      ['ADDED', x],
      ['ADDED', y],
      ['MODIFIED', x2],
    ]);
  });

  it('replays the full-text events of a version 3 database, and goes on exactly after its upgrade', async () => {
    const path = tempDbPath();
    const before = open(path);
    await before.create(bundle('seed', { namespace: 'elsewhere' }));
    const from = await before.currentRv();
    const a = await before.create(bundle('a'));
    // As a version 3 build left it: the event holds the object's text, a second time.
    const db = before.database;
    db.prepare("UPDATE events SET json = (SELECT json FROM objects WHERE name = 'a') WHERE rv = ?").run(
      Number(a.metadata.resourceVersion),
    );
    db.pragma('user_version = 3');
    await before.close();

    const after = open(path);
    expect(after.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const a2 = await after.update(bundle('a', { labels: { v: '2' } }), a.metadata.resourceVersion);
    const gone = await after.delete(key('a'));
    expect(await replay(after, from)).toEqual([
      ['ADDED', a],
      ['MODIFIED', a2],
      ['DELETED', gone],
    ]);
  });

  it('tells a watch plainly when an event has no text, instead of replaying garbage', async () => {
    const errors: unknown[] = [];
    const store = open(tempDbPath(), { onWatchError: (e) => errors.push(e) });
    await store.create(bundle('seed', { namespace: 'elsewhere' }));
    const from = await store.currentRv();
    const a = await store.create(bundle('a'));
    // What a build that does not know the format would leave: the row moved on, the event not kept.
    store.database.prepare("UPDATE objects SET rv = rv + 100 WHERE name = 'a'").run();
    const watch = await record(store, { namespace: NS }, from);
    await settle();
    expect(watch.events).toEqual([]);
    expect(String(errors[0])).toContain(
      `the change history has no text for ${KIND} ${NS}/a at resourceVersion ${a.metadata.resourceVersion}`,
    );
  });
});
