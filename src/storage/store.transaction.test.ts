import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../model/errors.js';
import type { Store, Transaction } from './store.js';
import { bundle, KIND, NS, record, settle, STORE_ENGINES } from './testFixtures.js';

const key = (name: string) => ({ kind: KIND, namespace: NS, name });

describe.each(STORE_ENGINES)('$name store: transactions', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await engine.open();
  });
  afterEach(() => store.close());

  it('commits every write of a transaction together and returns what the function returns', async () => {
    const watch = await record(store);
    const names = await store.transaction(async (tx) => {
      await tx.create(bundle('a'));
      const b = await tx.create(bundle('b'));
      await tx.update(bundle('b', { labels: { v: '2' } }), b.metadata.resourceVersion);
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
      .transaction(async (tx) => {
        await tx.create(bundle('a'));
        await tx.delete(key('kept'));
        await tx.create(bundle('a')); // AlreadyExists
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((await store.list(KIND)).items.map((o) => o.metadata.name)).toEqual(['kept']);
    expect(await store.currentRv()).toBe(rvBefore);
    await settle();
    expect(watch.events).toEqual([]);
  });

  it('hands out a greater resourceVersion after a rollback (monotonic, not necessarily gapless)', async () => {
    const first = await store.create(bundle('a'));
    await store
      .transaction(async (tx) => {
        await tx.create(bundle('b'));
        throw new Error('changed my mind');
      })
      .catch(() => undefined);
    const next = await store.create(bundle('c'));
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(Number(first.metadata.resourceVersion));
    expect(next.metadata.resourceVersion).toBe(await store.currentRv());
  });

  it('publishes the changes of a transaction only after it commits', async () => {
    const seen: string[] = [];
    await store.watch(KIND, {}, undefined, (e) => {
      seen.push(e.object.metadata.name);
    });
    await store.transaction(async (tx) => {
      await tx.create(bundle('a'));
      await tx.create(bundle('b'));
      await settle();
      expect(seen).toEqual([]);
    });
    await settle();
    expect(seen).toEqual(['a', 'b']);
  });

  it('reads its own writes inside the transaction: get, list, dependents', async () => {
    await store.create(bundle('before'));
    await store.transaction(async (tx) => {
      const a = await tx.create(bundle('a'));
      expect(await tx.get(key('a'))).toEqual(a);
      const gone = await tx.delete(key('before'));
      expect(await tx.get(key('before'))).toBeUndefined();
      const page = await tx.list(KIND);
      expect(page.items.map((o) => o.metadata.name)).toEqual(['a']);
      expect(page.resourceVersion).toBe(gone.metadata.resourceVersion);
    });
  });

  it('never shows a reader outside the transaction its uncommitted writes', async () => {
    await store.create(bundle('kept'));
    const rv = await store.currentRv();
    let outside: unknown[] = [];
    await store.transaction(async (tx) => {
      await tx.create(bundle('new'));
      await tx.delete(key('kept'));
      outside = [
        await store.get(key('new')),
        (await store.get(key('kept')))?.metadata.name,
        (await store.list(KIND)).items.map((o) => o.metadata.name),
        await store.currentRv(),
      ];
    });
    expect(outside).toEqual([undefined, 'kept', ['kept'], rv]);
    expect((await store.list(KIND)).items.map((o) => o.metadata.name)).toEqual(['new']);
  });

  it('refuses a transaction handle used after its function returned', async () => {
    let kept: Transaction | undefined;
    await store.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.create(bundle('late'))).rejects.toThrow(/after its transaction function returned/);
    await expect(kept!.get(key('late'))).rejects.toThrow(/after its transaction function returned/);
    expect(await store.get(key('late'))).toBeUndefined();
  });

  it('refuses a nested transaction, or a store write from inside one, clearly', async () => {
    const nested = await store
      .transaction(async () => store.transaction(async (tx) => tx.create(bundle('inner'))))
      .catch((e: unknown) => e);
    expect(nested).toBeInstanceOf(Error);
    expect((nested as Error).message).toMatch(/do not nest/);
    await expect(store.transaction(async () => store.create(bundle('x')))).rejects.toThrow(/do not nest/);
    expect((await store.list(KIND)).items).toEqual([]);
  });

  it('keeps the single writes of one group when a transaction in the same group rolls back', async () => {
    const results = await Promise.allSettled([
      store.create(bundle('one')),
      store.transaction(async (tx) => {
        await tx.create(bundle('in-tx'));
        throw new Error('no');
      }),
      store.create(bundle('one')), // AlreadyExists: its own savepoint
      store.create(bundle('two')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((await store.list(KIND)).items.map((o) => o.metadata.name)).toEqual(['one', 'two']);
  });

  it('runs transactions one at a time: concurrent read-modify-write loses no increment', async () => {
    await store.create(bundle('counter', { labels: { n: '0' } }));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.transaction(async (tx) => {
          const c = (await tx.get(key('counter')))!;
          const n = Number(c.metadata.labels!.n) + 1;
          await tx.update(bundle('counter', { labels: { n: String(n) } }), c.metadata.resourceVersion);
        }),
      ),
    );
    expect((await store.get(key('counter')))!.metadata.labels).toEqual({ n: '20' });
  });
});
