import { clusterProfile as validClusterProfile } from '../../src/testing/builders.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { freshDatabase as createDatabase } from '../../src/storage/testing/postgresServer.js';
import { afterAll, inject } from 'vitest';
import { ApiClient } from '../../src/client/apiClient.js';

/**
 * End-to-end helpers: the real `paletteai server` process (compiled, started through bin/), the
 * token CLI, and the machine's `kubectl` pointed at the server's kubeconfig.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Every server process a test file started: one a failing test never stopped is killed when the file
 * ends, so a failure cannot leave servers running on the machine (one did, for hours).
 */
const spawned = new Set<ChildProcess>();
afterAll(() => {
  for (const child of spawned)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  spawned.clear();
});
export const BIN = join(ROOT, 'bin/paletteai.js');
const ENTRY = join(ROOT, 'dist/src/cli/main.js');
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';
export const EXAMPLES = join(ROOT, 'examples/valid');

const assertBuilt = () => {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
};

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `paletteai-e2e-${prefix}-`));

interface KubeconfigFile {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token: string } }[];
}

/** A `paletteai server` process that printed its address. */
export interface SpawnedServer {
  data: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** The web UI's sign-in address the server printed on standard output (`URL/?token=…`). */
  signInUrl(): Promise<string>;
  /** SIGTERM, then waits for the exit; resolves with the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
  /** SIGKILL, then waits for the exit. */
  kill9(): Promise<void>;
}

/** A started server with its kubeconfig read. */
export interface ServerProcess extends SpawnedServer {
  /** The data directory's kubeconfig (admin token, CA, this start's address). */
  kubeconfig: string;
  /** The CA PEM from the kubeconfig's certificate-authority-data. */
  ca: string;
  /** The token of the kubeconfig's user. */
  token: string;
  /** An API client for a token (the admin token by default). */
  client(token?: string): ApiClient;
}

/** The process's end; a process that could not be spawned at all (no exit event) ends with `error`. */
const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
    }
  });

/**
 * How long one step (a server listening or stopping, a token command, a kubectl command, a watch
 * event) may take before the tests call it hung. It is a hang guard, not a performance budget: a
 * healthy step takes a second or two even on a busy machine, so only a step that is stuck meets it.
 * Tests and hooks that run several steps take a multiple of it (`stepsTimeout`) as their timeout, so
 * the step that hung is the one that reports.
 */
export const HANG_MS = 120_000;

/** A vitest timeout for a test or hook of `steps` guarded steps: never the thing that fails. */
export const stepsTimeout = (steps: number) => (steps + 1) * HANG_MS;

const withTimeout = async <T>(p: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/** Reads a kubeconfig's server address, CA PEM and token. */
export const readKubeconfig = async (path: string) => {
  const config = parse(await readFile(path, 'utf8')) as KubeconfigFile;
  const cluster = config.clusters[0]!.cluster;
  return {
    server: cluster.server,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'),
    token: config.users[0]!.user.token,
  };
};

/** GET /readyz (no token needed), trusting the data directory's CA; resolves on 200. */
const readyz = async (url: string, data: string): Promise<void> => {
  const ca = await readFile(join(data, 'ca.crt'), 'utf8');
  const r = await new ApiClient({ server: url, token: '', ca, namespace: 'default' }).request(
    'GET',
    '/readyz',
  );
  if (r.status !== 200) throw new Error(`GET /readyz answered ${r.status}: ${r.text}`);
};

/**
 * Runs `paletteai server --data DIR --listen 127.0.0.1:0` and waits until it has printed the
 * address it listens on (the port the OS gave it) and its usage hints.
 */
export const spawnServer = async (
  data: string,
  opts: { waitReady?: boolean; args?: string[]; env?: Record<string, string> } = {},
): Promise<SpawnedServer> => {
  assertBuilt();
  const argv = [BIN, 'server', '--data', data, '--listen', '127.0.0.1:0', ...(opts.args ?? [])];
  const child = spawn(process.execPath, argv, {
    cwd: data,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.add(child);
  let err = '';
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (err += d));
  const exited = exitOf(child);
  const listening = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /paletteai API server listening on (https:\/\/\S+:\d+) /.exec(err);
      if (m && err.includes('stop it:')) {
        child.stderr!.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal, error }) =>
      reject(
        error
          ? new Error(
              `the server could not be started (${error.message}; its data directory ${data} must exist)`,
            )
          : new Error(`the server exited (code ${code}, signal ${signal}) before listening:\n${err}`),
      ),
    );
  });
  const kill9 = async () => {
    child.kill('SIGKILL');
    await withTimeout(exited, HANG_MS, 'the server dying on SIGKILL');
  };
  let url: string;
  try {
    url = await withTimeout(listening, HANG_MS, 'the server listening');
    // One answered request proves the server is serving, not only listening.
    if (opts.waitReady !== false) await withTimeout(readyz(url, data), HANG_MS, 'GET /readyz answering');
  } catch (e) {
    await kill9();
    throw e;
  }
  return {
    data,
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => err,
    signInUrl: () =>
      withTimeout(
        new Promise<string>((resolve) => {
          const look = () => {
            const m = /^open the web UI: (\S+)$/m.exec(out);
            if (!m) return false;
            child.stdout!.off('data', look);
            resolve(m[1]!);
            return true;
          };
          if (!look()) child.stdout!.on('data', look);
        }),
        HANG_MS,
        'the sign-in address on standard output',
      ),
    stop: async () => {
      // One SIGTERM only: a second one can land while the process tears down after a clean exit.
      if (child.exitCode === null && child.signalCode === null && !child.killed) child.kill('SIGTERM');
      return (await withTimeout(exited, HANG_MS, 'the server stopping on SIGTERM')).code;
    },
    kill9,
  };
};

