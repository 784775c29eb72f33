/**
 * Fills a data directory's SQLite store with N ProfileBundles fast, for the scaling curves: the
 * namespaces, profiles and one bundle per namespace go through the write pipeline (admission writes
 * their status, as a server would), then every other bundle is bulk-inserted in one transaction
 * through the store's own schema and prepared statements (object row, label rows, reference rows,
 * and the last {@link DEFAULT_HISTORY_LIMIT} changes as events, as a store of that size keeps),
 * each with the status its namespace's bundle got. The fill time is a bench convenience, not a
 * product figure.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { WritePipeline } from '../src/apiserver/index.js';
import { referencesOf as kindReferences } from '../src/kinds/index.js';
import type { KubeObject } from '../src/model/index.js';
import { DEFAULT_HISTORY_LIMIT } from '../src/storage/history.js';
import { kubeTimestamp, labelsOf, referencesOf, serialize } from '../src/storage/objectDocs.js';
import { SqliteStore } from '../src/storage/sqliteStore.js';
import { CURRENT, prepareStatements } from '../src/storage/statements.js';
import type { StoredObject } from '../src/storage/store.js';
import { bundle, NAMESPACES, profiles } from './server.js';

/** The namespace of bundle `i` (as bench/server.ts spreads its 100,000). */
export const namespaceOf = (i: number): string => `ns-${i % NAMESPACES}`;

/** The profiles bench/server.ts creates, in namespace `ns` (its Namespace object first). */
const profilesIn = (ns: string): KubeObject[] =>
  profiles.map((p) =>
    p.kind === 'Namespace'
      ? ({ ...p, metadata: { name: ns } } as KubeObject)
      : ({ ...p, metadata: { ...p.metadata, namespace: ns } } as KubeObject),
  );

/**
 * Makes `dir/paletteai.db` with `count` bundles (`bundle-0` … in `ns-0` … `ns-99`); returns the
 * milliseconds the bulk part took. The directory must not hold a store yet.
 */
export const fillStore = async (dir: string, count: number): Promise<{ ms: number }> => {
  const path = join(dir, 'paletteai.db');
  const t0 = process.hrtime.bigint();
  const store = SqliteStore.open(path, { referencesOf: kindReferences });
  const pipeline = new WritePipeline(store);
  const status = new Map<string, unknown>();
  const namespaces = Math.min(NAMESPACES, count);
  for (let n = 0; n < namespaces; n++) {
    const ns = namespaceOf(n);
    for (const p of profilesIn(ns)) await pipeline.create(p);
    status.set(ns, (await pipeline.create(bundle(n, ns) as unknown as KubeObject)).object.status);
  }
  await store.close();

  const db = new BetterSqlite3(path);
  // A bench fixture: nothing to keep across a crash; the store turns WAL back on when it opens.
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288');
  const st = prepareStatements(db);
  const created = kubeTimestamp(new Date());
  const lastEvent = st.lastRv.get()! + count - namespaces - DEFAULT_HISTORY_LIMIT;
  const insert = (i: number, rv: number) => {
    const ns = namespaceOf(i);
    const object = { ...bundle(i, ns), status: status.get(ns) } as unknown as KubeObject;
    const key = { kind: 'ProfileBundle', namespace: ns, name: object.metadata.name };
    const { json, stored } = serialize(object, key, {
      uid: randomUUID(),
      resourceVersion: String(rv),
      generation: 1,
      creationTimestamp: created,
    });
    const id = Number(
      st.insertObject.run(key.kind, ns, key.name, stored.metadata.uid, rv, 1, created, json).lastInsertRowid,
    );
    for (const [k, v] of Object.entries(labelsOf(stored)))
      st.insertLabel.run(id, k, v, key.kind, ns, key.name);
    for (const r of referencesOf(kindReferences, stored as StoredObject))
      st.insertReference.run(key.kind, ns, key.name, r.kind, r.namespace, r.name);
    if (rv > lastEvent) st.insertEvent.run(rv, 'ADDED', key.kind, ns, key.name, CURRENT, null);
  };
  db.transaction(() => {
    let rv = st.lastRv.get()!;
    // Namespace by namespace: the (kind, namespace, name) index grows at its end, not all over it.
    for (let n = 0; n < namespaces; n++) {
      for (let i = n + namespaces; i < count; i += namespaces) {
        rv++;
        insert(i, rv);
      }
    }
    // The events sequence is the resourceVersion: past every object even where no event was kept.
    db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'").run(rv);
  })();
  db.close();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 };
};
