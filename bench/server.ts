import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WritePipeline } from '../src/apiserver/index.js';
import { referencesOf } from '../src/kinds/index.js';
import type { KubeObject } from '../src/model/index.js';
import { SqliteStore } from '../src/storage/sqliteStore.js';
import { breakdown, mainThreadProfile, SERVER_PARTS, START_UP } from './cpuProfile.js';
import { goal } from './goals.js';
import { startFloor } from './floorServer.js';
import { client, cpuMs, load, pct, ROOT, startServerProcess } from './serverProcess.js';
import { fmt, median, table } from './stats.js';

const NS = 'bench';
const CREATES = 3_000;
const CONCURRENCY = 16;
const OBJECTS = 100_000;
export const NAMESPACES = 100;

/** The namespace and the two profiles every bench bundle refers to (created first). */
export const profiles = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  {
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ClusterProfile',
    metadata: { name: 'edge-gpu', namespace: NS },
    spec: {
      type: 'Infrastructure',
      cloudType: 'edge-native',
      version: '1.0.0',
      layers: ['os:ubuntu', 'k8s:k3s', 'cni:cilium', 'csi:longhorn'].map((l) => ({
        type: l.split(':')[0],
        pack: { name: l.split(':')[1], version: '1.0.0' },
      })),
    },
  },
  {
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'WorkloadProfile',
    metadata: { name: 'vllm', namespace: NS },
    spec: {
      type: 'Model',
      workload: {
        components: [
          {
            name: 'server',
            type: 'webservice',
            properties: { image: 'vllm/vllm-openai:v0.6.3', port: 8000, gpu: 1 },
          },
        ],
      },
    },
  },
];

/** A ~1 KiB ProfileBundle referring to the profiles above. */
export const bundle = (i: number, namespace = NS) => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: {
    name: `bundle-${i}`,
    namespace,
    labels: { 'palette.ai/inference-engine': 'vllm', shard: `s${Math.floor(i / NAMESPACES) % 20}` },
    annotations: {
      'palette.ai/owner': `team-${i % 7}@example.com`,
      'palette.ai/docs': `https://docs.example.com/bundles/${i}`,
    },
  },
  spec: {
    type: 'Fullstack',
    version: `1.${i % 10}.0`,
    description:
      'Llama 3 on vLLM with its own GPU cluster, packaged once and reused for every edge site of the fleet.',
    clusterProfiles: [{ name: 'edge-gpu' }],
    workloadProfiles: [{ name: 'vllm' }],
    variableSet: { variables: [{ name: 'maxModelLen', variableType: 'int32', value: { int32: 8192 } }] },
  },
});

/** The collection path of an object (where it is POSTed). */
export const pathOf = (o: { apiVersion: string; kind: string; metadata: { namespace?: string } }) => {
  const plural = `${o.kind.toLowerCase()}s`;
  const base = o.apiVersion === 'v1' ? '/api/v1' : `/apis/${o.apiVersion}`;
  return o.metadata.namespace ? `${base}/namespaces/${o.metadata.namespace}/${plural}` : `${base}/${plural}`;
};

/** The write path without HTTP/TLS: admission + store, called in process with 16 writes in flight. */
const inProcessCreates = async (dir: string): Promise<number> => {
  const store = SqliteStore.open(join(dir, 'inprocess.db'), { referencesOf });
  const pipeline = new WritePipeline(store);
  for (const p of profiles) await pipeline.create(structuredClone(p) as unknown as KubeObject);
  const r = await load(CREATES, CONCURRENCY, async (i) => {
    await pipeline.create(bundle(i) as unknown as KubeObject);
  });
  await store.close();
  return (CREATES / r.ms) * 1000;
};

const WRK_SECONDS = 10;
/** Runs of each server, alternating (see {@link benchCreates}); each runs for {@link ROUND_SECONDS}. */
const ROUNDS = 3;
const ROUND_SECONDS = 6;

/**
 * Runs wrk (C, one thread, 16 connections) against a URL for WRK_SECONDS: a load generator cheap
 * enough that the server, not the client, is what is measured. Needs Debian's `wrk`.
 */
const wrk = (
  url: string,
  token: string,
  seconds = WRK_SECONDS,
): { perSecond: number; p50: number; p99: number; requests: number } => {
  const r = spawnSync(
    'wrk',
    ['-t1', `-c${CONCURRENCY}`, `-d${seconds}s`, '-s', join(ROOT, 'bench', 'createBundle.lua'), url],
    {
      env: { ...process.env, TOKEN: token, NS },
      encoding: 'utf8',
    },
  );
  if (r.error)
    throw new Error(`wrk is needed for the server benchmark (apt-get install wrk): ${r.error.message}`);
  const m = /RESULT requests=(\d+) seconds=([\d.]+) non2xx=(\d+) p50=([\d.]+) p99=([\d.]+)/.exec(r.stdout);
  if (!m) throw new Error(`unexpected wrk output: ${r.stdout}${r.stderr}`);
  if (Number(m[3]) > 0) throw new Error(`${m[3]} creates were refused: ${r.stdout}`);
  return {
    requests: Number(m[1]),
    perSecond: Number(m[1]) / Number(m[2]),
    p50: Number(m[4]),
    p99: Number(m[5]),
  };
};

