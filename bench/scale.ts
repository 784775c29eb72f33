/**
 * Scaling curves (issue #11 item 6): the server with 10k / 100k (/ 1M) stored ProfileBundles —
 * start (a first start on a fresh data directory, whose controllers resync every object in the
 * background, and a restart), RSS after start and after a 10,000-item list, get and list p50/p99
 * over HTTPS — then creates/s at 1 / 16 / 64 connections and a create's latency to the last of
 * 100 / 1,000 watchers. Printed as tables and drawn to docs/bench/scaling.svg. Stores are filled
 * by bench/scaleFill.ts (its time is printed apart: not a product figure).
 *
 * `PALETTEAI_BENCH_SCALE_SIZES=10000,100000,1000000` picks the sizes (default 10k and 100k; the 1M
 * fill and resync add about three minutes).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFloor } from './floorServer.js';
import { startListFloor } from './list.js';
import { watchFanOut } from './load.js';
import { type Panel, printPanel, writeScalingSvg } from './scaleChart.js';
import { fillStore, namespaceOf } from './scaleFill.js';
import { bundle, NAMESPACES, pathOf, profiles } from './server.js';
import { client, load, pct, ROOT, startServerProcess, type ServerProcess } from './serverProcess.js';
import { goal } from './goals.js';
import { fmt, table } from './stats.js';

const SIZES = (process.env.PALETTEAI_BENCH_SCALE_SIZES ?? '10000,100000').split(',').map(Number);
const BUNDLES = '/apis/spectrocloud.com/v1beta1/profilebundles';
const CONNECTIONS = [1, 16, 64];
/** The label list's rows, as the store's plan reads them (labels_by_selector, then the objects). */
const LABEL_SQL =
  "SELECT o.json FROM labels d JOIN objects o ON o.id = d.object_id WHERE d.kind = 'ProfileBundle' " +
  "AND d.key = 'shard' AND d.value = @shard AND d.namespace = @ns ORDER BY d.name";
const WATCHERS = [100, 1_000];
/** Hang guard of the wait for a first start's resync (never a budget). */
const QUIET_GUARD_MS = 15 * 60_000;

const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

/** The server's CPU seconds so far (user + system). */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** Waits until the server has been idle (< 5 % of a core) for two seconds: its resync is done. */
const quiet = async (server: ServerProcess): Promise<number> => {
  const t = process.hrtime.bigint();
  let calm = 0;
  let last = cpuSeconds(server.child.pid!);
  while (calm < 2 && ms(t) < QUIET_GUARD_MS) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = cpuSeconds(server.child.pid!);
    calm = now - last < 0.05 ? calm + 1 : 0;
    last = now;
  }
  return ms(t) - 2_000;
};

/** p50 and p99 of sorted latencies. */
const p = (sorted: number[]) => ({ p50: pct(sorted, 50), p99: pct(sorted, 99) });

interface SizeFigures {
  stored: number;
  fillMs: number;
  firstStartMs: number;
  resyncMs: number;
  restartMs: number;
  rssAfterStart: number;
  rssAfterBigList: number;
  get: { p50: number; p99: number };
  page500: { p50: number; p99: number };
  labelList: { p50: number; p99: number; items: number };
  labelFloor: { p50: number; p99: number };
}

const expectItems = (text: string, n: number, what: string) => {
  const items = (JSON.parse(text) as { items: unknown[] }).items.length;
  if (items !== n) throw new Error(`${what}: expected ${n} items, got ${items}`);
};

const ok = (r: { status: number; text: string }, what: string) => {
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
};

