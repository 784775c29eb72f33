/**
 * Helpers of the storage tests: every engine the shared suites run against, throwaway databases,
 * object builders and a watch recorder. (Excluded from the build.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, inject } from 'vitest';
import type { KubeObject } from '../model/metadata.js';
import { PostgresStore } from './postgresStore.js';
import { SqliteStore } from './sqliteStore.js';
import type { Reference, Selection, Store, StoreOptions, Watch, WatchEvent } from './store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh path for a database file in its own directory under os.tmpdir(), removed after the file's tests. */
export const tempDbPath = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'paletteai-store-'));
  dirs.push(dir);
  return join(dir, 'store.db');
};

/** The URL of the run's test PostgreSQL (vitest globalSetup: src/testing/postgres.ts). */
export const postgresUrl = (): string => {
  const url = process.env.PALETTEAI_TEST_POSTGRES_URL ?? inject('postgresUrl');
  if (!url)
    throw new Error('no test PostgreSQL: run the tests through vitest (globalSetup src/testing/postgres.ts)');
  return url;
};

/** A fresh schema name: each PostgreSQL store of a test gets a database of its own. */
export const freshSchema = (): string => `t_${randomBytes(6).toString('hex')}`;

/** Options every engine understands. */
export type EngineOptions = StoreOptions & {
  /** Open on the same database as this store (another instance, as another replica would). */
  sameAs?: Store;
  /** Changes of one transaction kept with their text (both engines; see SessionChanges). */
  keptChanges?: number;
};

/** One storage engine under test. */
export interface StoreEngine {
  name: string;
  open(options?: EngineOptions): Promise<Store>;
}

/**
 * `SqliteStore.open` for one test file: every store it opens is closed after each test. Call it at
 * the top level of the file (it registers the `afterEach`).
 */
export const sqliteOpener = () => {
  const opened: SqliteStore[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  return (...args: Parameters<typeof SqliteStore.open>): SqliteStore => {
    const store = SqliteStore.open(...args);
    opened.push(store);
    return store;
  };
};

const where = new WeakMap<Store, string>();

/** The engines the shared suites (`store.*.test.ts`) run against. */
export const STORE_ENGINES: StoreEngine[] = [
  {
    name: 'sqlite',
    open: async ({ sameAs, ...options } = {}) => {
      const path = (sameAs && where.get(sameAs)) ?? tempDbPath();
      const store = SqliteStore.open(path, { pollMs: 50, ...options });
      where.set(store, path);
      return store;
    },
  },
  {
    name: 'postgres',
    open: async ({ sameAs, ...options } = {}) => {
      const schema = (sameAs && where.get(sameAs)) ?? freshSchema();
      const store = await PostgresStore.open(postgresUrl(), { schema, poolSize: 4, ...options });
      where.set(store, schema);
      return store;
    },
  },
];

/** The kind and namespace most tests write. */
export const KIND = 'ProfileBundle';
export const NS = 'team-a';

/** A ProfileBundle (or `kind`) with the given name, namespace and labels. */
export const bundle = (
  name: string,
  options: {
    namespace?: string | null;
    labels?: Record<string, string>;
    spec?: unknown;
    kind?: string;
    uses?: Reference[];
  } = {},
): KubeObject => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: options.kind ?? KIND,
  metadata: {
    name,
    ...(options.namespace === null ? {} : { namespace: options.namespace ?? NS }),
    ...(options.labels ? { labels: options.labels } : {}),
  },
  spec: options.spec ?? {
    type: 'Application',
    version: '1.0.0',
    ...(options.uses ? { uses: options.uses } : {}),
  },
});

/** The `referencesOf` of the tests: `spec.uses` of a {@link bundle}. */
export const usesOf = (object: KubeObject): Reference[] =>
  ((object as { spec?: { uses?: Reference[] } }).spec?.uses ?? []).map((r) => ({ ...r }));

/** Lets queued watch deliveries (microtasks) and timers run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Waits until `check` holds (polling), or fails after `ms`. */
export const eventually = async (check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** A watch that records what it receives. */
export interface Recorder {
  events: WatchEvent[];
  /** `TYPE namespace/name@rv` per event, the shape most assertions compare. */
  lines(): string[];
  watch: Watch;
}

/** `TYPE namespace/name@rv` of one event. */
export const line = (e: WatchEvent): string =>
  `${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}@${e.object.metadata.resourceVersion}`;

/** Starts a watch that records every event. */
export const record = async (
  store: Store,
  selection: Selection = {},
  fromRv?: string,
  kind = KIND,
): Promise<Recorder> => {
  const events: WatchEvent[] = [];
  const watch = await store.watch(kind, selection, fromRv, (e) => {
    events.push(e);
  });
  return { events, watch, lines: () => events.map(line) };
};
