/**
 * `npm run bench -- replicas` (issue #12 item 5): ProfileBundle creates/s and list p50 over HTTPS
 * with the server on SQLite, on PostgreSQL with one replica, and on PostgreSQL with two replicas of
 * one database (the load split between them), in one run on one machine. The creates are the server
 * bench's bundles (bench/server.ts) sent by the same keep-alive client; the list is a label-selector
 * page of 50 of them.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, startPostgres } from '../src/storage/testing/postgresServer.js';
import { bundle, pathOf, profiles } from './server.js';
import { client, load, pct, startServerProcess, type ServerProcess } from './serverProcess.js';
import { startReplicaPair } from './soak.js';
import { fmt, table } from './stats.js';

const CREATES = Number(process.env.BENCH_REPLICAS_CREATES ?? 3_000);
const CONCURRENCY = 16;
const LISTS = 300;
/** Bundle i carries label shard=s(floor(i / 100) % 20): the shards that hold 100 created bundles. */
const SHARDS = Math.max(1, Math.min(20, Math.floor(CREATES / 100)));

interface Measured {
  creates: { perSecond: number; p50: number; p99: number };
  list: { p50: number; p99: number };
}

type Call = ReturnType<typeof client>;

/** Creates CREATES bundles through `calls` (round-robin, CONCURRENCY in flight), then lists. */
const measure = async (calls: Call[]): Promise<Measured> => {
  for (const p of profiles) {
    const r = await calls[0]!('POST', pathOf(p), p);
    if (r.status !== 201) throw new Error(`create ${p.kind}: ${r.status} ${r.text}`);
  }
  const create = async (i: number) => {
    const r = await calls[i % calls.length]!('POST', pathOf(bundle(i)), bundle(i));
    if (r.status !== 201) throw new Error(`create ${i}: ${r.status} ${r.text}`);
  };
  await load(300, CONCURRENCY, (i) => create(CREATES + i)); // warm-up (JIT, pools, caches)
  const created = await load(CREATES, CONCURRENCY, create);
  const list = await load(LISTS, 1, async (i) => {
    const r = await calls[i % calls.length]!(
      'GET',
      `${pathOf(bundle(0))}?labelSelector=shard%3Ds${i % SHARDS}&limit=50`,
    );
    const n = (JSON.parse(r.text) as { items: unknown[] }).items.length;
    if (r.status !== 200 || n !== 50) throw new Error(`list ${i}: ${r.status}, ${n} items`);
  });
  return {
    creates: {
      perSecond: (CREATES / created.ms) * 1000,
      p50: pct(created.latencies, 50),
      p99: pct(created.latencies, 99),
    },
    list: { p50: pct(list.latencies, 50), p99: pct(list.latencies, 99) },
  };
};

const callsOf = (servers: readonly Pick<ServerProcess, 'url' | 'ca' | 'token'>[]) =>
  servers.map((s) => client(s.url, s.ca, s.token, Math.ceil(CONCURRENCY / servers.length)));

export const benchReplicas = async (): Promise<void> => {
  const root = await mkdtemp(join(tmpdir(), 'paletteai-bench-replicas-'));
  const postgres = await startPostgres('paletteai_bench');
  const running: ServerProcess[] = [];
  const run = async (servers: ServerProcess[]) => {
    running.push(...servers);
    const m = await measure(callsOf(servers));
    for (const s of servers.reverse()) await s.stop();
    running.length = 0;
    return m;
  };
  try {
    await mkdir(join(root, 'sqlite'));
    const sqlite = await run([await startServerProcess(join(root, 'sqlite'))]);
    await mkdir(join(root, 'pg1'));
    const one = await run([
      await startServerProcess(join(root, 'pg1'), ['--storage', await freshDatabase(postgres.url, 'one')]),
    ]);
    const pair = await startReplicaPair(await freshDatabase(postgres.url, 'two'), join(root, 'pg2'));
    const two = await run(pair.processes);

    console.log(
      `\n## replicas: ${fmt(CREATES)} ProfileBundle creates over HTTPS (${CONCURRENCY} in flight, split evenly over the replicas), ` +
        `then ${LISTS} label-selector lists of 50 (one at a time); PostgreSQL is a throwaway local server (fsync off)\n`,
    );
    const row = (name: string, m: Measured) => [
      name,
      fmt(m.creates.perSecond),
      fmt(m.creates.p50, 1),
      fmt(m.creates.p99, 1),
      fmt(m.list.p50, 2),
      fmt(m.list.p99, 2),
    ];
    table(
      ['', 'creates/s', 'create p50 ms', 'create p99 ms', 'list p50 ms', 'list p99 ms'],
      [
        row('SQLite, one server', sqlite),
        row('PostgreSQL, one replica', one),
        row('PostgreSQL, two replicas of one database', two),
      ],
    );
    console.log(
      `\ntwo replicas / one: ${fmt(two.creates.perSecond / one.creates.perSecond, 2)}x creates/s ` +
        `(every write of every replica takes the one resourceVersion row lock, so writes do not scale out; reads do)`,
    );
  } finally {
    for (const s of running) await s.stop();
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  }
};