/**
 * Starts the server (see spawnServer) and reads the data directory's kubeconfig, which a first
 * start in an empty directory writes with the admin token, and every start points at its address.
 */
export const startServerProcess = async (
  data: string,
  args: string[] = [],
  env?: Record<string, string>,
): Promise<ServerProcess> => {
  const s = await spawnServer(data, { args, ...(env ? { env } : {}) });
  const kubeconfig = join(data, 'kubeconfig');
  try {
    const { server, ca, token } = await readKubeconfig(kubeconfig);
    if (server !== s.url)
      throw new Error(`${kubeconfig} points at ${server}, the server listens on ${s.url}`);
    return {
      ...s,
      kubeconfig,
      ca,
      token,
      client: (t = token) => new ApiClient({ server: s.url, token: t, ca, namespace: 'default' }),
    };
  } catch (e) {
    // Never leave a server behind when the start does not complete.
    await s.kill9();
    throw e;
  }
};

/**
 * `paletteai token create --data DIR`; returns the printed token. While the server of DIR runs, the
 * CLI goes through its API (the token works at once); while it is stopped, into its store.
 */
export const createToken = (
  data: string,
  name: string,
  role: 'viewer' | 'editor' | 'admin' | 'cluster-admin',
  namespace?: string,
): string => {
  assertBuilt();
  const args = [BIN, 'token', 'create', '--data', data, '--name', name, '--role', role];
  if (namespace) args.push('--namespace', namespace);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: HANG_MS });
  if (r.status !== 0) throw new Error(`token create failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
};

/** Writes a copy of a kubeconfig whose user presents another token. */
export const kubeconfigWithToken = async (from: string, to: string, token: string): Promise<void> => {
  const config = parse(await readFile(from, 'utf8')) as KubeconfigFile;
  for (const u of config.users) u.user.token = token;
  await writeFile(to, stringify(config), { mode: 0o600 });
};

export interface KubectlResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The machine's kubectl with one kubeconfig and a fresh discovery cache. */
export interface Kubectl {
  (args: string[], opts?: { input?: string; timeout?: number }): KubectlResult;
  /** The full argument list for a spawned (background) kubectl. */
  argv(args: string[]): string[];
  cacheDir: string;
  dispose(): Promise<void>;
}

export const kubectlFor = async (kubeconfig: string): Promise<Kubectl> => {
  const cacheDir = await tempDir('kubectl-cache');
  const argv = (args: string[]) => ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args];
  const run = (args: string[], opts: { input?: string; timeout?: number } = {}): KubectlResult => {
    const r = spawnSync(KUBECTL, argv(args), {
      encoding: 'utf8',
      timeout: opts.timeout ?? HANG_MS,
      killSignal: 'SIGKILL',
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      env: { ...process.env, KUBECONFIG: kubeconfig, HOME: cacheDir },
    });
    if (r.error) throw new Error(`kubectl ${args.join(' ')}: ${r.error.message}`);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return Object.assign(run, {
    argv,
    cacheDir,
    dispose: () => rm(cacheDir, { recursive: true, force: true }),
  });
};

/** Polls `check` every 50 ms until it returns true or `ms` (a hang guard) pass. */
export const waitFor = async (check: () => boolean, ms = HANG_MS): Promise<boolean> => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
};

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

export const NS = 'project-melbourne';
export const API = 'spectrocloud.com';

/** A small valid ClusterProfile (no references), for writes whose content does not matter. */
export const clusterProfile = (name: string, namespace = NS, annotations: Record<string, string> = {}) => {
  const cp = validClusterProfile(name);
  return { ...cp, metadata: { name, namespace, annotations } };
};

export const clusterProfilesPath = (namespace = NS) =>
  `/apis/${API}/v1alpha1/namespaces/${namespace}/clusterprofiles`;

/** Creates namespaces (201, or 409 when there): writes into a namespace need it to exist. */
export const createNamespaces = async (api: ApiClient, ...names: string[]): Promise<void> => {
  for (const name of names) {
    const r = await api.request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
    if (r.status !== 201 && r.status !== 409)
      throw new Error(`creating namespace ${name}: ${r.status} ${r.text}`);
  }
};

/** A fresh (emptied) database `name` on the run's test PostgreSQL; returns its URL. */
export const freshDatabase = (name: string): Promise<string> =>
  createDatabase(process.env.PALETTEAI_TEST_POSTGRES_URL ?? inject('postgresUrl'), name);
