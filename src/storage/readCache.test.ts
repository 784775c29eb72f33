import { afterEach, describe, expect, it } from 'vitest';
import { ReadCache } from './readCache.js';
import type { Store, StoreReader } from './store.js';
import { bundle, KIND, NS, STORE_ENGINES } from './testFixtures.js';

const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const key = (name: string) => ({ kind: KIND, namespace: NS, name });
const shared = (tx: { sharedReads?: StoreReader }): StoreReader => {
  expect(tx.sharedReads).toBeDefined();
  return tx.sharedReads!;
};
const description = (o: unknown) => (o as { spec?: { description?: string } } | undefined)?.spec?.description;

describe('ReadCache', () => {
  it('answers from memory until the kind changes, and keeps at most its bound', async () => {
    const cache = new ReadCache();
    let loads = 0;
    const read = () => cache.read('A', 'k', async () => ({ n: ++loads }));
    expect(await read()).toEqual({ n: 1 });
    expect(await read()).toEqual({ n: 1 });
    cache.changed('B');
    expect(await read()).toEqual({ n: 1 });
    cache.changed('A');
    expect(await read()).toEqual({ n: 2 });
    cache.clear();
    expect(await read()).toEqual({ n: 3 });
    expect(Object.isFrozen(await read())).toBe(true);
    for (let i = 0; i < 1_500; i++) await cache.read('A', `k${i}`, async () => i);
    expect(cache.size).toBe(1_000);
    const small = (v: number[]) => v.length < 3;
    await cache.read('A', 'big', async () => [1, 2, 3], small);
    expect(await cache.read('A', 'big', async () => [4], small)).toEqual([4]);
  });
});

describe.each(STORE_ENGINES)('$name store: shared reads in a transaction (the admission cache)', (engine) => {
  const open = async (sameAs?: Store) => {
    const store = await engine.open(sameAs ? { sameAs } : {});
    opened.push(store);
    return store;
  };

  it('sees the transaction’s own writes, and answers frozen objects, the same ones each time', async () => {
    const store = await open();
    await store.create(bundle('a', { spec: { description: 'one' } }));
    await store.transaction(async (tx) => {
      const reads = shared(tx);
      expect(description(await reads.get(key('a')))).toBe('one');
      // Read once: the second answer is the first one (no query).
      expect(await reads.get(key('a'))).toBe(await reads.get(key('a')));
      expect((await reads.list(KIND, { namespace: NS })).items).toHaveLength(1);
      const current = (await tx.get(key('a')))!;
      await tx.update({ ...current, spec: { description: 'two' } }, current.metadata.resourceVersion);
      const b = await tx.create(bundle('b'));
      const again = await reads.get(key('a'));
      expect(description(again)).toBe('two');
      expect(Object.isFrozen(again!.spec)).toBe(true);
      const listed = await reads.list(KIND, { namespace: NS });
      expect(listed.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
      expect(listed.resourceVersion).toBe(b.metadata.resourceVersion);
    });
  });

  it('forgets a write whose savepoint rolled back (one failing write of a group)', async () => {
    const store = await open();
    await store.create(bundle('a', { spec: { description: 'one' } }));
    const failing = store.transaction(async (tx) => {
      // Read through the cache first, so that a stale answer would be kept.
      await shared(tx).get(key('a'));
      const current = (await tx.get(key('a')))!;
      await tx.update({ ...current, spec: { description: 'rolled back' } }, current.metadata.resourceVersion);
      expect(description(await shared(tx).get(key('a')))).toBe('rolled back');
      throw new Error('refused');
    });
    const after = store.transaction(async (tx) => description(await shared(tx).get(key('a'))));
    await expect(failing).rejects.toThrow('refused');
    expect(await after).toBe('one');
  });

  it('forgets everything when another process (replica) commits to the same database', async () => {
    const store = await open();
    await store.create(bundle('a', { spec: { description: 'one' } }));
    expect(await store.transaction(async (tx) => description(await shared(tx).get(key('a'))))).toBe('one');
    const other = await open(store);
    const current = (await other.get(key('a')))!;
    await other.update(
      { ...current, spec: { description: 'from elsewhere' } },
      current.metadata.resourceVersion,
    );
    expect(await store.transaction(async (tx) => description(await shared(tx).get(key('a'))))).toBe(
      'from elsewhere',
    );
    expect(
      await store.transaction(async (tx) => (await shared(tx).list(KIND, { namespace: NS })).items.length),
    ).toBe(1);
  });

  it('hands out consecutive resourceVersions across a group where one write failed', async () => {
    const store = await open();
    await store.create(bundle('a'));
    const results = await Promise.allSettled([
      store.create(bundle('b')),
      store.create(bundle('a')), // already exists: 409, takes no resourceVersion
      store.create(bundle('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const [b, , c] = results.map((r) =>
      r.status === 'fulfilled' ? Number(r.value.metadata.resourceVersion) : 0,
    );
    expect(c).toBe(b! + 1);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/"a" already exists/);
  });
});