/** One store size: fill, first start, restart, reads. */
const measureSize = async (stored: number): Promise<SizeFigures> => {
  const dir = await mkdtemp(join(tmpdir(), 'paletteai-bench-scale-'));
  try {
    const { ms: fillMs } = await fillStore(dir, stored);
    let t = process.hrtime.bigint();
    let server = await startServerProcess(dir);
    const firstStartMs = ms(t);
    const resyncMs = await quiet(server);
    await server.stop();
    t = process.hrtime.bigint();
    server = await startServerProcess(dir);
    const restartMs = ms(t);
    try {
      const rssAfterStart = server.rss().now;
      const call = client(server.url, server.ca, server.token, 1);
      const get = await load(300, 1, async (k) => {
        const i = (k * 7_919) % stored;
        const r = await call('GET', `${pathOf(bundle(i, namespaceOf(i)))}/bundle-${i}`);
        if (r.status !== 200) throw new Error(`get bundle-${i}: ${r.status}`);
      });
      // Each answer's items are counted once, outside the timed requests (a parse is the client's time).
      const page = `${BUNDLES}?limit=500`;
      expectItems((await call('GET', page)).text, 500, 'limit=500');
      const page500 = await load(100, 1, async () => ok(await call('GET', page), page));
      const items = stored / NAMESPACES / 20;
      const shard = (k: number) =>
        `/apis/spectrocloud.com/v1beta1/namespaces/${namespaceOf(k)}/profilebundles?labelSelector=shard%3Ds${k % 20}`;
      expectItems((await call('GET', shard(0))).text, items, 'label list');
      const labelList = await load(100, 1, async (k) => ok(await call('GET', shard(k)), shard(k)));
      // Its floor in the same run: a bare node:https server sending the same rows of the same file.
      const floor = await startListFloor(dir, LABEL_SQL);
      const bare = client(floor.url, server.ca, server.token, 1);
      const floorPath = (k: number) => `/?ns=${namespaceOf(k)}&shard=s${k % 20}`;
      expectItems((await bare('GET', floorPath(0))).text, items, 'label list floor');
      const labelFloor = await load(100, 1, async (k) => ok(await bare('GET', floorPath(k)), floorPath(k)));
      await floor.stop();
      expectItems((await call('GET', `${BUNDLES}?limit=10000`)).text, 10_000, '10,000-item list');
      return {
        stored,
        fillMs,
        firstStartMs,
        resyncMs,
        restartMs,
        rssAfterStart,
        rssAfterBigList: server.rss().now,
        get: p(get.latencies),
        page500: p(page500.latencies),
        labelList: { ...p(labelList.latencies), items },
        labelFloor: p(labelFloor.latencies),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/**
 * The watch fan-out's floor: the same creates and watches against a bare node:https server that
 * commits each create (the same group commit) and writes its event, serialized once, to every open
 * watch (bench/floorServer.ts); it serves the server's certificate from `dir`. The create → last
 * watcher p50, ms.
 */
const floorFanOut = async (dir: string, server: ServerProcess, watchers: number): Promise<number> => {
  const floor = await startFloor(dir, 'bare');
  try {
    const target = { url: floor.url, ca: server.ca, token: server.token, rss: floor.rss };
    const r = await watchFanOut(target, client(floor.url, server.ca, server.token, 8), watchers);
    return p(r.watched.delivered).p50;
  } finally {
    await floor.stop();
  }
};

/** Creates/s and p50/p99 at each connection count, then watch fan-out, on one fresh server. */
const measureWritesAndWatches = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paletteai-bench-scale-writes-'));
  const server = await startServerProcess(dir);
  try {
    const setup = client(server.url, server.ca, server.token, 1);
    for (const o of profiles) await setup('POST', pathOf(o), o);
    let next = 0;
    const creates = async (connections: number, total: number) => {
      const call = client(server.url, server.ca, server.token, connections);
      const r = await load(total, connections, async () => {
        const b = bundle(next++);
        const res = await call('POST', pathOf(b), b);
        if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
      });
      return { connections, perSecond: (total / r.ms) * 1000, ...p(r.latencies) };
    };
    await creates(16, 500); // warm-up: JIT, caches
    const createRows = [];
    for (const c of CONNECTIONS) createRows.push(await creates(c, c === 1 ? 1_000 : 3_000));
    const watchRows = [];
    for (const w of WATCHERS) {
      const r = await watchFanOut(
        server,
        client(server.url, server.ca, server.token, 8),
        w,
        `bench-watch-${w}`,
      );
      watchRows.push({
        watchers: w,
        ...p(r.watched.delivered),
        answered: p(r.watched.answered).p50,
        floor: await floorFanOut(dir, server, w),
      });
    }
    return { createRows, watchRows };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

/** The server curves as chart panels. */
const panels = (
  sizes: SizeFigures[],
  writes: Awaited<ReturnType<typeof measureWritesAndWatches>>,
): Panel[] => {
  const over = (f: (s: SizeFigures) => number): [number, number][] => sizes.map((s) => [s.stored, f(s)]);
  return [
    {
      title: 'Server start',
      xLabel: 'stored objects',
      yLabel: 's',
      series: [
        { name: 'restart', points: over((s) => s.restartMs / 1000) },
        { name: 'first start', points: over((s) => s.firstStartMs / 1000) },
      ],
      goal: { y: 5, label: '< 5 s' },
    },
    {
      title: 'Server RSS',
      xLabel: 'stored objects',
      yLabel: 'MiB',
      series: [
        { name: 'after start', points: over((s) => s.rssAfterStart) },
        { name: 'after 10k-item list', points: over((s) => s.rssAfterBigList) },
      ],
      goal: { y: 300, label: '≤ 300 MiB' },
    },
    {
      title: 'Reads over HTTPS, p50 (label list: N/2000 items)',
      xLabel: 'stored objects',
      yLabel: 'ms',
      series: [
        { name: 'get', points: over((s) => s.get.p50) },
        { name: 'page of 500', points: over((s) => s.page500.p50) },
        { name: 'label list', points: over((s) => s.labelList.p50) },
        { name: 'its floor', points: over((s) => s.labelFloor.p50) },
      ],
      goal: { y: 10, label: '≤ 10 ms (500 items)' },
    },
    {
      title: 'Creates over HTTPS',
      xLabel: 'connections',
      yLabel: 'creates/s',
      series: [{ name: 'creates/s', points: writes.createRows.map((r) => [r.connections, r.perSecond]) }],
    },
    {
      title: 'Watch fan-out: create → last watcher',
      xLabel: 'watchers',
      yLabel: 'ms',
      series: [
        { name: 'p50', points: writes.watchRows.map((r) => [r.watchers, r.p50]) },
        { name: 'p99', points: writes.watchRows.map((r) => [r.watchers, r.p99]) },
      ],
      goal: { y: 30, label: '≤ 30 ms at 1,000' },
    },
  ];
};

/**
 * Runs the curves, prints them and writes docs/bench/scaling.svg; `extra` panels (e.g. the import
 * curve, {@link importPanel}) are drawn in the same chart.
 */
export const benchScale = async (extra: Panel[] = []): Promise<void> => {
  const sizes: SizeFigures[] = [];
  for (const n of SIZES) sizes.push(await measureSize(n));
  console.log(`\n## scale: the server with ${SIZES.map((n) => fmt(n)).join(' / ')} stored ProfileBundles\n`);
  const ms2 = (n: number) => fmt(n, 1);
  table(
    ['stored', ...sizes.map((s) => fmt(s.stored))],
    [
      ['fill (bench fixture, not a product figure), s', ...sizes.map((s) => fmt(s.fillMs / 1000, 1))],
      [
        'first start (fresh data dir, TLS keys made) to listening, s',
        ...sizes.map((s) => fmt(s.firstStartMs / 1000, 2)),
      ],
      [
        '… its controllers resync every object in the background until, s',
        ...sizes.map((s) => fmt(s.resyncMs / 1000, 1)),
      ],
      ['restart to listening, s', ...sizes.map((s) => fmt(s.restartMs / 1000, 2))],
      ['RSS after restart, MiB', ...sizes.map((s) => fmt(s.rssAfterStart))],
      ['RSS after a 10,000-item list, MiB', ...sizes.map((s) => fmt(s.rssAfterBigList))],
      ['get p50 / p99, ms', ...sizes.map((s) => `${ms2(s.get.p50)} / ${ms2(s.get.p99)}`)],
      [
        'list ?limit=500 (all namespaces) p50 / p99, ms',
        ...sizes.map((s) => `${ms2(s.page500.p50)} / ${ms2(s.page500.p99)}`),
      ],
      [
        'list shard=sK in one namespace p50 / p99, ms (items)',
        ...sizes.map((s) => `${ms2(s.labelList.p50)} / ${ms2(s.labelList.p99)} (${fmt(s.labelList.items)})`),
      ],
      [
        '… floor: bare node:https + the same rows, p50 / p99, ms (ratio)',
        ...sizes.map(
          (s) =>
            `${ms2(s.labelFloor.p50)} / ${ms2(s.labelFloor.p99)} (${fmt(s.labelList.p50 / s.labelFloor.p50, 1)}×)`,
        ),
      ],
    ],
  );
  const writes = await measureWritesAndWatches();
  console.log('\n## scale: creates over HTTPS (node keep-alive client) by connections\n');
  table(
    ['connections', 'creates/s', 'p50 ms', 'p99 ms'],
    writes.createRows.map((r) => [fmt(r.connections), fmt(r.perSecond), ms2(r.p50), ms2(r.p99)]),
  );
  console.log('\n## scale: a create seen by every watcher, ms\n');
  table(
    ['watchers', 'create answered p50', 'to the last watcher p50', 'p99', 'floor p50', 'vs floor'],
    writes.watchRows.map((r) => [
      fmt(r.watchers),
      ms2(r.answered),
      ms2(r.p50),
      ms2(r.p99),
      ms2(r.floor),
      `${fmt(r.p50 / r.floor, 1)}×`,
    ]),
  );
  console.log(
    '\nfloor: bare node:https + better-sqlite3 with the same group commit, each event serialized once and written to every open watch; the same client.',
  );
  const most = writes.watchRows[writes.watchRows.length - 1];
  if (most)
    goal({
      figure: `a create seen by the last of ${fmt(most.watchers)} watchers`,
      measured: `p50 ${ms2(most.p50)} ms (${fmt(most.p50 / most.floor, 1)}×)`,
      floor: `p50 ${ms2(most.floor)} ms (bare node:https, one serialization)`,
      target: most.watchers >= 1000 ? 'p50 ≤ 30 ms' : 'p50 ≤ 30 ms (at 1,000)',
      met: most.p50 <= 30,
    });
  const all = [...panels(sizes, writes), ...extra];
  for (const panel of extra) printPanel(panel);
  const last = sizes[sizes.length - 1]!;
  console.log(
    `\ngoals at ${fmt(last.stored)} stored: restart < 5 s → ${goal({
      figure: `server restart, ${fmt(last.stored)} objects stored`,
      measured: `${fmt(last.restartMs / 1000, 2)} s`,
      floor: '',
      target: '< 5 s',
      met: last.restartMs < 5000,
    })}; ` +
      `RSS ≤ 300 MiB → ${goal({
        figure: `server RSS, ${fmt(last.stored)} stored, after start / a 10,000-item list`,
        measured: `${fmt(last.rssAfterStart)} / ${fmt(last.rssAfterBigList)} MiB`,
        floor: '',
        target: '≤ 300 MiB',
        met: Math.max(last.rssAfterStart, last.rssAfterBigList) <= 300,
      })}; ` +
      `label list p50 ≤ 10 ms → ${goal({
        figure: `label-selector list, ${fmt(last.labelList.items)} items of ${fmt(last.stored)}`,
        measured: `p50 ${fmt(last.labelList.p50, 1)} ms`,
        floor: `p50 ${fmt(last.labelFloor.p50, 1)} ms (bare node:https, the same rows)`,
        target: 'p50 ≤ 10 ms',
        met: last.labelList.p50 <= 10,
      })} (${fmt(last.labelList.items)} items; ` +
      `its floor ${fmt(last.labelFloor.p50, 1)} ms, ${fmt(last.labelList.p50 / last.labelFloor.p50, 1)}×)`,
  );
  const svg = join(ROOT, 'docs', 'bench', 'scaling.svg');
  await writeScalingSvg(svg, all, `node ${process.version}, ${new Date().toISOString().slice(0, 16)} UTC`);
  console.log(`chart: ${svg}`);
};
