import { fsync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqliteStore.js';
import { bundle, KIND, settle, tempDbPath } from './testFixtures.js';

type Done = (error: Error | null) => void;

/** A store whose log syncs wait until the test lets them finish. */
const withHeldSyncs = () => {
  const held: { fd: number; done: Done }[] = [];
  const store = SqliteStore.open(tempDbPath(), {
    pollMs: 0,
    syncFile: (fd, done) => held.push({ fd, done }),
  });
  const release = (error: Error | null = null) => {
    const { fd, done } = held.shift()!;
    if (error) done(error);
    else fsync(fd, done);
  };
  return { store, held, release };
};

const opened: SqliteStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe('SqliteStore: the log is synced off the event loop before a write is answered', () => {
  it('answers a write and tells watchers only once its sync has finished', async () => {
    const { store, held, release } = withHeldSyncs();
    opened.push(store);
    const seen: string[] = [];
    await store.watch(KIND, {}, undefined, (e) => void seen.push(e.type));
    let answered = false;
    const write = store.create(bundle('a')).then(() => (answered = true));
    while (held.length === 0) await settle();
    for (let i = 0; i < 5; i++) await settle();
    expect(answered).toBe(false);
    expect(seen).toEqual([]);
    // Committed already: readers see it (ADR 0006), the writer is not told yet.
    expect(await store.get({ kind: KIND, namespace: 'team-a', name: 'a' })).toBeDefined();
    release();
    await write;
    expect(answered).toBe(true);
    await settle();
    expect(seen).toEqual(['ADDED']);
  });

  it('lets the next group commit while a sync runs, and covers the groups that waited with one sync', async () => {
    const { store, held, release } = withHeldSyncs();
    opened.push(store);
    const first = store.create(bundle('a'));
    while (held.length === 0) await settle();
    // Three more groups commit while the first sync is held.
    const later = [];
    for (const name of ['b', 'c', 'd']) {
      later.push(store.create(bundle(name)));
      await settle();
      await settle();
    }
    expect(held).toHaveLength(1);
    release();
    await first;
    while (held.length === 0) await settle();
    expect(held).toHaveLength(1); // one sync for b, c and d
    release();
    const names = (await Promise.all(later)).map((o) => o.metadata.name);
    expect(names).toEqual(['b', 'c', 'd']);
  });

  it('fails the writes of a sync that failed, and every later one, saying what happened and what to do', async () => {
    const { store, held, release } = withHeldSyncs();
    opened.push(store);
    const write = store.create(bundle('a'));
    while (held.length === 0) await settle();
    release(new Error('EIO: i/o error'));
    await expect(write).rejects.toThrow(
      /fsync of the SQLite log failed: EIO: i\/o error.*restart the server/,
    );
    await expect(store.create(bundle('b'))).rejects.toThrow(/fsync of the SQLite log failed/);
  });
});
