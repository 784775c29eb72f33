/**
 * The replicas soak (issue #12 item 5): writers on every replica (create, update with the
 * resourceVersion read, delete) and watchers on every replica, for a while; then every watcher's
 * event stream is compared with the database's own history (`events`, read as it grows: compaction
 * trims it behind us). Nothing may be missing, out of order or duplicated, and the history itself
 * must have no gap in resourceVersion (a reader that saw rv 11 committed before rv 10 would find one).
 *
 * `runSoak` works on replicas someone else started (the e2e test runs it for ~15 s on its own two);
 * `npm run soak` (main below) starts a throwaway PostgreSQL and two `paletteai server` processes and
 * runs it for SOAK_SECONDS (default 600).
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ApiClient } from '../src/client/apiClient.js';
import { startPostgres } from '../src/storage/testing/postgresServer.js';
import { clusterProfile } from '../src/testing/builders.js';
import { client, startServerProcess, type ServerProcess } from './serverProcess.js';
import { fmt, table } from './stats.js';
import { API, compareStream, HistoryReader, sleep, Watcher, type WatcherReport } from './soakStreams.js';

/** One replica as a client sees it. */
export interface SoakReplica {
  name: string;
  url: string;
  /** The replica's CA (PEM). */
  ca: string;
  token: string;
}

export interface SoakOptions {
  seconds: number;
  replicas: readonly SoakReplica[];
  /** The database the replicas share (read directly: its `events` are the reference). */
  databaseUrl: string;
  /** @default 3 */
  writersPerReplica?: number;
  /** @default 2 */
  watchersPerReplica?: number;
  /** Created when missing. @default 'soak' */
  namespace?: string;
  /** Progress lines (every ~10 s). */
  log?: (line: string) => void;
}

export interface SoakReport {
  seconds: number;
  writes: { created: number; updated: number; deleted: number; perSecond: number };
  /** Answers other than the expected 201/200 (each is a failure). */
  writeErrors: string[];
  /** Events of every kind the database recorded during the soak, and of the watched kind. */
  history: { all: number; watched: number; gaps: string[] };
  watchers: WatcherReport[];
  ok: boolean;
}

