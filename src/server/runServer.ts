import { hostname } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { ConflictError } from '../model/index.js';
import { stopInspector } from './studio/inspectArchive.js';
import { startControllers, type Controllers } from '../controllers/index.js';
import { referencesOf } from '../kinds/index.js';
import { PostgresStore } from '../storage/postgresStore.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import type { Store } from '../storage/store.js';
import { createApiServer } from './app.js';
import { FileAuditSink } from './audit.js';
import { importTokenFile } from './auth/tokenFile.js';
import { StoreTokenStore } from './auth/tokens.js';
import type { ServerContext } from './context.js';
import { fsProblem, lockDataDir, prepareDataDir, StartupError } from './dataDir.js';
import { kubeconfigFor } from './kubeconfig.js';
import { readKubeconfig } from '../client/kubeconfig.js';
import { listenError, parseListen } from './listen.js';
import { ensureCertificate, isWildcardHost, reachableHost } from './tls.js';

export interface ServerOptions {
  /** host:port; @default 127.0.0.1:8080 */
  listen: string;
  /** Data directory: database, tokens, audit log, kubeconfig. @default ./.paletteai */
  data: string;
  /**
   * Where objects are stored: `sqlite` (the data directory's `paletteai.db`) or a PostgreSQL URL.
   * @default 'sqlite'
   */
  storage?: string;
  /** More names for the serving certificate (`--tls-san`), e.g. a Kubernetes Service's DNS name. */
  tlsSans?: string[];
  /** How long an Event is kept after it last happened (`--event-ttl`); 0: for good. @default one hour */
  eventTtlMs?: number;
  log?: (message: string) => void;
}

export interface RunningServer {
  url: string;
  kubeconfigPath: string;
  /** Whether the kubeconfig exists and points at this server (absent when its token is unknown). */
  kubeconfigWritten: boolean;
  /** The server's CA certificate (PEM): what clients trust (it signed the serving certificate). */
  ca: string;
  /** The admin token, when this start created it (first start only). */
  adminToken?: string;
  /**
   * The web UI's sign-in address (`URL/?token=…`, as Jupyter prints one), with the token of the data
   * directory's kubeconfig; absent when that kubeconfig is gone.
   */
  signInUrl?: string;
  ctx: ServerContext;
  /** The controllers (they act while this process holds the lease). */
  controllers: Controllers;
  close(): Promise<void>;
}

/** A PostgreSQL URL as it may be shown: without its password. */
const shownUrl = (url: string): string => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the --storage URL';
  }
};

/**
 * Opens the store `--storage` names: the embedded SQLite file of the data directory (the
 * default), or a PostgreSQL database (`postgres://USER:PASSWORD@HOST:PORT/DB`) that several
 * servers may share. References are kept by the store, through the kind registry.
 */
export const openStore = async (data: string, storage: string | undefined): Promise<Store> => {
  if (storage === undefined || storage === '' || storage === 'sqlite') {
    const dbPath = join(data, 'paletteai.db');
    try {
      return SqliteStore.open(dbPath, { referencesOf });
    } catch (e) {
      throw storeOpenError(dbPath, e);
    }
  }
  if (!/^postgres(ql)?:\/\//.test(storage))
    throw new StartupError(
      `--storage must be "sqlite" or a PostgreSQL URL such as postgres://paletteai@127.0.0.1:5432/paletteai; found ${JSON.stringify(storage.split('@').pop())}`,
    );
  try {
    return await PostgresStore.open(storage, { referencesOf });
  } catch (e) {
    const message = String((e as Error)?.message ?? e).split('\n')[0]!;
    throw new StartupError(
      `cannot use the PostgreSQL database ${shownUrl(storage)}: ${message.replaceAll(storage, shownUrl(storage))}; check that it runs and that --storage names it`,
    );
  }
};

/**
 * Keeps the data directory's kubeconfig pointing at this start's address (the port may change) and
 * trusting this start's CA (a data directory of an older version may have got a new one).
 */
const pointKubeconfigAt = async (path: string, url: string, caPem: string): Promise<boolean> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return false;
  }
  const config = parse(text) as {
    clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  };
  const cluster = config.clusters?.find((c) => c.name === 'paletteai');
  const caData = Buffer.from(caPem).toString('base64');
  if (
    cluster &&
    (cluster.cluster.server !== url || cluster.cluster['certificate-authority-data'] !== caData)
  ) {
    cluster.cluster.server = url;
    cluster.cluster['certificate-authority-data'] = caData;
    await writeFile(path, stringify(config), { mode: 0o600 });
  }
  return true;
};

/** Creates the `admin` token unless the store has one (another server may make it at the same time). */
const createAdminToken = async (tokens: StoreTokenStore): Promise<string | undefined> => {
  if (await tokens.get('admin')) return undefined;
  try {
    return await tokens.create({ name: 'admin', role: 'cluster-admin', namespace: '*' });
  } catch (e) {
    if (e instanceof ConflictError) return undefined;
    throw e;
  }
};

