import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir, StartupError } from './dataDir.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paletteai-datadir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that is certainly not running: a child that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('lockDataDir', () => {
  it('holds the directory: a second lock names the holder; release frees it', () => {
    const lock = lockDataDir(dir, () => {});
    lock.setUrl('https://127.0.0.1:8443');
    const info = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(info).toMatchObject({ pid: process.pid, url: 'https://127.0.0.1:8443' });
    let error: unknown;
    try {
      lockDataDir(dir, () => {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `in use by another paletteai server \\(pid ${process.pid}, listening on https://127\\.0\\.0\\.1:8443`,
      ),
    );
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir, () => {}).release();
  });

  it('takes over the lock of a process that is gone, with a notice', () => {
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, url: 'https://127.0.0.1:1', started: 'x' }));
    const logs: string[] = [];
    const lock = lockDataDir(dir, (m) => logs.push(m));
    expect(logs).toEqual([
      expect.stringMatching(new RegExp(`took over .* from pid ${pid}, which is no longer running`)),
    ]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('replaces a lock file that names no holder (torn or foreign)', () => {
    writeFileSync(join(dir, LOCK_FILE), '');
    const logs: string[] = [];
    lockDataDir(dir, (m) => logs.push(m)).release();
    expect(logs[0]).toMatch(/did not name a holder/);
  });

  it('release leaves a lock that another server took over meanwhile', () => {
    const lock = lockDataDir(dir, () => {});
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, started: 'x' }));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});