/** A server on `dir` (with `nodeArgs` for node), with the bundles' profiles and warmed up. */
const warmServer = async (
  dir: string,
  nodeArgs: readonly string[] = [],
  env: Record<string, string> = {},
) => {
  const server = await startServerProcess(dir, [], nodeArgs, env);
  const call = client(server.url, server.ca, server.token, CONCURRENCY);
  for (const p of profiles) await call('POST', pathOf(p), p);
  // Warm up (JIT, caches) with the node client, then measure with wrk.
  await load(500, CONCURRENCY, async (i) => {
    const r = await call('POST', pathOf(bundle(i)), bundle(i));
    if (r.status !== 201) throw new Error(`create ${i}: ${r.status} ${r.text}`);
  });
  return { server, call };
};

/** A wrk run, with the CPU time the process `pid` used per create meanwhile (µs, all its threads). */
const measured = (pid: number, url: string, token: string, seconds = WRK_SECONDS) => {
  const before = cpuMs(pid);
  const r = wrk(url, token, seconds);
  return { ...r, cpuUs: ((cpuMs(pid) - before) * 1000) / r.requests };
};

/** What a server under test needs for a wrk run: its process, its URL. */
interface Target {
  pid: number;
  url: string;
}

type Run = ReturnType<typeof measured>;

/** The median of each figure over runs (each figure on its own). */
const medianRun = (runs: readonly Run[]): Run => ({
  requests: median(runs.map((r) => r.requests)),
  perSecond: median(runs.map((r) => r.perSecond)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  cpuUs: median(runs.map((r) => r.cpuUs)),
});

/**
 * Creates/s over HTTPS (wrk, 16 connections) next to the group-commit floors, and in process. The
 * three servers run side by side and are measured in {@link ROUNDS} rounds, each taking its turn
 * (first in a different one each round), so a machine that slows or speeds up meanwhile weighs on all
 * three: each figure is the median of its runs, and each ratio the median of the rounds' ratios.
 */
export const benchCreates = async (data: string): Promise<void> => {
  const { server, call } = await warmServer(data);
  const phase = JSON.parse((await call('GET', `${pathOf(bundle(0))}/bundle-0`)).text).status.phase as string;
  const floors = { bare: await startFloor(data, 'bare'), store: await startFloor(data, 'store') };
  const targets: Record<'ours' | 'base' | 'rows', Target> = {
    ours: { pid: server.child.pid!, url: server.url },
    base: floors.bare,
    rows: floors.store,
  };
  const runs: Record<keyof typeof targets, Run[]> = { ours: [], base: [], rows: [] };
  try {
    for (const floor of Object.values(floors)) wrk(floor.url, server.token, ROUND_SECONDS); // warm-up
    const order = Object.keys(targets) as (keyof typeof targets)[];
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of [...order.slice(round % order.length), ...order.slice(0, round % order.length)]) {
        const t = targets[name];
        runs[name].push(measured(t.pid, t.url, server.token, ROUND_SECONDS));
      }
    }
  } finally {
    await server.stop();
    await Promise.all(Object.values(floors).map((f) => f.stop()));
  }
  const [ours, base, rows] = [medianRun(runs.ours), medianRun(runs.base), medianRun(runs.rows)];
  const ratioTo = (floor: Run[]) => runs.ours.map((o, i) => o.perSecond / floor[i]!.perSecond);
  const [vsBase, vsRows] = [median(ratioTo(runs.base)), median(ratioTo(runs.rows))];

  console.log(
    `\n## server: ProfileBundle creates over HTTPS, wrk with ${CONCURRENCY} connections, ${ROUNDS} rounds of ${ROUND_SECONDS} s per server taken in turn (bundles came out ${phase}; medians)\n`,
  );
  const row = (name: string, r: Run) => [name, fmt(r.perSecond), fmt(r.p50, 1), fmt(r.p99, 1), fmt(r.cpuUs)];
  table(
    ['', 'creates/s', 'p50 ms', 'p99 ms', 'CPU µs per create'],
    [
      row(
        'floor: bare node:https + raw better-sqlite3 INSERTs, the same group commit (WAL, log fsync off the loop)',
        base,
      ),
      row(
        "floor with the data model's rows: the store's tables, one object + 2 labels + 2 references + its event, the same group commit",
        rows,
      ),
      row('paletteai server: auth + admission (rules, refs) + SqliteStore + controllers', ours),
    ],
  );
  const rounds = (ratios: number[]) => ratios.map((x) => fmt(x, 2)).join(', ');
  console.log(
    `\nratio ours/floor: ${fmt(vsBase, 2)} (rounds: ${rounds(ratioTo(runs.base))}); ours/floor with the data model's rows: ${fmt(vsRows, 2)} (rounds: ${rounds(ratioTo(runs.rows))}); target ≥ 0.5× the floor and p99 ≤ 20 ms → ${goal(
      {
        figure: `creates/s over HTTPS, ${CONCURRENCY} connections`,
        measured: `${fmt(ours.perSecond)}/s, p99 ${fmt(ours.p99, 1)} ms (${fmt(vsBase, 2)}×; ${fmt(vsRows, 2)}× the data-model floor)`,
        floor: `${fmt(base.perSecond)}/s bare; ${fmt(rows.perSecond)}/s with the data model's rows`,
        target: '≥ 0.5× the bare floor, p99 ≤ 20 ms',
        met: vsBase >= 0.5 && ours.p99 <= 20,
      },
    )}`,
  );
  const inProcess = await inProcessCreates(data);
  console.log(
    `the same write path in process, without HTTP/TLS (admission + group-committed SqliteStore): ${fmt(inProcess)} creates/s`,
  );
  await whereTheTimeGoes(join(data, 'profiled'), ours.cpuUs, base.cpuUs);
};

/**
 * The same load on a server run with `node --cpu-prof`, apart from the measured run (profiling
 * slows it): the share of each part of the server in its main thread's time, and what that is per
 * create at the measured run's CPU cost.
 */
const whereTheTimeGoes = async (dir: string, cpuUs: number, floorCpuUs: number): Promise<void> => {
  const profiles = join(dir, 'profiles');
  // The CLI bundle, as measured: the breakdown names its frames by the modules esbuild marked.
  const { server } = await warmServer(dir, ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
  wrk(server.url, server.token);
  await server.stop();
  const parts = breakdown(mainThreadProfile(profiles), SERVER_PARTS, [START_UP]);
  const busy = parts.filter((p) => !p.part.startsWith('idle')).reduce((a, p) => a + p.share, 0);
  console.log(
    `\nWhere a create's time goes (node --cpu-prof of the server's main thread under the same load; ` +
      `µs per create: the part's share of the busy time × the ${fmt(cpuUs)} µs of CPU a create cost ` +
      `in the measured run, which counts every thread; the floor spends ${fmt(floorCpuUs)} µs, ` +
      `${fmt(cpuUs / floorCpuUs, 1)}× less):\n`,
  );
  table(
    ['part of the server', 'share of main-thread time', 'µs per create'],
    parts.map((p) => [
      p.part,
      `${fmt(p.share * 100, 1)} %`,
      p.part.startsWith('idle') ? '' : fmt((p.share / busy) * cpuUs),
    ]),
  );
};

