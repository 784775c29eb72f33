import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../storage/sqliteStore.js';
import type { Store, WatchEvent } from '../../storage/store.js';
import { bundle, NS, settle, tempDbPath, usesOf } from '../../storage/testFixtures.js';
import { ControllerReads } from './controllerReads.js';

const opened: { store: Store; reads: ControllerReads }[] = [];
afterEach(async () => {
  for (const { store, reads } of opened.splice(0)) {
    reads.stop();
    await store.close();
  }
});

const setUp = async (options: { maxItems?: number } = {}) => {
  const store = SqliteStore.open(tempDbPath(), { referencesOf: usesOf });
  const reads = new ControllerReads(store, { listKinds: ['Project'], ...options });
  opened.push({ store, reads });
  await reads.start();
  return {
    store,
    reads,
    lists: vi.spyOn(store, 'list'),
    dependents: vi.spyOn(store, 'dependents'),
  };
};

const project = (name: string) => bundle(name, { kind: 'Project', spec: { namespace: `${name}-ns` } });
const changeAt = (rv: string) => ({ resourceVersion: rv }) as WatchEvent;
const target = { kind: 'ProfileBundle', namespace: NS, name: 'b' };

describe('ControllerReads', () => {
  it('reads the referrers of one change once, whichever controller asks, and again for the next change', async () => {
    const { store, reads, dependents } = await setUp();
    await store.create(bundle('b'));
    await store.create(bundle('w', { kind: 'AIWorkload', uses: [{ ...target }] }));
    const first = await reads.dependents(changeAt('2'), target);
    expect(first).toEqual([{ kind: 'AIWorkload', namespace: NS, name: 'w' }]);
    expect(await reads.dependents(changeAt('2'), target)).toBe(first);
    expect(dependents).toHaveBeenCalledTimes(1);
    // includeAny: what may pick any bundle is among them
    expect(dependents).toHaveBeenCalledWith(target, { includeAny: true });

    await store.create(bundle('v', { kind: 'AIWorkload', uses: [{ ...target, name: '*' }] }));
    expect((await reads.dependents(changeAt('3'), target)).map((k) => k.name)).toEqual(['v', 'w']);
    expect(dependents).toHaveBeenCalledTimes(2);
  });

  it('keeps a list until a change of its kind arrives, then reads it again', async () => {
    const { store, reads, lists } = await setUp();
    await store.create(project('a'));
    await settle();
    expect((await reads.list('Project')).map((p) => p.metadata.name)).toEqual(['a']);
    expect((await reads.list('Project')).map((p) => p.metadata.name)).toEqual(['a']);
    expect(lists).toHaveBeenCalledTimes(1);
    // A change of another kind keeps it.
    await store.create(bundle('b'));
    await settle();
    await reads.list('Project');
    expect(lists).toHaveBeenCalledTimes(1);

    await store.create(project('c'));
    await settle();
    expect((await reads.list('Project')).map((p) => p.metadata.name)).toEqual(['a', 'c']);
    expect(lists).toHaveBeenCalledTimes(2);
    // Kept answers are frozen: a controller cannot change what the next one reads.
    expect(Object.isFrozen((await reads.list('Project'))[0]!.metadata)).toBe(true);
  });

  it('does not keep an answer when its kind changed while the answer was on its way', async () => {
    const { store, reads, lists } = await setUp();
    await store.create(project('a'));
    await settle();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = lists.getMockImplementation();
    lists.mockImplementationOnce(async (...args) => {
      const answer = await (real ? real(...args) : SqliteStore.prototype.list.apply(store, args));
      await gate;
      return answer;
    });
    const slow = reads.list('Project');
    await store.create(project('b'));
    await settle();
    release();
    expect((await slow).map((p) => p.metadata.name)).toEqual(['a']);
    expect((await reads.list('Project')).map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(lists).toHaveBeenCalledTimes(2);
  });

  it('reads through kinds it does not follow, lists over its item bound, and after stop', async () => {
    const { store, reads, lists } = await setUp({ maxItems: 1 });
    await store.create(bundle('b'));
    await reads.list('ProfileBundle');
    await reads.list('ProfileBundle');
    expect(lists).toHaveBeenCalledTimes(2);

    await store.create(project('a'));
    await store.create(project('c'));
    await settle();
    await reads.list('Project');
    await reads.list('Project');
    expect(lists).toHaveBeenCalledTimes(4);

    await store.delete({ kind: 'Project', namespace: NS, name: 'c' });
    await settle();
    await reads.list('Project');
    await reads.list('Project');
    expect(lists).toHaveBeenCalledTimes(5);
    reads.stop();
    await reads.list('Project');
    expect(lists).toHaveBeenCalledTimes(6);
  });

  it('keeps at most maxItems listed objects in all, forgetting the oldest lists first', async () => {
    const { store, reads, lists } = await setUp({ maxItems: 3 });
    for (const name of ['a', 'b']) await store.create(bundle(name, { kind: 'Project', namespace: 'x' }));
    for (const name of ['c', 'd']) await store.create(bundle(name, { kind: 'Project', namespace: 'y' }));
    await settle();
    await reads.list('Project', 'x');
    await reads.list('Project', 'x');
    expect(lists).toHaveBeenCalledTimes(1);
    await reads.list('Project', 'y'); // 2 + 2 > 3: the list of x goes
    await reads.list('Project', 'y');
    expect(lists).toHaveBeenCalledTimes(2);
    await reads.list('Project', 'x');
    expect(lists).toHaveBeenCalledTimes(3);
  });
});
