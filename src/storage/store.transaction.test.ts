import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../model/errors.js';
import type { Store, StoreWriter } from './store.js';
import { bundle, KIND, NS, record, settle, STORE_ENGINES } from './testFixtures.js';

describe.each(STORE_ENGINES)('$name store: transactions', (engine) => {
  let store: Store;
  beforeEach(() => {
    store = engine.open();
  });
  afterEach(() => store.close());

  it('commits every write of a transaction together and returns what the function returns', async () => {
    const watch = await record(store);
    const names = await store.transaction((tx) => {
      tx.create(bundle('a'));
      const b = tx.create(bundle('b'));
      tx.update(bundle('b', { labels: { v: '2' } }), b.metadata.resourceVersion);
      return ['a', 'b'];
    });
    expect(names).toEqual(['a', 'b']);
    expect((await store.list(KIND)).items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    await settle();
    expect(watch.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'MODIFIED']);
  });

  it('rolls everything back when the function throws, rethrows, and tells no watcher', async () => {
    await store.create(bundle('kept'));
    const rvBefore = await store.currentRv();
    const watch = await record(store);
    const error = await store
      .transaction((tx) => {
        tx.create(bundle('a'));
        tx.delete({ kind: KIND, namespace: NS, name: 'kept' });
        tx.create(bundle('a')); // AlreadyExists
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((await store.list(KIND)).items.map((o) => o.metadata.name)).toEqual(['kept']);
    expect(await store.currentRv()).toBe(rvBefore);
    await settle();
    expect(watch.events).toEqual([]);
  });

  it('hands out resourceVersions after a rollback that continue where the last commit stopped', async () => {
    const first = await store.create(bundle('a'));
    await store
      .transaction((tx) => {
        tx.create(bundle('b'));
        throw new Error('changed my mind');
      })
      .catch(() => undefined);
    const next = await store.create(bundle('c'));
    expect(Number(next.metadata.resourceVersion)).toBe(Number(first.metadata.resourceVersion) + 1);
  });

  it('publishes the changes of a transaction only after it commits', async () => {
    const seen: string[] = [];
    await store.watch(KIND, {}, undefined, (e) => seen.push(e.object.metadata.name));
    await store.transaction((tx) => {
      tx.create(bundle('a'));
      tx.create(bundle('b'));
      expect(seen).toEqual([]);
    });
    await settle();
    expect(seen).toEqual(['a', 'b']);
  });

  it('refuses a writer used after its transaction ended', async () => {
    let kept: StoreWriter | undefined;
    await store.transaction((tx) => {
      kept = tx;
    });
    expect(() => kept!.create(bundle('late'))).toThrow(/after its transaction ended/);
    expect(await store.get({ kind: KIND, namespace: NS, name: 'late' })).toBeUndefined();
  });

  it('refuses an async function, which could not hold the transaction open, and writes nothing', async () => {
    await expect(
      store.transaction(async (tx) => {
        tx.create(bundle('a'));
      }),
    ).rejects.toThrow();
    expect((await store.list(KIND)).items).toEqual([]);
  });
});
