import { afterEach, describe, expect, it } from 'vitest';
import { PostgresStore } from './postgresStore.js';
import { migratePg, PG_MIGRATIONS, PG_SCHEMA_VERSION } from './postgresSchema.js';
import { bundle, eventually, freshSchema, KIND, NS, postgresUrl, record, usesOf } from './testFixtures.js';

const opened: PostgresStore[] = [];
const open = async (options: Parameters<typeof PostgresStore.open>[1] = {}) => {
  const store = await PostgresStore.open(postgresUrl(), { schema: freshSchema(), poolSize: 3, ...options });
  opened.push(store);
  return store;
};
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const count = async (store: PostgresStore, sql: string): Promise<number> =>
  Number((await store.database.query<{ n: string }>(sql)).rows[0]!.n);

describe('PostgresStore (postgres engine)', () => {
  it('records its migrations and refuses a schema written by a newer build', async () => {
    const schema = freshSchema();
    const store = await open({ schema });
    const { rows } = await store.database.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await store.database.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
      PG_SCHEMA_VERSION + 1,
      'from the future',
    ]);
    await expect(PostgresStore.open(postgresUrl(), { schema })).rejects.toThrow(
      /newer than this build understands/,
    );
  });

  it('fills the references table from the stored objects when it upgrades a version 1 schema', async () => {
    const schema = freshSchema();
    const v1 = await open({ schema });
    // Back to version 1 (no references table), with one object that refers to a profile.
    await v1.create(bundle('b', { uses: [{ kind: 'WorkloadProfile', namespace: NS, name: 'p' }] }));
    await v1.database.query(
      'DROP TABLE "references"; DROP TABLE tokens; DELETE FROM schema_migrations WHERE version > 1',
    );
    await migratePg(v1.database, { referencesOf: usesOf });
    expect(await v1.dependents({ kind: 'WorkloadProfile', namespace: NS, name: 'p' })).toEqual([
      { kind: KIND, namespace: NS, name: 'b' },
    ]);
  });

  it('keeps the labels table in step with every create, update and delete', async () => {
    const store = await open();
    const a = await store.create(bundle('a', { labels: { tier: 'gold', app: 'x' } }));
    await store.update(bundle('a', { labels: { tier: 'silver', app: 'x' } }), a.metadata.resourceVersion);
    const gold = [{ key: 'tier', op: '=' as const, value: 'gold' }];
    const silver = [{ key: 'tier', op: '=' as const, value: 'silver' }];
    expect((await store.list(KIND, { labels: gold })).items).toEqual([]);
    expect((await store.list(KIND, { labels: silver })).items.map((o) => o.metadata.name)).toEqual(['a']);
    expect(await count(store, 'SELECT count(*) AS n FROM labels')).toBe(2);
    await store.delete({ kind: KIND, namespace: NS, name: 'a' });
    expect(await count(store, 'SELECT count(*) AS n FROM labels')).toBe(0);
  });

  it('trims the history to historyLimit events in batches', async () => {
    const store = await open({ historyLimit: 20 });
    for (let i = 0; i < 60; i++) await store.create(bundle(`o${i}`));
    const kept = await count(store, 'SELECT count(*) AS n FROM events');
    expect(kept).toBeGreaterThanOrEqual(20);
    expect(kept).toBeLessThanOrEqual(22);
    expect(await count(store, 'SELECT max(rv) AS n FROM events')).toBe(60);
  });

  it('lists a key=value selection in one namespace through the label index', async () => {
    const store = await open();
    const client = await store.database.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT o.json FROM labels d JOIN objects o ON o.kind = d.kind AND o.namespace = d.namespace AND o.name = d.name
         WHERE d.kind = 'K' AND d.key = 'tier' AND d.value = 't3' AND d.namespace = 'ns' ORDER BY d.namespace, d.name LIMIT 51`,
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/labels_by_selector/);
      expect(plan).not.toMatch(/Sort/);
    } finally {
      client.release();
    }
  });

  it('refuses a schema name that is not a plain lowercase identifier', async () => {
    await expect(PostgresStore.open(postgresUrl(), { schema: "x'; DROP TABLE objects; --" })).rejects.toThrow(
      /invalid PostgreSQL schema name/,
    );
  });

  it('listens again when its LISTEN connection is cut, and then sees what the other replica wrote meanwhile', async () => {
    const schema = freshSchema();
    const writer = await open({ schema });
    // No poll: only the listener can bring the other replica's writes.
    const reader = await open({ schema, pollMs: 0 });
    const watch = await record(reader);
    const listeners = `SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN "paletteai_events_${schema}"'`;
    const before = (await writer.database.query<{ pid: number }>(listeners)).rows.map((r) => r.pid);
    expect(before).toHaveLength(2);
    await writer.database.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);
    await writer.create(bundle('while-cut'));
    await eventually(() => watch.lines().length === 1, 10_000);
    expect(watch.lines()).toEqual(['ADDED team-a/while-cut@1']);
    // both listen again, each on its own schedule: the reader has (its event came), the writer may not yet
    const relistened = async () =>
      (await writer.database.query<{ pid: number }>(listeners)).rows.filter((r) => !before.includes(r.pid));
    await eventually(async () => (await relistened()).length === 2, 10_000).catch(() => undefined);
    expect(await relistened()).toHaveLength(2);
    await writer.create(bundle('after'));
    await eventually(() => watch.lines().length === 2, 10_000);
  });

  it('ends its pool and its listener connection at close', async () => {
    const schema = freshSchema();
    const store = await open({ schema });
    const listening = `SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'LISTEN "paletteai_events_${schema}"'`;
    const watcher = await open();
    const pid = await watcher.database.query<{ n: string }>(listening);
    expect(Number(pid.rows[0]!.n)).toBe(1);
    await store.close();
    expect(Number((await watcher.database.query<{ n: string }>(listening)).rows[0]!.n)).toBe(0);
    expect(store.database.ended).toBe(true);
    await expect(store.get({ kind: KIND, namespace: NS, name: 'a' })).rejects.toThrow(/closed/);
  });
});
