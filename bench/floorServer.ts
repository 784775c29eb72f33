import { join } from 'node:path';
import { MIGRATIONS } from '../src/storage/schema.js';
import { ROOT, startFloorScript } from './serverProcess.js';

/**
 * Floor: bare node:https + raw better-sqlite3 with the same group commit as the server's store: the
 * INSERTs of one event-loop turn share one transaction, committed with synchronous=NORMAL, and their
 * answers go out once an fsync of the log on the thread pool has finished (syncs coalesce, as the
 * store's WalSync); the log is checkpointed in a worker thread (as the store's WalCheckpointer). (A floor committing each INSERT alone would flatter the server.)
 *
 * With `rows: 'store'` the floor also writes the rows the product's data model asks of a create, in
 * the store's own tables (its migrations): the object with its unique key, one row per label, one
 * per reference, and the watch history's event (which names the object's row for its text, as
 * the store's does), under a uid, a resourceVersion and a creation time. The gap between the two
 * floors is SQLite's share of the data model; the gap from there to the server is the code above
 * the store.
 *
 * Watches: a GET with `watch=1` stays open, and each create's ADDED event, serialized once, is written
 * to every open watch once its commit is synced (the floor of the watch fan-out); any other GET
 * answers an empty list at the last resourceVersion.
 */
const FLOOR = (data: string, rows: 'bare' | 'store') => `
import { createRequire } from 'node:module';
import { readFileSync, openSync, fsync } from 'node:fs';
import { createServer } from 'node:https';
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
const Database = require('better-sqlite3');
const file = ${JSON.stringify(join(data, `floor-${rows}.db`))};
const db = new Database(file);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
const STORE = ${rows === 'store'};
db.exec(${JSON.stringify(rows === 'store' ? STORE_TABLES : 'CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, json TEXT NOT NULL)')});
const wal = openSync(file + '-wal', 'r');
// Checkpoints in a worker thread every 100 ms while writes go on, as the store's WalCheckpointer.
db.pragma('wal_autocheckpoint = 0');
const checkpointer = new Worker(\`const { parentPort, workerData } = require('node:worker_threads');
const d = new (require(workerData.module))(workerData.file);
d.pragma('synchronous = NORMAL');
parentPort.on('message', () => { d.pragma('wal_checkpoint(PASSIVE)'); parentPort.postMessage(0); });\`,
  { eval: true, workerData: { module: require.resolve('better-sqlite3'), file } });
let checkpointing = false;
let checkpointTimer;
checkpointer.on('message', () => (checkpointing = false));
const checkpoint = () => {
  if (checkpointing || checkpointTimer) return;
  checkpointTimer = setTimeout(() => { checkpointTimer = undefined; checkpointing = true; checkpointer.postMessage(0); }, 100);
};
const insert = STORE ? undefined : db.prepare('INSERT INTO t (json) VALUES (?)');
const object = STORE && db.prepare('INSERT INTO objects (kind, namespace, name, uid, rv, generation, created, json) VALUES (?, ?, ?, ?, ?, 1, ?, ?)');
const label = STORE && db.prepare('INSERT INTO labels (object_id, key, value, kind, namespace, name) VALUES (?, ?, ?, ?, ?, ?)');
const reference = STORE && db.prepare('INSERT OR IGNORE INTO "references" (from_kind, from_namespace, from_name, to_kind, to_namespace, to_name) VALUES (?, ?, ?, ?, ?, ?)');
const event = STORE && db.prepare("INSERT INTO events (rv, type, kind, namespace, name, json, prev_json) VALUES (?, 'ADDED', ?, ?, ?, '', NULL)");
let rv = 0;
const store = (b) => {
  const m = b.object.metadata;
  const id = object.run(b.object.kind, m.namespace, m.name, m.uid, b.rv, m.creationTimestamp, b.text).lastInsertRowid;
  for (const [k, v] of Object.entries(m.labels ?? {})) label.run(id, k, v, b.object.kind, m.namespace, m.name);
  for (const [kind, refs] of [['ClusterProfile', b.object.spec.clusterProfiles], ['WorkloadProfile', b.object.spec.workloadProfiles]])
    for (const r of refs ?? []) reference.run(b.object.kind, m.namespace, m.name, kind, m.namespace, r.name);
  event.run(b.rv, b.object.kind, m.namespace, m.name);
};
let group = [];
let syncing = false;
let waiting = [];
const sync = () => {
  const batch = waiting; waiting = [];
  if (batch.length === 0) return;
  syncing = true;
  fsync(wal, () => {
    syncing = false;
    for (const b of batch) {
      b.res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b.text) }); b.res.end(b.text);
      if (watchers.size === 0) continue;
      const line = '{"type":"ADDED","object":' + b.text + '}\\n'; // serialized once for every watcher
      for (const w of watchers) w.write(line);
    }
    sync();
  });
};
const commit = db.transaction((batch) => { for (const b of batch) STORE ? store(b) : insert.run(b.text); });
const flush = () => {
  const batch = group; group = [];
  commit(batch);
  checkpoint();
  waiting.push(...batch);
  if (!syncing) sync();
};
const watchers = new Set();
const server = createServer({ cert: readFileSync(${JSON.stringify(join(data, 'tls.crt'))}), key: readFileSync(${JSON.stringify(join(data, 'tls.key'))}) }, (req, res) => {
  if (req.method === 'GET' && /[?&]watch=(1|true)/.test(req.url)) {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    watchers.add(res);
    res.on('close', () => watchers.delete(res));
    return;
  }
  if (req.method === 'GET') {
    const text = JSON.stringify({ metadata: { resourceVersion: String(rv) }, items: [] });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  let body = ''; req.setEncoding('utf8'); req.on('data', (c) => body += c);
  req.on('end', () => {
    const object = JSON.parse(body);
    let b;
    if (STORE) {
      const r = ++rv;
      Object.assign(object.metadata, { uid: randomUUID(), resourceVersion: String(r), generation: 1, creationTimestamp: new Date().toISOString().replace(/\\.\\d+Z$/, 'Z') });
      b = { object, rv: r, text: JSON.stringify(object), res };
    } else b = { text: JSON.stringify(object), res };
    if (group.push(b) === 1) setImmediate(flush);
  });
});
server.listen(0, '127.0.0.1', () => process.stderr.write('listening on https://127.0.0.1:' + server.address().port + '\\n'));
`;

/** The store's tables, as its migrations make them (the floor's `rows: 'store'` writes into them). */
const STORE_TABLES = MIGRATIONS.map((m) => m.up).join('\n');

/** Starts the floor server on the TLS certificate and key of the server data directory `data`. */
export const startFloor = (data: string, rows: 'bare' | 'store') =>
  startFloorScript(join(data, `floor-${rows}.mjs`), FLOOR(data, rows));
