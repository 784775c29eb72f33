/**
 * Issue #10's load figures: reads next to Studio imports (one, then five at once against the bound
 * of two in flight), and 1,000 open watches (the server's RSS and a write's latency to the last
 * watcher). Each figure sits next to its floor from the same run: the same reads on an idle server,
 * the same writes with no watcher.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { ClientRequest } from 'node:http';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterProfile } from '../src/testing/builders.js';
import { client, pct, startServerProcess, type ServerProcess } from './serverProcess.js';
import { fmt, table } from './stats.js';
import { fleetArchive, postArchive } from './studioImport.js';

const IMPORT_MANIFESTS = 5_003;
const WATCHERS = 1_000;
const WRITES = 30;

type Call = ReturnType<typeof client>;

const namespace = async (call: Call, name: string) => {
  const r = await call('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
  if (r.status !== 201) throw new Error(`namespace ${name}: ${r.status} ${r.text}`);
};

const profileIn = (ns: string, name: string) => ({
  ...clusterProfile(name),
  metadata: { name, namespace: ns },
});

/**
 * A steady stream of reads until `stop()`: four readers, each a list of 50 objects then a health
 * check, back to back. Returns every latency (ms), sorted.
 */
const readStream = (call: Call) => {
  const latencies: number[] = [];
  let running = true;
  const reader = async () => {
    while (running) {
      for (const path of [
        '/apis/spectrocloud.com/v1alpha1/namespaces/bench-reads/clusterprofiles?limit=50',
        '/healthz',
      ]) {
        const t = process.hrtime.bigint();
        const r = await call('GET', path);
        if (r.status !== 200) throw new Error(`read ${path}: ${r.status}`);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
  };
  const done = Promise.all([reader(), reader(), reader(), reader()]);
  return {
    stop: async () => {
      running = false;
      await done;
      return latencies.sort((a, b) => a - b);
    },
  };
};

/** Imports, retrying after `Retry-After` when the server is at its bound; counts the 429s. */
const importWithRetry = async (server: ServerProcess, ns: string, archive: Buffer) => {
  let refused = 0;
  for (;;) {
    const r = await postArchive(server, ns, archive);
    if (r.status === 201) return refused;
    if (r.status !== 429) throw new Error(`import into ${ns}: ${r.status} ${r.text.slice(0, 300)}`);
    refused++;
    await new Promise((ok) => setTimeout(ok, 1_000));
  }
};

const row = (what: string, l: number[]) => [
  what,
  fmt(l.length),
  fmt(pct(l, 50), 1),
  fmt(pct(l, 99), 1),
  fmt(l.at(-1)!, 1),
];

const benchImportNextToReads = async (server: ServerProcess, call: Call) => {
  await namespace(call, 'bench-reads');
  for (let i = 0; i < 100; i++)
    await call(
      'POST',
      '/apis/spectrocloud.com/v1alpha1/namespaces/bench-reads/clusterprofiles',
      profileIn('bench-reads', `cp-${i}`),
    );
  const { archive } = fleetArchive(IMPORT_MANIFESTS);

  const idle = readStream(call);
  await new Promise((ok) => setTimeout(ok, 3_000));
  const floor = await idle.stop();

  const one = readStream(call);
  let t = process.hrtime.bigint();
  await importWithRetry(server, 'bench-import-1', archive);
  const oneMs = Number(process.hrtime.bigint() - t) / 1e6;
  const during = await one.stop();

  const five = readStream(call);
  t = process.hrtime.bigint();
  const refusals = await Promise.all(
    [2, 3, 4, 5, 6].map((i) => importWithRetry(server, `bench-import-${i}`, archive)),
  );
  const fiveMs = Number(process.hrtime.bigint() - t) / 1e6;
  const duringFive = await five.stop();

  console.log(
    `\n## reads next to Studio imports (${fmt(IMPORT_MANIFESTS)} objects each), 4 readers: list of 50 + /healthz, ms\n`,
  );
  table(
    ['', 'reads', 'p50', 'p99', 'max'],
    [
      row('floor: the same reads, no import (3 s)', floor),
      row(`during one import (${fmt(oneMs)} ms)`, during),
      row(
        `during five imports at once (${fmt(fiveMs)} ms, ${fmt(refusals.reduce((a, b) => a + b, 0))} × 429 then retried)`,
        duringFive,
      ),
    ],
  );
  console.log(
    `\np99 during one import: ${fmt(pct(during, 99) / pct(floor, 99), 1)}× the idle p99; during five: ${fmt(pct(duringFive, 99) / pct(floor, 99), 1)}×`,
  );
};

/** Opens a watch; resolves once the response head is in. `seen` is called with each chunk. */
const openWatch = (server: WatchTarget, agent: Agent, path: string, seen: (chunk: string) => void) =>
  new Promise<ClientRequest>((resolve, reject) => {
    const req = request(
      new URL(path, server.url),
      { agent, headers: { authorization: `Bearer ${server.token}` } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`watch: ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', seen);
        resolve(req);
      },
    );
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });

/** What a watch fan-out runs against: the server, or the bench's floor server (bench/floorServer.ts). */
export type WatchTarget = Pick<ServerProcess, 'url' | 'ca' | 'token' | 'rss'>;

/**
 * Opens `watchers` watches on one resource of a fresh namespace `ns`, then creates WRITES objects
 * one after another: each create's answer and its arrival at the last watcher (ms, sorted), next
 * to the same creates with no watcher (the floor), and the server's RSS before and with the watches.
 */
export const watchFanOut = async (server: WatchTarget, call: Call, watchers: number, ns = 'bench-watch') => {
  await namespace(call, ns);
  const path = `/apis/spectrocloud.com/v1alpha1/namespaces/${ns}/clusterprofiles`;
  /** Creates WRITES profiles one by one; per write: response latency and latency to the last watcher. */
  const writes = async (prefix: string, watching: number, arrived: Map<string, () => void>) => {
    const answered: number[] = [];
    const delivered: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      const name = `${prefix}-${i}`;
      const all = new Promise<void>((ok) => {
        let left = watching;
        arrived.set(name, () => (--left === 0 ? ok() : undefined));
        if (watching === 0) ok();
      });
      const t = process.hrtime.bigint();
      const r = await call('POST', path, profileIn(ns, name));
      if (r.status !== 201) throw new Error(`create ${name}: ${r.status}`);
      answered.push(Number(process.hrtime.bigint() - t) / 1e6);
      await all;
      delivered.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return { answered: answered.sort((a, b) => a - b), delivered: delivered.sort((a, b) => a - b) };
  };
  const arrived = new Map<string, () => void>();
  const floor = await writes('floor', 0, arrived);
  const before = server.rss().now;
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, ca: server.ca });
  const from = JSON.parse((await call('GET', path)).text).metadata.resourceVersion as string;
  const watches: ClientRequest[] = [];
  for (let i = 0; i < watchers; i++)
    watches.push(
      await openWatch(server, agent, `${path}?watch=1&resourceVersion=${from}`, (chunk) => {
        for (const m of chunk.matchAll(/"name":"(watched-\d+)"/g)) arrived.get(m[1]!)?.();
      }),
    );
  await new Promise((ok) => setTimeout(ok, 500));
  const open = server.rss().now;
  const watched = await writes('watched', watchers, arrived);
  for (const w of watches) w.destroy();
  agent.destroy();
  return { floor, watched, before, open };
};

const benchWatches = async (server: ServerProcess, call: Call) => {
  const { floor, watched, before, open } = await watchFanOut(server, call, WATCHERS);
  console.log(
    `\n## ${fmt(WATCHERS)} watches open on one resource, ${WRITES} creates one after another, ms\n`,
  );
  table(
    ['', 'p50', 'p99'],
    [
      [
        'floor: create answered, no watcher',
        fmt(pct(floor.answered, 50), 1),
        fmt(pct(floor.answered, 99), 1),
      ],
      [
        `create answered, ${fmt(WATCHERS)} watchers`,
        fmt(pct(watched.answered, 50), 1),
        fmt(pct(watched.answered, 99), 1),
      ],
      [
        `create → the last of ${fmt(WATCHERS)} watchers has the event`,
        fmt(pct(watched.delivered, 50), 1),
        fmt(pct(watched.delivered, 99), 1),
      ],
    ],
  );
  console.log(
    `\nserver RSS: ${fmt(before)} MiB before the watches, ${fmt(open)} MiB with ${fmt(WATCHERS)} open (${fmt(((open - before) * 1024) / WATCHERS, 1)} KiB each)`,
  );
};

/** Runs `fn` against a server of its own (a fresh data directory), so each section starts clean. */
const withServer = async (fn: (server: ServerProcess, call: Call) => Promise<void>): Promise<void> => {
  const data = await mkdtemp(join(tmpdir(), 'paletteai-bench-load-'));
  const server = await startServerProcess(data);
  try {
    await fn(server, client(server.url, server.ca, server.token, 8));
  } finally {
    await server.stop();
    await rm(data, { recursive: true, force: true });
  }
};

export const benchLoad = async (): Promise<void> => {
  await withServer(benchImportNextToReads);
  await withServer(benchWatches);
};
