/**
 * A throwaway PostgreSQL server for tests and benchmarks: `initdb` in a temporary directory, then
 * `postgres` on a free loopback port with its unix socket in that directory, fsync off (the data
 * is thrown away). As root (CI, the dev containers) the server runs as `nobody`: PostgreSQL refuses
 * to run as root. Uses the binaries of Debian's `postgresql` package (scripts/ci-deps.sh).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/DATABASE` */
  url: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Where Debian puts the server binaries (newest version first), or PATH. */
export const findPostgresBin = (): string => {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  throw new Error(
    'PostgreSQL server binaries (initdb, postgres) were not found in /usr/lib/postgresql/*/bin or PATH: ' +
      'install them with `bash scripts/ci-deps.sh` (Debian package postgresql)',
  );
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The command prefix that runs a program as a user PostgreSQL accepts. */
const asUser = (dir: string): string[] => {
  if (process.getuid?.() !== 0) return [];
  const uid = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
  chownSync(dir, uid, gid);
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'];
};

const run = (argv: string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}: ${err.trim()}`)),
    );
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a fresh PostgreSQL and creates `database` in it. */
export const startPostgres = async (database = 'paletteai'): Promise<TestPostgres> => {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'paletteai-pg-'));
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT'); // fast shutdown
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const prefix = asUser(dir);
    const data = join(dir, 'data');
    await run([
      ...prefix,
      join(bin, 'initdb'),
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    const argv = [
      ...prefix,
      join(bin, 'postgres'),
      '-D',
      data,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      dir,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
      '-c',
      'shared_buffers=64MB',
    ];
    const server = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    child = server;
    let log = '';
    server.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4_000)));
    const base = `postgres://postgres@127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      if (server.exitCode !== null) throw new Error(`postgres exited ${server.exitCode}: ${log.trim()}`);
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      try {
        await client.connect();
        await client.query(`CREATE DATABASE "${database}"`);
        await client.end();
        break;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (attempt > 200) throw new Error(`postgres did not start: ${String(error)}\n${log.trim()}`);
        await sleep(100);
      }
    }
    return { url: `${base}/${database}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

/**
 * Creates database `name` afresh (dropped first when it exists, connections and all) on the
 * server of `url`; returns its URL.
 */
export const freshDatabase = async (url: string, name: string): Promise<string> => {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
