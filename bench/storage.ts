/**
 * Storage benchmark (never a timed test), SQLite and PostgreSQL in the same run: single creates
 * (one awaited at a time, and 64 in flight: group commit), a 100,000-object load in transactions of
 * 1,000, and label-selector lists in one namespace; on SQLite also a raw better-sqlite3 floor and
 * `quick_check`. PostgreSQL is a throwaway server started here
 * (src/storage/testing/postgresServer.ts; fsync off, so its figures are not durable ones), vacuumed
 * after the load as autovacuum would. Prints a table; wired into `bench/run.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { KubeObject } from '../src/model/metadata.js';
import { PostgresStore } from '../src/storage/postgresStore.js';
import { SqliteStore } from '../src/storage/sqliteStore.js';
import type { Store } from '../src/storage/store.js';
import { startPostgres } from '../src/storage/testing/postgresServer.js';

/** A ProfileBundle of about 1 KiB of JSON. */
/** `tier` cycles every 100 objects, so each of 100 namespaces holds 50 objects of each of 20 tiers. */
const object = (i: number, namespace: string): KubeObject => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: {
    name: `bundle-${String(i).padStart(6, '0')}`,
    namespace,
    labels: {
      tier: `t${Math.floor(i / 100) % 20}`,
      'palette.ai/inference-engine': i % 2 ? 'vllm' : 'sglang',
    },
    annotations: { 'example.com/owner': `team-${i % 7}` },
  },
  spec: {
    type: 'Fullstack',
    version: `1.${i % 10}.0`,
    description: 'Llama 3 on vLLM with its own GPU cluster, packaged once and reused everywhere.'.repeat(4),
    clusterProfiles: [{ name: 'edge-gpu', version: '1.1.0' }, { name: 'monitoring' }],
    workloadProfiles: [{ name: `model-${i % 13}`, values: { replicas: (i % 3) + 1, gpu: 'nvidia.com/gpu' } }],
    variables: Array.from({ length: 6 }, (_, k) => ({ name: `var${k}`, value: `value-${k}-${i}` })),
  },
});

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

const rate = (n: number, millis: number): string => Math.round((n / millis) * 1000).toLocaleString('en-US');

/** One engine's measurements, added to `rows` as `[engine, step, result, extra]`. */
const benchEngine = async (
  engine: string,
  open: (name: string) => Promise<Store>,
  rows: string[][],
  sizes: { creates: number; total: number; queries: number },
  floorMs?: number,
  /** What production would have done by the time of the lists (PostgreSQL: autovacuum). */
  afterLoad?: (store: Store) => Promise<void>,
) => {
  const { creates, total, queries } = sizes;
  const single = await open('single');
  let t = process.hrtime.bigint();
  for (let i = 0; i < creates; i++) await single.create(object(i, 'ns-0'));
  const singleMs = ms(t);
  rows.push([
    engine,
    'store.create, one awaited at a time',
    `${rate(creates, singleMs)}/s`,
    floorMs ? `${(singleMs / floorMs).toFixed(1)}× floor` : '',
  ]);
  t = process.hrtime.bigint();
  const inFlight = 64;
  for (let start = 0; start < creates; start += inFlight) {
    await Promise.all(
      Array.from({ length: Math.min(inFlight, creates - start) }, (_, k) =>
        single.create(object(start + k, 'ns-1')),
      ),
    );
  }
  const batchedMs = ms(t);
  rows.push([
    engine,
    `store.create, ${inFlight} in flight (group commit)`,
    `${rate(creates, batchedMs)}/s`,
    '',
  ]);
  await single.close();

  const store = await open('big');
  t = process.hrtime.bigint();
  for (let start = 0; start < total; start += 1_000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(total, start + 1_000); i++)
        await tx.create(object(i, `ns-${i % 100}`));
    });
  }
  await afterLoad?.(store);
  rows.push([
    engine,
    `load ${total.toLocaleString('en-US')} objects, 1,000 per transaction`,
    `${rate(total, ms(t))}/s`,
    '',
  ]);

  const time = async (label: string, run: (q: number) => Promise<number>) => {
    const all: number[] = [];
    for (let q = 0; q < queries + 20; q++) {
      const start = process.hrtime.bigint();
      const n = await run(q);
      if (q >= 20) all.push(ms(start)); // first 20: warm-up
      if (n === 0) throw new Error(`${label}: no items`);
    }
    all.sort((a, b) => a - b);
    rows.push([
      engine,
      label,
      `p50 ${percentile(all, 50).toFixed(2)} ms`,
      `p99 ${percentile(all, 99).toFixed(2)} ms`,
    ]);
  };
  const tier = (q: number) => [{ key: 'tier', op: '=' as const, value: `t${q % 20}` }];
  await time('list: 1 namespace, tier=tN (50 of 1,000)', async (q) => {
    const r = await store.list('ProfileBundle', { namespace: `ns-${(q * 37) % 100}`, labels: tier(q) });
    return r.items.length;
  });
  await time('list: 1 namespace, no selector, limit 50', async (q) => {
    const r = await store.list('ProfileBundle', { namespace: `ns-${(q * 37) % 100}`, limit: 50 });
    return r.items.length;
  });
  await time('list: all namespaces, tier=tN, limit 50 (+count)', async (q) => {
    const r = await store.list('ProfileBundle', { labels: tier(q), limit: 50 });
    return r.items.length;
  });
  await store.close();
};

/** Runs every storage measurement (temporary directory, throwaway PostgreSQL) and prints the figures. */
export const benchStorage = async (
  options: { creates?: number; objects?: number; queries?: number; postgres?: boolean } = {},
) => {
  const sizes = {
    creates: options.creates ?? 2_000,
    total: options.objects ?? 100_000,
    queries: options.queries ?? 200,
  };
  const dir = mkdtempSync(join(tmpdir(), 'paletteai-bench-'));
  const rows: string[][] = [];
  try {
    // Floor: raw better-sqlite3, same pragmas, one autocommit INSERT of the same JSON per write.
    const raw = new BetterSqlite3(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, json TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO t (json) VALUES (?)');
    const t = process.hrtime.bigint();
    for (let i = 0; i < sizes.creates; i++) insert.run(JSON.stringify(object(i, 'ns-0')));
    const rawMs = ms(t);
    raw.close();
    rows.push([
      'sqlite',
      'floor: raw INSERT, one transaction each',
      `${rate(sizes.creates, rawMs)}/s`,
      '1.0×',
    ]);

    await benchEngine(
      'sqlite',
      async (name) => SqliteStore.open(join(dir, `${name}.db`)),
      rows,
      sizes,
      rawMs,
    );

    const t2 = process.hrtime.bigint();
    const check = new BetterSqlite3(join(dir, 'big.db'));
    const verdict = check.pragma('quick_check', { simple: true });
    check.close();
    rows.push([
      'sqlite',
      `PRAGMA quick_check on ${sizes.total.toLocaleString('en-US')} objects`,
      `${ms(t2).toFixed(0)} ms`,
      String(verdict),
    ]);

    if (options.postgres !== false) {
      const server = await startPostgres('paletteai_bench');
      try {
        await benchEngine(
          'postgres',
          (name) => PostgresStore.open(server.url, { schema: name }),
          rows,
          sizes,
          undefined,
          async (store) => {
            await (store as PostgresStore).database.query('VACUUM ANALYZE');
          },
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\n## Storage (~1 KiB objects; SQLite synchronous=FULL; PostgreSQL 15 on loopback, fsync off)\n`,
  );
  console.log('| engine | step | result | vs floor / p99 |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  return rows;
};
