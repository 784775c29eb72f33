import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from './schema.js';
import { SqliteTokenTable, type TokenRow } from './tokenTable.js';
import { tempDbPath } from './testFixtures.js';

const opened: BetterSqlite3.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const row = (name: string): TokenRow => ({
  name,
  sha256: createHash('sha256').update(name).digest('hex'),
  role: 'editor',
  namespace: 'team-a',
  created: '2026-12-01T00:00:00Z',
});

/**
 * A token table on a fresh file, as the store builds it, with its writes run by `write` (the tests
 * hold a removal between its DELETE and its COMMIT with it).
 */
const tableOn = (path = tempDbPath(), write?: <T>(fn: () => T) => Promise<T>) => {
  const writer = new BetterSqlite3(path);
  writer.pragma('journal_mode = WAL');
  migrate(writer);
  const reader = new BetterSqlite3(path, { readonly: true });
  opened.push(reader, writer);
  const run = write ?? (async <T>(fn: () => T) => writer.transaction(fn)());
  const dataVersion = writer.prepare<[], number>('PRAGMA data_version').pluck();
  return { table: new SqliteTokenTable(reader, writer, run, () => dataVersion.get()!), writer, path };
};

describe('SqliteTokenTable: tokens kept in memory stay exact', () => {
  it('forgets a token when it is removed, even one looked up between the DELETE and its COMMIT', async () => {
    let commit!: () => void;
    // The removal's transaction stays open until the test lets it commit.
    const held = async <T>(fn: () => T): Promise<T> => {
      t.writer.exec('BEGIN IMMEDIATE');
      const r = fn();
      await new Promise<void>((ok) => (commit = ok));
      t.writer.exec('COMMIT');
      return r;
    };
    const t = tableOn(undefined, held);
    const alice = row('alice');
    t.writer
      .prepare('INSERT INTO tokens VALUES (?, ?, ?, ?, ?, NULL)')
      .run(alice.name, alice.sha256, alice.role, alice.namespace, alice.created);
    expect(await t.table.byHash(alice.sha256)).toMatchObject({ name: 'alice' });

    const removing = t.table.remove('alice');
    await new Promise((ok) => setImmediate(ok));
    // Not committed yet: the reader still sees the token (and a request now is served, as before the revoke).
    expect(await t.table.byHash(alice.sha256)).toMatchObject({ name: 'alice' });
    commit();
    expect(await removing).toMatchObject({ name: 'alice' });
    expect(await t.table.byHash(alice.sha256)).toBeUndefined();
  });

  it('forgets a token another connection on the file removed', async () => {
    const t = tableOn();
    const other = tableOn(t.path);
    await t.table.insert(row('bob'));
    expect(await t.table.byHash(row('bob').sha256)).toMatchObject({ name: 'bob', role: 'editor' });
    expect(await other.table.remove('bob')).toMatchObject({ name: 'bob' });
    expect(await t.table.byHash(row('bob').sha256)).toBeUndefined();
  });

  it('keeps no memory of a hash it did not find: a token added later is found', async () => {
    const t = tableOn();
    expect(await t.table.byHash(row('carol').sha256)).toBeUndefined();
    await t.table.insert(row('carol'));
    expect(await t.table.byHash(row('carol').sha256)).toMatchObject({ name: 'carol' });
  });
});