/** Why the database cannot be opened, as one line with the fix where one is known. */
const storeOpenError = (path: string, e: unknown): StartupError => {
  const err = e as { message?: string; code?: string };
  const message = String(err?.message ?? e)
    .split('\n')[0]!
    .trim();
  const named = message.includes(path) ? message : `${path}: ${message}`;
  const code = err?.code ?? '';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return new StartupError(
      `the database ${path} is damaged (${message}); restore it from a backup, or move it away to start with an empty one`,
    );
  if (/^E[A-Z]+$/.test(code) || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY')
    return new StartupError(
      `cannot open the database ${named}; check the data directory's permissions and free space`,
    );
  return new StartupError(named);
};

/** Runs `step`, turning a file system error into a StartupError about `what`. */
const fsStep = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
  try {
    return await step();
  } catch (e) {
    if (e instanceof StartupError || !(e as NodeJS.ErrnoException).code) throw e;
    throw new StartupError(
      `cannot write ${what} (${fsProblem(e)}); check the data directory's permissions and free space`,
    );
  }
};

/**
 * Starts the API server: takes the data directory (one server per directory), opens (or creates)
 * the store (tokens included: a tokens.json of an older version is imported once) and the TLS
 * material (a CA and a serving certificate it signed); on first start creates an admin token and writes
 * `kubeconfig` into the data directory. `/healthz` answers 200 only once that is done. Start-up
 * problems the operator can fix are {@link StartupError}s (one line, with the fix); everything
 * opened so far is closed again.
 */
export const startServer = async (opts: ServerOptions): Promise<RunningServer> => {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const data = resolve(opts.data);
  const { host, port } = parseListen(opts.listen);
  await prepareDataDir(data);
  const lock = lockDataDir(data, log);
  const undo: (() => Promise<void> | void)[] = [() => lock.release()];
  try {
    const store = await openStore(data, opts.storage);
    undo.unshift(() => store.close());
    // Tokens live in the store; a tokens.json of an older version is imported once.
    await fsStep('the tokens', () => importTokenFile(data, store.tokens, log));
    const tokens = new StoreTokenStore(store.tokens);
    const audit = new FileAuditSink(join(data, 'audit.log'), { log });
    undo.unshift(() => audit.close());
    const pipeline = new WritePipeline(store);
    await ensureNamespaces(pipeline);
    let ready = false;
    const ctx: ServerContext = { store, pipeline, tokens, audit, log, ready: () => ready };
    // One server per data directory (the lock): naming the lease holder after it lets a server
    // restarted after a crash take its own lease back at once instead of waiting for it to expire.
    const controllers = await startControllers(store, pipeline, log, {
      dataDir: data,
      identity: `${hostname()}:${data}`,
      // the embedded SQLite file is this server's alone: the data directory is locked
      exclusive: store instanceof SqliteStore,
      ...(opts.eventTtlMs !== undefined ? { eventTtlMs: opts.eventTtlMs } : {}),
    });
    undo.unshift(() => controllers.stop());
    const tls = await fsStep('the TLS certificate', () => ensureCertificate(data, host, log, opts.tlsSans));
    const server = createApiServer(ctx, tls);
    await new Promise<void>((ok, fail) => {
      server.once('error', (e) => fail(listenError(opts.listen, e)));
      server.listen(port, host, () => ok());
    });
    const closeServer = () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    undo.unshift(closeServer);
    const addr = server.address() as AddressInfo;
    // 0.0.0.0 is no address to connect to: the kubeconfig gets one this machine is reachable at.
    const reachable = reachableHost(addr.address);
    const url = `https://${reachable.includes(':') ? `[${reachable}]` : reachable}:${addr.port}`;
    if (isWildcardHost(addr.address))
      log(
        `warning: listening on every interface (${opts.listen}): anyone who can reach this machine can reach the API ` +
          `(every request still needs a token); the kubeconfig points at ${url}. Use --listen 127.0.0.1:PORT to keep it local.`,
      );
    await fsStep(`${lock.path}`, async () => lock.setUrl(url));
    const kubeconfigPath = join(data, 'kubeconfig');
    const adminToken = await createAdminToken(tokens);
    let kubeconfigWritten = true;
    if (adminToken) {
      await fsStep(kubeconfigPath, () =>
        writeFile(kubeconfigPath, kubeconfigFor(url, tls.ca, 'admin', adminToken), { mode: 0o600 }),
      );
    } else if (!(await fsStep(kubeconfigPath, () => pointKubeconfigAt(kubeconfigPath, url, tls.ca)))) {
      kubeconfigWritten = false;
      log(
        `warning: ${kubeconfigPath} is missing and the admin token cannot be shown again; ` +
          'create a token with `paletteai token create --role cluster-admin --name NAME --kubeconfig FILE` ' +
          "(a cluster-admin's kubeconfig for any server of this store), or stop this server and use --data instead",
      );
    }
    const uiToken = adminToken ?? (await readKubeconfig(kubeconfigPath).catch(() => undefined))?.token;
    ready = true;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        ready = false;
        await closeServer();
        await stopInspector();
        await controllers.stop();
        await store.close();
        await audit.close();
        lock.release();
      })());
    return {
      url,
      kubeconfigPath,
      kubeconfigWritten,
      ca: tls.ca,
      ...(adminToken ? { adminToken } : {}),
      ...(uiToken ? { signInUrl: `${url}/?token=${encodeURIComponent(uiToken)}` } : {}),
      ctx,
      controllers,
      close,
    };
  } catch (e) {
    for (const step of undo) {
      try {
        await step();
      } catch {
        // best effort: the start failed already, and that is what gets reported
      }
    }
    throw e;
  }
};
