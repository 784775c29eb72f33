import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectKey, Reference, Store } from './store.js';
import { bundle, KIND, NS, STORE_ENGINES, usesOf } from './testFixtures.js';

const PROFILE = 'WorkloadProfile';
const profile = (name: string, namespace = NS): Reference => ({ kind: PROFILE, namespace, name });
const key = (name: string, kind = KIND): ObjectKey => ({ kind, namespace: NS, name });
const names = (keys: ObjectKey[]) => keys.map((k) => `${k.kind}/${k.namespace}/${k.name}`);

describe.each(STORE_ENGINES)('$name store: references', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await engine.open({ referencesOf: usesOf });
  });
  afterEach(() => store.close());

  it('answers dependents from the references written with each create, update and delete', async () => {
    await store.create(bundle('p', { kind: PROFILE }));
    const a = await store.create(bundle('a', { uses: [profile('p'), profile('q')] }));
    await store.create(bundle('b', { uses: [profile('p'), profile('p')] }));
    expect(names(await store.dependents(profile('p')))).toEqual([`${KIND}/${NS}/a`, `${KIND}/${NS}/b`]);
    expect(names(await store.dependents(profile('q')))).toEqual([`${KIND}/${NS}/a`]);
    await store.update(bundle('a', { uses: [profile('q')] }), a.metadata.resourceVersion);
    expect(names(await store.dependents(profile('p')))).toEqual([`${KIND}/${NS}/b`]);
    await store.delete(key('b'));
    expect(await store.dependents(profile('p'))).toEqual([]);
    expect(names(await store.dependents(profile('q')))).toEqual([`${KIND}/${NS}/a`]);
    expect(await store.dependents(profile('q', 'elsewhere'))).toEqual([]);
  });

  it('returns the referrers of every object of a kind (name "*") only with includeAny', async () => {
    await store.create(bundle('any', { kind: 'Project', uses: [profile('*')] }));
    await store.create(bundle('one', { uses: [profile('p')] }));
    expect(names(await store.dependents(profile('p')))).toEqual([`${KIND}/${NS}/one`]);
    expect(names(await store.dependents(profile('p'), { includeAny: true }))).toEqual([
      `${KIND}/${NS}/one`,
      `Project/${NS}/any`,
    ]);
  });

  it('drops the reference rows of a transaction that rolls back, and sees its own inside', async () => {
    await store
      .transaction(async (tx) => {
        await tx.create(bundle('a', { uses: [profile('p')] }));
        expect(names(await tx.dependents(profile('p')))).toEqual([`${KIND}/${NS}/a`]);
        expect(await store.dependents(profile('p'))).toEqual([]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await store.dependents(profile('p'))).toEqual([]);
  });

  it('decides "delete unless referenced" inside a transaction without a race, across two instances (50 rounds)', async () => {
    // The deleter and the creator are two store instances on one database, as two replicas would be.
    const other = await engine.open({ referencesOf: usesOf, sameAs: store });
    let deleted = 0;
    let created = 0;
    for (let round = 0; round < 50; round++) {
      const p = `p-${round}`;
      await store.create(bundle(p, { kind: PROFILE }));
      const [del, add] = await Promise.allSettled([
        store.transaction(async (tx) => {
          if ((await tx.dependents(profile(p))).length > 0) throw new Error('referenced');
          await tx.delete(key(p, PROFILE));
        }),
        other.transaction(async (tx) => {
          if (!(await tx.get(key(p, PROFILE)))) throw new Error('profile gone');
          await tx.create(bundle(`b-${round}`, { uses: [profile(p)] }));
        }),
      ]);
      expect(del.status === 'fulfilled' && add.status === 'fulfilled').toBe(false);
      if (del.status === 'fulfilled') deleted++;
      if (add.status === 'fulfilled') created++;
      // Whatever won, no bundle points at a missing profile.
      const bundleThere = await store.get(key(`b-${round}`));
      const profileThere = await store.get(key(p, PROFILE));
      expect(bundleThere === undefined || profileThere !== undefined).toBe(true);
    }
    expect(deleted + created).toBe(50);
    await other.close();
  });
});

describe.each(STORE_ENGINES)('$name store: references without referencesOf', (engine) => {
  it('keeps no references when the store has no referencesOf', async () => {
    const store = await engine.open();
    try {
      await store.create(bundle('a', { uses: [profile('p')] }));
      expect(await store.dependents(profile('p'))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
