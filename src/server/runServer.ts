import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { WritePipeline } from '../apiserver/index.js';
import { startControllers, type Controllers } from '../controllers/index.js';
import { referencesOf } from '../kinds/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import { createApiServer } from './app.js';
import { AuditLog } from './audit.js';
import { FileTokenStore } from './auth/tokens.js';
import type { ServerContext } from './context.js';
import { kubeconfigFor } from './kubeconfig.js';
import { ensureCertificate } from './tls.js';

export interface ServerOptions {
  /** host:port; @default 127.0.0.1:8080 */
  listen: string;
  /** Data directory: database, tokens, audit log, kubeconfig. @default ./.paletteai */
  data: string;
  log?: (message: string) => void;
}

export interface RunningServer {
  url: string;
  kubeconfigPath: string;
  /** The server certificate (PEM), the CA clients trust. */
  ca: string;
  /** The admin token, when this start created it (first start only). */
  adminToken?: string;
  ctx: ServerContext;
  /** The controllers (they act while this process holds the lease). */
  controllers: Controllers;
  close(): Promise<void>;
}

const parseListen = (listen: string): { host: string; port: number } => {
  const m = /^(.*):(\d+)$/.exec(listen);
  if (!m) throw new Error(`--listen must be HOST:PORT, e.g. 127.0.0.1:8080; found ${JSON.stringify(listen)}`);
  return { host: m[1]!.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(m[2]) };
};

/** Keeps the data directory's kubeconfig pointing at this start's address (the port may change). */
const pointKubeconfigAt = async (path: string, url: string): Promise<boolean> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return false;
  }
  const config = parse(text) as { clusters?: { name: string; cluster: { server: string } }[] };
  const cluster = config.clusters?.find((c) => c.name === 'paletteai');
  if (cluster && cluster.cluster.server !== url) {
    cluster.cluster.server = url;
    await writeFile(path, stringify(config), { mode: 0o600 });
  }
  return true;
};

/**
 * Starts the API server: opens (or creates) the data directory, the SQLite store and the token
 * file; on first start creates an admin token and writes `kubeconfig` into the data directory.
 */
export const startServer = async (opts: ServerOptions): Promise<RunningServer> => {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const data = resolve(opts.data);
  await mkdir(data, { recursive: true, mode: 0o700 });
  const { host, port } = parseListen(opts.listen);
  const store = SqliteStore.open(join(data, 'paletteai.db'), { referencesOf });
  const tokens = await FileTokenStore.open(join(data, 'tokens.json'));
  const audit = new AuditLog(join(data, 'audit.log'));
  const pipeline = new WritePipeline(store);
  const ctx: ServerContext = { store, pipeline, tokens, audit, log };
  const controllers = await startControllers(store, pipeline, log);
  const tls = await ensureCertificate(data, host);
  const server = createApiServer(ctx, tls);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `https://${shownHost}:${addr.port}`;
  const kubeconfigPath = join(data, 'kubeconfig');
  let adminToken: string | undefined;
  if (!tokens.list().some((t) => t.name === 'admin')) {
    adminToken = await tokens.create({ name: 'admin', role: 'cluster-admin', namespace: '*' });
    await writeFile(kubeconfigPath, kubeconfigFor(url, tls.cert, 'admin', adminToken), { mode: 0o600 });
  } else if (!(await pointKubeconfigAt(kubeconfigPath, url))) {
    log(
      `warning: ${kubeconfigPath} is missing and the admin token cannot be shown again; ` +
        'create a token with `paletteai token create --role cluster-admin --name NAME` and restart',
    );
  }
  const close = async () => {
    await new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
    await controllers.stop();
    await store.close();
    await audit.close();
  };
  return {
    url,
    kubeconfigPath,
    ca: tls.cert,
    ...(adminToken ? { adminToken } : {}),
    ctx,
    controllers,
    close,
  };
};