/** One writer: create object i, update object i-1 with the resourceVersion it got, delete object i-2. */
const writer = async (
  call: ReturnType<typeof client>,
  prefix: string,
  namespace: string,
  until: number,
  counts: SoakReport['writes'],
  errors: string[],
): Promise<void> => {
  const base = `${API}/namespaces/${namespace}/clusterprofiles`;
  const objects: { name: string; rv: string; updated?: boolean }[] = [];
  const expect = (what: string, r: { status: number; text: string }, status: number) => {
    if (r.status === status) return true;
    if (errors.length < 20) errors.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
    return false;
  };
  for (let i = 0; Date.now() < until; i++) {
    const name = `${prefix}-${i}`;
    const created = await call('POST', base, { ...clusterProfile(name), metadata: { name, namespace } });
    if (expect(`create ${name}`, created, 201)) {
      counts.created++;
      objects.push({
        name,
        rv: (JSON.parse(created.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
      });
    }
    const older = objects.length >= 2 ? objects[objects.length - 2] : undefined;
    if (older && !older.updated) {
      const body = {
        ...clusterProfile(older.name, 'Infrastructure', 'edge-native', '1.0.1'),
        metadata: { name: older.name, namespace, resourceVersion: older.rv },
      };
      const updated = await call('PUT', `${base}/${older.name}`, body);
      if (expect(`update ${older.name}`, updated, 200)) counts.updated++;
      older.updated = true;
    }
    if (objects.length >= 3) {
      const oldest = objects.shift()!;
      if (expect(`delete ${oldest.name}`, await call('DELETE', `${base}/${oldest.name}`), 200))
        counts.deleted++;
    }
  }
};

/**
 * Runs the soak on `replicas` for `seconds`; see the file comment. Resolves with the report (its
 * `ok` says whether everything matched); throws only when the setup fails.
 */
export const runSoak = async (options: SoakOptions): Promise<SoakReport> => {
  const namespace = options.namespace ?? 'soak';
  const log = options.log ?? (() => undefined);
  const apis = options.replicas.map(
    (r) => new ApiClient({ server: r.url, token: r.token, ca: r.ca, namespace }),
  );
  const ns = await apis[0]!.request('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  if (ns.status !== 201 && ns.status !== 409)
    throw new Error(`namespace ${namespace}: ${ns.status} ${ns.text}`);

  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    const start = Number((await db.query<{ rv: string }>('SELECT rv FROM resource_version')).rows[0]!.rv);
    const history = new HistoryReader(db, start, namespace);
    const path = `${API}/namespaces/${namespace}/clusterprofiles`;
    const watchers = options.replicas.flatMap((r, ri) =>
      Array.from({ length: options.watchersPerReplica ?? 2 }, (_, index) => ({
        replica: r.name,
        index,
        w: new Watcher(apis[ri]!, path, String(start)),
      })),
    );
    for (const { w } of watchers) await w.start();
    history.start();

    const counts = { created: 0, updated: 0, deleted: 0, perSecond: 0 };
    const writeErrors: string[] = [];
    const t0 = Date.now();
    const until = t0 + options.seconds * 1000;
    const progress = setInterval(() => {
      const s = (Date.now() - t0) / 1000;
      log(
        `${fmt(s)} s: ${fmt(counts.created + counts.updated + counts.deleted)} writes, history at rv ${history.reached}, ` +
          `watchers at ${watchers.map(({ w }) => w.reached).join(', ')}`,
      );
    }, 10_000);
    try {
      await Promise.all(
        options.replicas.flatMap((r) =>
          Array.from({ length: options.writersPerReplica ?? 3 }, (_, k) =>
            writer(client(r.url, r.ca, r.token, 1), `${r.name}-${k}`, namespace, until, counts, writeErrors),
          ),
        ),
      );
    } finally {
      clearInterval(progress);
    }
    const elapsed = (Date.now() - t0) / 1000;
    counts.perSecond = (counts.created + counts.updated + counts.deleted) / elapsed;
    await history.stop();
    // Every watcher catches up with the newest event of the kind (a hang guard, not a budget).
    const last = history.watched.at(-1)?.rv ?? start;
    const deadline = Date.now() + 120_000;
    while (watchers.some(({ w }) => w.reached < last && w.errors.length === 0) && Date.now() < deadline)
      await sleep(100);
    for (const { w } of watchers) await w.stop();
    const reports = watchers.map(({ replica, index, w }) =>
      compareStream(replica, index, w, history.watched),
    );
    const ok =
      writeErrors.length === 0 &&
      history.gaps.length === 0 &&
      history.watched.length > 0 &&
      reports.every((r) => !r.firstProblem && r.events === history.watched.length);
    return {
      seconds: elapsed,
      writes: counts,
      writeErrors,
      history: { all: history.all, watched: history.watched.length, gaps: history.gaps },
      watchers: reports,
      ok,
    };
  } finally {
    await db.end();
  }
};

/** Prints a report as the benches print theirs. */
export const printSoak = (report: SoakReport): void => {
  const w = report.writes;
  console.log(
    `\n## replicas soak: ${fmt(report.seconds)} s, ${fmt(w.created)} creates, ${fmt(w.updated)} updates, ` +
      `${fmt(w.deleted)} deletes (${fmt(w.perSecond)} writes/s over both replicas); the database recorded ` +
      `${fmt(report.history.all)} events (${fmt(report.history.watched)} of the watched kind), ` +
      `${report.history.gaps.length} resourceVersion gaps\n`,
  );
  table(
    ['watcher', 'events', 'resumed', 'missing', 'duplicates', 'out of order', 'unknown', 'first problem'],
    report.watchers.map((r) => [
      `${r.replica} #${r.index}`,
      fmt(r.events),
      fmt(r.resumed),
      fmt(r.missing),
      fmt(r.duplicates),
      fmt(r.outOfOrder),
      fmt(r.unknown),
      r.firstProblem ?? '',
    ]),
  );
  for (const e of [...report.writeErrors, ...report.history.gaps]) console.log(`- ${e}`);
  console.log(`\nresult: ${report.ok ? 'every watcher saw the history exactly' : 'FAILED'}`);
};

/**
 * Starts two replicas on one database: the second gets a copy of the first's kubeconfig, which it
 * points at itself (address and CA) on start, so both hold the admin token the first one created.
 */
export const startReplicaPair = async (
  databaseUrl: string,
  root: string,
): Promise<{ processes: ServerProcess[]; replicas: SoakReplica[] }> => {
  const a = await startServerProcess(join(root, 'a'), ['--storage', databaseUrl]);
  try {
    await mkdir(join(root, 'b'), { recursive: true });
    await copyFile(join(root, 'a', 'kubeconfig'), join(root, 'b', 'kubeconfig'));
    const b = await startServerProcess(join(root, 'b'), ['--storage', databaseUrl]);
    return {
      processes: [a, b],
      replicas: [
        { name: 'a', url: a.url, ca: a.ca, token: a.token },
        { name: 'b', url: b.url, ca: b.ca, token: b.token },
      ],
    };
  } catch (error) {
    await a.stop();
    throw error;
  }
};

/** `npm run soak`: a throwaway PostgreSQL, two replicas, SOAK_SECONDS (default 600) of soak. */
const main = async (): Promise<void> => {
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  if (!(seconds > 0))
    throw new Error(`SOAK_SECONDS must be a positive number, got ${process.env.SOAK_SECONDS}`);
  const root = await mkdtemp(join(tmpdir(), 'paletteai-soak-'));
  const postgres = await startPostgres('paletteai_soak');
  let processes: ServerProcess[] = [];
  try {
    const pair = await startReplicaPair(postgres.url, root);
    processes = pair.processes;
    console.log(`# replicas soak (node ${process.version}, ${new Date().toISOString()}), ${seconds} s`);
    const report = await runSoak({
      seconds,
      replicas: pair.replicas,
      databaseUrl: postgres.url,
      log: (l) => console.log(l),
    });
    printSoak(report);
    if (!report.ok) process.exitCode = 1;
  } finally {
    for (const p of processes) await p.stop();
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
