import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listQuery } from './labelQuery.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import type { SqliteStore } from './sqliteStore.js';
import { bundle, KIND, record, settle, sqliteOpener, tempDbPath, usesOf } from './testFixtures.js';

const open = sqliteOpener();

const plan = (store: SqliteStore, q: { sql: string; params: unknown[] }): string[] =>
  store.database
    .prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
    .all(...q.params)
    .map((row) => (row as { detail: string }).detail);

describe('SqliteStore', () => {
  it('creates the file and its directory, in WAL mode with synchronous=NORMAL (the store syncs the log) and foreign keys', () => {
    const path = join(dirname(tempDbPath()), 'nested', 'dir', 'store.db');
    const store = open(path);
    expect(existsSync(path)).toBe(true);
    const db = store.database;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('creates the file readable by its owner only, since it holds Secrets', async () => {
    const path = tempDbPath();
    const store = open(path);
    await store.create(bundle('a'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
  });

  it('refuses a zero-length database file with a message that names it and says how to fix it', () => {
    const path = tempDbPath();
    writeFileSync(path, '');
    expect(() => open(path)).toThrow(`database file ${path} is empty (0 bytes)`);
    expect(() => open(path)).toThrow(/Restore it from a backup, or move it away \(mv /);
    expect(statSync(path).size).toBe(0);
  });

  it('refuses a file that is not SQLite', () => {
    const path = tempDbPath();
    writeFileSync(path, 'x'.repeat(4096));
    expect(() => open(path)).toThrow(/is not an SQLite database.*Restore it from a backup/);
  });

  it('fills the references table from the stored objects when it upgrades a version 1 database', async () => {
    const path = tempDbPath();
    const v1 = new BetterSqlite3(path);
    migrate(v1, MIGRATIONS.slice(0, 1));
    v1.prepare(
      "INSERT INTO objects (kind, namespace, name, uid, rv, generation, created, json) VALUES ('ProfileBundle', 'ns', 'b', 'u', 1, 1, 'now', ?)",
    ).run(
      JSON.stringify(
        bundle('b', { namespace: 'ns', uses: [{ kind: 'WorkloadProfile', namespace: 'ns', name: 'p' }] }),
      ),
    );
    v1.close();
    const store = open(path, { referencesOf: usesOf });
    expect(store.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(await store.dependents({ kind: 'WorkloadProfile', namespace: 'ns', name: 'p' })).toEqual([
      { kind: KIND, namespace: 'ns', name: 'b' },
    ]);
  });

  it('opens :memory: as a throwaway file whose readers still never see a transaction in progress', async () => {
    const store = open(':memory:');
    let seen: unknown = 'unset';
    await store.transaction(async (tx) => {
      await tx.create(bundle('a'));
      seen = await store.get({ kind: KIND, namespace: 'team-a', name: 'a' });
    });
    expect(seen).toBeUndefined();
    expect(await store.get({ kind: KIND, namespace: 'team-a', name: 'a' })).toBeDefined();
  });

  it('keeps objects and the resourceVersion counter across a reopen, and keeps counting up', async () => {
    const path = tempDbPath();
    const first = open(path);
    await first.create(bundle('a'));
    const b = await first.create(bundle('b'));
    await first.delete({ kind: KIND, namespace: b.metadata.namespace!, name: 'b' });
    const rvAtClose = await first.currentRv();
    await first.close();

    const again = open(path);
    expect(await again.currentRv()).toBe(rvAtClose);
    expect((await again.list(KIND)).items.map((o) => o.metadata.name)).toEqual(['a']);
    const c = await again.create(bundle('c'));
    expect(Number(c.metadata.resourceVersion)).toBe(Number(rvAtClose) + 1);
    // The history survives too: a watch can resume from before the restart.
    const watch = await record(again, {}, b.metadata.resourceVersion);
    await settle();
    expect(watch.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['DELETED b', 'ADDED c']);
  });

  it('lists by namespace and label through the label index, without scanning objects or sorting', () => {
    const store = open(':memory:');
    const q = listQuery(
      KIND,
      { namespace: 'ns-7', labels: [{ key: 'tier', op: '=', value: 't3' }] },
      undefined,
      51,
    );
    const steps = plan(store, q);
    expect(steps[0]).toMatch(
      /^SEARCH d USING COVERING INDEX labels_by_selector \(kind=\? AND key=\? AND value=\? AND namespace=\?\)/,
    );
    expect(steps).toContain('SEARCH o USING INTEGER PRIMARY KEY (rowid=?)');
    expect(steps.join('\n')).not.toMatch(/SCAN|TEMP B-TREE/);
  });

  it('continues a namespace and label list with an index range, and probes other requirements by key', () => {
    const store = open(':memory:');
    const q = listQuery(
      KIND,
      {
        namespace: 'ns-7',
        labels: [
          { key: 'tier', op: '=', value: 't3' },
          { key: 'x', op: '!=', value: 'y' },
        ],
      },
      { namespace: 'ns-7', name: 'obj-10' },
      51,
    );
    const steps = plan(store, q).join('\n');
    expect(steps).toMatch(
      /labels_by_selector \(kind=\? AND key=\? AND value=\? AND namespace=\? AND name>\?\)/,
    );
    expect(steps).toMatch(/SEARCH l USING PRIMARY KEY \(object_id=\? AND key=\?\)/);
    expect(steps).not.toMatch(/SCAN|TEMP B-TREE/);
  });

  it('lists one namespace without labels through the (kind, namespace, name) index', () => {
    const store = open(':memory:');
    const steps = plan(
      store,
      listQuery(KIND, { namespace: 'ns-7' }, { namespace: 'ns-7', name: 'a' }, 51),
    ).join('\n');
    expect(steps).toMatch(
      /SEARCH o USING INDEX sqlite_autoindex_objects_1 \(kind=\? AND namespace=\? AND name>\?\)/,
    );
    expect(steps).not.toMatch(/SCAN|TEMP B-TREE/);
  });

  it('trims the history to historyLimit events in batches', async () => {
    const store = open(tempDbPath(), { historyLimit: 20 });
    for (let i = 0; i < 100; i++) await store.create(bundle(`o${i}`));
    const kept = store.database.prepare('SELECT count(*) FROM events').pluck().get() as number;
    expect(kept).toBeGreaterThanOrEqual(20);
    expect(kept).toBeLessThanOrEqual(22);
    expect(store.database.prepare('SELECT max(rv) FROM events').pluck().get()).toBe(100);
  });

  it('trims at open when the limit went down', async () => {
    const path = tempDbPath();
    const big = open(path);
    for (let i = 0; i < 30; i++) await big.create(bundle(`o${i}`));
    await big.close();
    const small = open(path, { historyLimit: 5 });
    expect(small.database.prepare('SELECT count(*) FROM events').pluck().get()).toBe(5);
  });

  it('stops only the watch whose callback throws, and reports the error', async () => {
    const errors: unknown[] = [];
    const store = open(':memory:', { onWatchError: (e) => errors.push(e) });
    let calls = 0;
    await store.watch(KIND, {}, undefined, (): void => {
      calls++;
      throw new Error('consumer bug');
    });
    const healthy = await record(store);
    await store.create(bundle('a'));
    await store.create(bundle('b'));
    await settle();
    expect(calls).toBe(1);
    expect(errors).toEqual([new Error('consumer bug')]);
    expect(healthy.events).toHaveLength(2);
  });

  it('stamps creationTimestamp from its clock, in seconds', async () => {
    const store = open(':memory:', { now: () => new Date('2026-11-26T11:00:00.789Z') });
    expect((await store.create(bundle('a'))).metadata.creationTimestamp).toBe('2026-11-26T11:00:00Z');
  });

  it('runs quick_check at open when asked', () => {
    const path = tempDbPath();
    open(path).database.close();
    expect(() => open(path, { quickCheck: true })).not.toThrow();
  });

  it('refuses a database written by a newer schema', () => {
    const path = tempDbPath();
    const db = new BetterSqlite3(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => open(path)).toThrow(/newer than this build understands/);
  });

  it('refuses calls after close', async () => {
    const store = open(':memory:');
    await store.close();
    await expect(store.get({ kind: KIND, namespace: '', name: 'a' })).rejects.toThrow(/closed/);
  });
});
