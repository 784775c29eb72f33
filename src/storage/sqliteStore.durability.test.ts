import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDbPath } from './testFixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const compiled = join(here, '../../dist/src/storage');

/** The child runs the compiled store (`npm run build`, which `npm test` runs first). */
const assertBuilt = (): void => {
  for (const file of readdirSync(here).filter(
    (f) => f.endsWith('.ts') && !/\.test\.ts$|testFixtures\.ts$/.test(f),
  )) {
    const js = join(compiled, file.replace(/\.ts$/, '.js'));
    if (!existsSync(js) || statSync(js).mtimeMs < statSync(join(here, file)).mtimeMs) {
      throw new Error(`${js} is missing or older than its source: run \`npm run build\` first`);
    }
  }
};

const CHILD = `
import { SqliteStore } from ${JSON.stringify(pathToFileURL(join(compiled, 'sqliteStore.js')).href)};
const store = SqliteStore.open(process.argv[2]);
process.stdout.write('ready\\n');
for (let i = 0; ; i++) {
  const name = 'obj-' + i;
  if (i % 10 === 9) {
    // Every tenth acknowledgement covers a transaction of three objects.
    await store.transaction(async (tx) => {
      for (const suffix of ['', '-b', '-c']) {
        await tx.create({ apiVersion: 'v1', kind: 'ProfileBundle', metadata: { name: name + suffix, namespace: 'ns' }, spec: { i } });
      }
    });
  } else {
    await store.create({ apiVersion: 'v1', kind: 'ProfileBundle', metadata: { name, namespace: 'ns', labels: { i: String(i) } }, spec: { i, pad: 'x'.repeat(800) } });
  }
  process.stdout.write(name + '\\n');
}
`;

describe('SqliteStore durability', () => {
  it('keeps every acknowledged write when its process is killed with SIGKILL mid-stream', async () => {
    assertBuilt();
    const path = tempDbPath();
    const script = join(dirname(path), 'writer.mjs');
    writeFileSync(script, CHILD);
    const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (!out && d.toString().startsWith('ready\n')) setTimeout(() => child.kill('SIGKILL'), 300);
        out += d.toString();
      });
      child.on('exit', () =>
        out.startsWith('ready\n') ? resolve() : reject(new Error(`writer failed: ${err}`)),
      );
    });
    expect(await exited).toBe('SIGKILL');

    // Only complete lines were acknowledged; a partial last line was not.
    const acknowledged = out.split('\n').slice(1, -1);
    expect(acknowledged.length).toBeGreaterThan(10);
    const db = new BetterSqlite3(path);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set(
        db.prepare("SELECT name FROM objects WHERE kind = 'ProfileBundle'").pluck().all(),
      );
      const missing = acknowledged
        .flatMap((n) => (Number(n.slice(4)) % 10 === 9 ? [n, `${n}-b`, `${n}-c`] : [n]))
        .filter((n) => !stored.has(n));
      expect(missing).toEqual([]);
      // A transaction is all or nothing, acknowledged or not.
      const partial = db
        .prepare(
          "SELECT count(*) FROM objects WHERE name LIKE '%-b' AND substr(name, 1, length(name) - 2) NOT IN (SELECT name FROM objects)",
        )
        .pluck()
        .get();
      expect(partial).toBe(0);
    } finally {
      db.close();
    }
  });

  it('closes with its checkpoint worker running and lets the process end normally (exit 0, all on disk)', async () => {
    assertBuilt();
    const path = tempDbPath();
    const script = join(dirname(path), 'closer.mjs');
    // Enough writes for the log to pass 1 MiB (the checkpoint worker starts), then close and
    // nothing else: the process must end by itself with code 0 (it ended with 13, "unsettled
    // top-level await", while close waited for an unreferenced worker).
    writeFileSync(
      script,
      `import { SqliteStore } from ${JSON.stringify(pathToFileURL(join(compiled, 'sqliteStore.js')).href)};
const store = SqliteStore.open(process.argv[2]);
for (let i = 0; i < 200; i++)
  await store.create({ apiVersion: 'v1', kind: 'ProfileBundle', metadata: { name: 'o' + i, namespace: 'ns' }, spec: { pad: 'x'.repeat(20000) } });
process.stdout.write(String(store.checkpointer.active));
await store.close();
`,
    );
    const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(err).toBe('');
    expect(out).toBe('true');
    expect(code).toBe(0);
    const db = new BetterSqlite3(path, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM objects').pluck().get()).toBe(200);
    } finally {
      db.close();
    }
  });
});
