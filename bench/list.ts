/**
 * Issue #11, lists: a page of 500 bundles over HTTPS as JSON, next to its floor in the same run — a
 * bare `node:https` server reading the same 500 rows' JSON text from the same SQLite file and
 * sending them in a list (the same essential work: an indexed read and the bytes over TLS).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, load, pct, ROOT, startServerProcess, startFloorScript } from './serverProcess.js';
import { fmt, table } from './stats.js';

const STORED = 5_000;
const PAGE = 500;
const CALLS = 200;
const NS = 'bench-list';
const PATH = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles?limit=${PAGE}`;

/** ~1 KiB bundles: labels, a description, two profiles and a variable. */
const bundle = (i: number) => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: {
    name: `bundle-${String(i).padStart(5, '0')}`,
    namespace: NS,
    labels: { 'palette.ai/inference-engine': 'vllm', tier: `t${i % 20}` },
  },
  spec: {
    type: 'Application',
    version: `1.${i % 50}.0`,
    description: 'A model deployment for one team: vLLM with a cache and its autoscaling settings.',
    workloadProfiles: [{ name: 'vllm-server' }, { name: 'open-webui' }],
    variableSet: { variables: [{ name: 'gpuCount', variableType: 'int32', value: { int32: 1 + (i % 4) } }] },
  },
});

/** The floor's default query: one namespace's bundles in name order (`?ns=…&limit=…`). */
const PAGE_SQL =
  "SELECT json FROM objects WHERE kind = 'ProfileBundle' AND namespace = @ns ORDER BY name LIMIT @limit";

/**
 * The floor: reads the server's own SQLite file (read-only, WAL) with `sql`, whose named
 * parameters come from the request's query string, and sends the rows as they are stored.
 */
const FLOOR = (data: string, sql: string) => `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
const Database = require('better-sqlite3');
const db = new Database(${JSON.stringify(join(data, 'paletteai.db'))}, { readonly: true });
const page = db.prepare(${JSON.stringify(sql)}).pluck();
const server = createServer({ cert: readFileSync(${JSON.stringify(join(data, 'tls.crt'))}), key: readFileSync(${JSON.stringify(join(data, 'tls.key'))}) }, (req, res) => {
  const rows = page.all(Object.fromEntries(new URL(req.url, 'https://floor').searchParams));
  const out = '{"apiVersion":"spectrocloud.com/v1beta1","kind":"ProfileBundleList","metadata":{},"items":[' + rows.join(',') + ']}';
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
  res.end(out);
});
server.listen(0, '127.0.0.1', () => process.stderr.write('listening on https://127.0.0.1:' + server.address().port + '\\n'));
`;

/**
 * Starts the list floor on the data directory of a server (its SQLite file and TLS key): `sql`
 * with named parameters taken from each request's query string.
 */
export const startListFloor = (data: string, sql = PAGE_SQL) =>
  startFloorScript(join(data, 'list-floor.mjs'), FLOOR(data, sql));

/** `CALLS` sequential GETs of the page; sorted latencies in ms, checking every answer has `PAGE` items. */
const measure = async (get: () => Promise<{ status: number; text: string }>) =>
  (
    await load(CALLS, 1, async () => {
      const r = await get();
      if (r.status !== 200) throw new Error(`list: ${r.status} ${r.text.slice(0, 200)}`);
      if (r.text.split('"kind":"ProfileBundle"').length - 1 < PAGE) throw new Error('list: short page');
    })
  ).latencies;

export const benchList = async (): Promise<void> => {
  const data = await mkdtemp(join(tmpdir(), 'paletteai-bench-list-'));
  const server = await startServerProcess(data);
  try {
    const call = client(server.url, server.ca, server.token, 16);
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await load(STORED, 16, async (i) => {
      const r = await call(
        'POST',
        `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`,
        bundle(i),
      );
      if (r.status !== 201) throw new Error(`create: ${r.status} ${r.text.slice(0, 200)}`);
    });
    const floor = await startListFloor(data);
    const bare = client(floor.url, server.ca, server.token, 1);
    const floorPath = `/?ns=${NS}&limit=${PAGE}`;
    await measure(() => bare('GET', floorPath)); // warm-up
    const floorMs = await measure(() => bare('GET', floorPath));
    await floor.stop();
    const json = client(server.url, server.ca, server.token, 1);
    await measure(() => json('GET', PATH));
    const ours = await measure(() => json('GET', PATH));
    console.log(
      `\n## list: a page of ${PAGE} bundles (JSON) over HTTPS, ${fmt(STORED)} stored, ${CALLS} calls, ms\n`,
    );
    table(
      ['', 'p50', 'p99', 'vs floor (p50)'],
      [
        [
          'floor: bare node:https + the same SQLite rows, sent as stored',
          fmt(pct(floorMs, 50), 2),
          fmt(pct(floorMs, 99), 2),
          '1.0×',
        ],
        [
          '`GET …/profilebundles?limit=500`',
          fmt(pct(ours, 50), 2),
          fmt(pct(ours, 99), 2),
          `${fmt(pct(ours, 50) / pct(floorMs, 50), 1)}×`,
        ],
      ],
    );
  } finally {
    await server.stop();
    await rm(data, { recursive: true, force: true });
  }
};
