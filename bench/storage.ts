/**
 * Storage benchmark (never a timed test): single creates against a raw better-sqlite3 floor, a
 * 100,000-object load, and label-selector lists in one namespace. Prints a table; wire it into
 * `bench/run.ts` with `await benchStorage()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { KubeObject } from '../src/model/metadata.js';
import { SqliteStore } from '../src/storage/sqliteStore.js';

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

/** Runs every storage measurement in a temporary directory and prints the figures. */
export const benchStorage = async (
  options: { creates?: number; objects?: number; queries?: number } = {},
) => {
  const creates = options.creates ?? 2_000;
  const total = options.objects ?? 100_000;
  const queries = options.queries ?? 200;
  const dir = mkdtempSync(join(tmpdir(), 'paletteai-bench-'));
  const rows: string[][] = [];
  try {
    // Floor: raw better-sqlite3, same pragmas, one autocommit INSERT of the same JSON per write.
    const raw = new BetterSqlite3(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, json TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO t (json) VALUES (?)');
    let t = process.hrtime.bigint();
    for (let i = 0; i < creates; i++) insert.run(JSON.stringify(object(i, 'ns-0')));
    const rawMs = ms(t);
    raw.close();
    rows.push(['floor: raw INSERT, one transaction each', rate(creates, rawMs), '1.0×']);

    const single = SqliteStore.open(join(dir, 'single.db'));
    t = process.hrtime.bigint();
    for (let i = 0; i < creates; i++) await single.create(object(i, 'ns-0'));
    const singleMs = ms(t);
    await single.close();
    rows.push([
      'store.create, one transaction each',
      rate(creates, singleMs),
      `${(singleMs / rawMs).toFixed(1)}×`,
    ]);

    const store = SqliteStore.open(join(dir, 'big.db'));
    t = process.hrtime.bigint();
    for (let start = 0; start < total; start += 1_000) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(total, start + 1_000); i++)
          await tx.create(object(i, `ns-${i % 100}`));
      });
    }
    const loadMs = ms(t);
    rows.push([
      `load ${total.toLocaleString('en-US')} objects, 1,000 per transaction`,
      rate(total, loadMs),
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

    t = process.hrtime.bigint();
    const check = new BetterSqlite3(join(dir, 'big.db'));
    const verdict = check.pragma('quick_check', { simple: true });
    check.close();
    rows.push([
      `PRAGMA quick_check on ${total.toLocaleString('en-US')} objects`,
      `${ms(t).toFixed(0)} ms`,
      String(verdict),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n## Storage (SQLite, synchronous=FULL, ~1 KiB objects)\n`);
  console.log('| step | result | vs floor / p99 |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  return rows;
};
