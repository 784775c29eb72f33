/**
 * A throwaway OCI registry for tests and benchmarks: Debian's `docker-registry` (the CNCF
 * Distribution registry, v2) on a free loopback port, storage in a temporary directory, optionally
 * with htpasswd basic auth (bcrypt, made by `htpasswd -B`) and a self-signed TLS certificate. The
 * package's own systemd service is not used. Also finds `skopeo`, the client that is not ours the
 * tests read artifacts back with. Both come from `bash scripts/ci-deps.sh`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  /** `http://127.0.0.1:PORT` or `https://…` with `tls`. */
  url: string;
  /** The storage directory (under the temporary directory). */
  dir: string;
  /** Stops the server (it can be started again with {@link TestRegistry.restart}). */
  stop(): Promise<void>;
  /** Starts it again on the same port and storage. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  remove(): Promise<void>;
}

export interface TestRegistryOptions {
  /** Require basic auth with this user and password (bcrypt htpasswd entry). */
  basicAuth?: { username: string; password: string };
  /** Serve HTTPS with a fresh self-signed certificate for 127.0.0.1. */
  tls?: boolean;
}

const MISSING = (what: string) =>
  `${what} was not found: install it with \`bash scripts/ci-deps.sh\` ` +
  '(Debian packages docker-registry, skopeo, apache2-utils)';

/**
 * The path of a program on PATH; throws naming `bash scripts/ci-deps.sh`, so a machine without
 * it fails the suite with the fix instead of skipping it.
 */
export const findProgram = (name: 'docker-registry' | 'skopeo' | 'htpasswd'): string => {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(MISSING(name));
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const writeConfig = async (dir: string, port: number, options: TestRegistryOptions): Promise<string> => {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    // A fixed secret keeps the registry from warning and from logging a generated one.
    '  secret: paletteai-test-only',
  ];
  if (options.tls) {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      days: 2,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    } as Parameters<typeof generate>[1]);
    writeFileSync(join(dir, 'tls.crt'), pems.cert);
    writeFileSync(join(dir, 'tls.key'), pems.private);
    lines.push('  tls:', `    certificate: ${join(dir, 'tls.crt')}`, `    key: ${join(dir, 'tls.key')}`);
  }
  if (options.basicAuth) {
    const { username, password } = options.basicAuth;
    // -B: bcrypt, the only hash the registry accepts; -n: print the entry; -b: password argument.
    const entry = execFileSync(findProgram('htpasswd'), ['-Bbn', username, password]).toString();
    writeFileSync(join(dir, 'htpasswd'), entry.trim() + '\n');
    lines.push('auth:', '  htpasswd:', '    realm: paletteai-test', `    path: ${join(dir, 'htpasswd')}`);
  }
  const config = join(dir, 'config.yml');
  writeFileSync(config, lines.join('\n') + '\n');
  return config;
};

/** Starts a fresh registry and waits until `GET /v2/` answers. */
export const startRegistry = async (options: TestRegistryOptions = {}): Promise<TestRegistry> => {
  const bin = findProgram('docker-registry');
  const dir = mkdtempSync(join(tmpdir(), 'paletteai-registry-'));
  mkdirSync(join(dir, 'data'));
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  const remove = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const config = await writeConfig(dir, port, options);
    const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    const start = async () => {
      const server = spawn(bin, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = server;
      let log = '';
      server.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4_000)));
      for (let attempt = 0; ; attempt++) {
        if (server.exitCode !== null)
          throw new Error(`docker-registry exited ${server.exitCode}: ${log.trim()}`);
        if (await listening(port)) return;
        if (attempt > 100) throw new Error(`docker-registry did not start: ${log.trim()}`);
        await sleep(100);
      }
    };
    await start();
    return { host: `127.0.0.1:${port}`, url, dir, stop, restart: start, remove };
  } catch (error) {
    await remove();
    throw error;
  }
};

/** True once the port accepts connections: the registry opens its listener last. */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Runs `skopeo` with `args` and returns its stdout; throws with its stderr. */
export const skopeo = (args: string[]): Buffer => {
  try {
    return execFileSync(findProgram('skopeo'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`skopeo ${args.join(' ')} failed: ${stderr ?? String(error)}`);
  }
};