/** Issue #3 targets: creates/s with admission + durable SQLite, list latency at 100,000 objects, RSS. */
export const benchServer = async (onlyCreates = false): Promise<void> => {
  const data = await mkdtemp(join(tmpdir(), 'paletteai-bench-server-'));
  try {
    await benchCreates(data);
    if (onlyCreates) return;

    // 100,000 stored bundles in 100 namespaces, loaded through the store, then listed over HTTPS.
    const bigData = join(data, 'big');
    const store = SqliteStore.open(join(bigData, 'paletteai.db'), { referencesOf });
    const t0 = process.hrtime.bigint();
    for (let start = 0; start < OBJECTS; start += 1000) {
      await store.transaction(async (tx) => {
        for (let i = start; i < start + 1000; i++) await tx.create(bundle(i, `ns-${i % NAMESPACES}`));
      });
    }
    const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
    await store.close();
    const started = process.hrtime.bigint();
    const big = await startServerProcess(bigData);
    const startMs = Number(process.hrtime.bigint() - started) / 1e6;
    const startRss = big.rss();
    const bigCall = client(big.url, big.ca, big.token, 1);
    const list = await load(200, 1, async (i) => {
      const r = await bigCall(
        'GET',
        `/apis/spectrocloud.com/v1beta1/namespaces/ns-${i % NAMESPACES}/profilebundles?labelSelector=shard%3Ds${Math.floor(i / 10) % 20}`,
      );
      const n = (JSON.parse(r.text) as { items: unknown[] }).items.length;
      if (n !== 50) throw new Error(`expected 50 items, got ${n}`);
    });
    const rss = big.rss();
    await big.stop();
    console.log(
      `\n## server: label-selector list of 50 items in one namespace, ${fmt(OBJECTS)} stored bundles in ${NAMESPACES} namespaces (loaded in ${fmt(loadMs / 1000, 1)} s)\n`,
    );
    table(
      ['', 'p50 ms', 'p99 ms'],
      [
        [
          'GET …/namespaces/ns-N/profilebundles?labelSelector=shard=sK (200 queries)',
          fmt(pct(list.latencies, 50), 2),
          fmt(pct(list.latencies, 99), 2),
        ],
      ],
    );
    console.log(
      `\nserver start with ${fmt(OBJECTS)} stored objects (process spawn to /readyz answering): ${fmt(startMs)} ms; ` +
        `RSS ${fmt(startRss.now)} MiB after start (references live in the database: nothing is indexed at start), ` +
        `${fmt(rss.now)} MiB after the lists, peak ${fmt(rss.peak)} MiB; targets p50 ≤ 5 ms, RSS ≤ 300 MiB`,
    );
  } finally {
    await rm(data, { recursive: true, force: true });
  }
};
