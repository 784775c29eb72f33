// Child process of importCrash.test.ts: imports a Studio archive through the real write pipeline
// into a SQLite store and, after AFTER writes (inside the import's one transaction), prints "mid"
// and waits to be killed. With AFTER < 0 it imports to the end and prints "done".
// Usage: node importHold.mjs DIST DB ARCHIVE AFTER
import { readFileSync } from 'node:fs';
import { setInterval } from 'node:timers';

const [dist, dbPath, archivePath, afterArg] = process.argv.slice(2);
const after = Number(afterArg);
const { SqliteStore } = await import(`${dist}/src/storage/sqliteStore.js`);
const { referencesOf } = await import(`${dist}/src/kinds/index.js`);
const { WritePipeline } = await import(`${dist}/src/apiserver/index.js`);
const { importArchive } = await import(`${dist}/src/server/studio/importArchive.js`);

const store = SqliteStore.open(dbPath, { referencesOf });
let writes = 0;
/** The transaction, with a stop after `after` creates: the process then hangs inside it. */
const holding = (tx) =>
  new Proxy(tx, {
    get(target, key) {
      const value = target[key];
      if (key !== 'create') return typeof value === 'function' ? value.bind(target) : value;
      return async (object) => {
        const stored = await value.call(target, object);
        if (++writes === after) {
          process.stdout.write('mid\n');
          setInterval(() => {}, 1_000); // keep the process (and the open transaction) alive
          await new Promise(() => {});
        }
        return stored;
      };
    },
  });
const held = new Proxy(store, {
  get(target, key) {
    if (key === 'transaction') return (fn) => target.transaction((tx) => fn(holding(tx)));
    const value = target[key];
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
const ctx = { store: held, pipeline: new WritePipeline(held), log: () => {} };
await importArchive(ctx, 'fleet', readFileSync(archivePath), { dryRun: false, overwrite: false, values: {} });
process.stdout.write(`done ${writes}\n`);
await store.close();
