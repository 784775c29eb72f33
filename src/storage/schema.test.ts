import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, SCHEMA_VERSION, type Migration } from './schema.js';

describe('migrate', () => {
  it('brings an empty database to the latest version, then does nothing', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['events', 'labels', 'objects', 'references', 'sqlite_sequence', 'tokens']);
  });

  it('applies only the migrations after the recorded version', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const next: Migration = {
      version: SCHEMA_VERSION + 1,
      description: 'test',
      up: 'CREATE TABLE extra (x)',
    };
    expect(migrate(db, [...MIGRATIONS, next])).toBe(SCHEMA_VERSION + 1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
  });

  it('rolls a failing migration back entirely', () => {
    const db = new BetterSqlite3(':memory:');
    const broken: Migration = {
      version: SCHEMA_VERSION + 1,
      description: 'broken',
      up: 'CREATE TABLE ok (x); NOT SQL',
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'objects'").pluck().get()).toBe(0);
  });
});
