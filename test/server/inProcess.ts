/**
 * The API app called in process (no socket, no TLS): requests are injected into the same handler
 * the HTTPS server runs, over a real SQLite store in a temporary directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'light-my-request';
import { ensureNamespaces, WritePipeline } from '../../src/apiserver/index.js';
import { referencesOf } from '../../src/kinds/index.js';
import { createApp } from '../../src/server/app.js';
import { FileAuditSink } from '../../src/server/audit.js';
import { StoreTokenStore, type Identity } from '../../src/server/auth/tokens.js';
import type { ServerContext } from '../../src/server/context.js';
import { SqliteStore } from '../../src/storage/sqliteStore.js';
import { NS } from '../../src/testing/builders.js';

export interface InProcessApp {
  ctx: ServerContext;
  data: string;
  /** A token for each identity asked for (created on first use). */
  token(who: Identity): Promise<string>;
  request(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** Creates namespaces (writes into a namespace need it to exist). */
  namespaces(...names: string[]): Promise<void>;
  close(): Promise<void>;
}

export const startApp = async (): Promise<InProcessApp> => {
  const data = await mkdtemp(join(tmpdir(), 'paletteai-app-'));
  const store = SqliteStore.open(join(data, 'paletteai.db'), { referencesOf });
  const tokens = new StoreTokenStore(store.tokens);
  const audit = new FileAuditSink(join(data, 'audit.log'));
  const pipeline = new WritePipeline(store);
  await ensureNamespaces(pipeline, ['default', NS]); // the test project's namespace too
  const ctx: ServerContext = {
    store,
    pipeline,
    tokens,
    audit,
    log: () => {},
    ready: () => true,
  };
  const app = createApp(ctx);
  const made = new Map<string, string>();
  return {
    ctx,
    data,
    namespaces: (...names) => ensureNamespaces(pipeline, names),
    token: async (who) => {
      let t = made.get(who.name);
      if (!t) made.set(who.name, (t = await tokens.create(who)));
      return t;
    },
    request: async (method, url, options = {}) => {
      const body = options.body;
      const r = await inject((req, res) => void app(req, res), {
        method: method as 'GET',
        url,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(body !== undefined ? { payload: Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
      });
      let parsed: unknown = r.payload;
      try {
        parsed = JSON.parse(r.payload);
      } catch {
        // not JSON: keep the text
      }
      return { status: r.statusCode, body: parsed, headers: r.headers };
    },
    close: async () => {
      await store.close();
      await audit.close();
      await rm(data, { recursive: true, force: true });
    },
  };
};
