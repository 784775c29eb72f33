import { statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqliteStore.js';
import { bundle, tempDbPath } from './testFixtures.js';
import { WalCheckpointer } from './walCheckpointer.js';

const closing: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closing.splice(0)) await c();
});

/** The writer's own checkpoint threshold (0: off). */
const autocheckpoint = (db: BetterSqlite3.Database) => db.pragma('wal_autocheckpoint', { simple: true });

describe('WalCheckpointer', () => {
  it('leaves a short-lived store alone: no worker, SQLite checkpoints as usual', async () => {
    const store = SqliteStore.open(tempDbPath());
    closing.push(() => store.close());
    for (let i = 0; i < 20; i++) await store.create(bundle(`b${i}`));
    expect(autocheckpoint(store.database)).toBe(1000);
  });

  it('takes the checkpoints off the writer once the log has grown, and copies the log back in its worker', async () => {
    const store = SqliteStore.open(tempDbPath());
    closing.push(() => store.close());
    const big = { type: 'Application', version: '1.0.0', description: 'x'.repeat(20_000) };
    // ~20 KiB per object: the log passes 1 MiB after ~50 writes.
    for (let i = 0; i < 300; i++) await store.create(bundle(`b${i}`, { spec: big }));
    expect(autocheckpoint(store.database)).toBe(0);
    const checkpointer = (store as unknown as { checkpointer: WalCheckpointer }).checkpointer;
    expect(checkpointer.active).toBe(true);
    await checkpointer.idle();
    expect(checkpointer.stats.runs).toBeGreaterThan(0);
    // Everything committed before the last checkpoint is in the database file.
    const last = checkpointer.stats.last!;
    expect(last.busy).toBe(0);
    expect(last.checkpointed).toBe(last.log);
    // The worker, not the writer, copied the log into the database file.
    expect(statSync(store.database.name).size).toBeGreaterThan(300 * 20_000);
  });

  it('gives the checkpoints back to the writer when its worker fails', async () => {
    const dir = dirname(tempDbPath());
    const writer = new BetterSqlite3(join(dir, 'w.db'));
    closing.push(() => writer.close());
    writer.pragma('journal_mode = WAL');
    // The worker opens a file SQLite refuses.
    const failures: Error[] = [];
    const file = join(dir, 'not-a-database');
    writeFileSync(file, 'this is not a database '.repeat(100));
    const walFd = (): number => 0; // stdin: its size is never below the threshold of 0
    const checkpointer = new WalCheckpointer({
      writer,
      file,
      walFd,
      onFailure: (e) => failures.push(e),
      startAfterBytes: 0,
      intervalMs: 1,
    });
    closing.push(() => checkpointer.close());
    checkpointer.committed();
    expect(autocheckpoint(writer)).toBe(0);
    await checkpointer.idle();
    await new Promise((r) => setTimeout(r, 50));
    await checkpointer.idle();
    expect(failures.map((e) => e.message).join()).toMatch(/not a database/);
    expect(checkpointer.active).toBe(false);
    expect(autocheckpoint(writer)).toBe(1000);
  });
});
