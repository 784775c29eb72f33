/**
 * Helpers of the storage tests: every engine the shared suites run against, throwaway database
 * files, object builders and a watch recorder. (Excluded from the build.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { KubeObject } from '../model/metadata.js';
import { SqliteStore } from './sqliteStore.js';
import type { Selection, Store, Watch, WatchEvent } from './store.js';

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

/** Options every engine understands. */
export interface EngineOptions {
  historyLimit?: number;
}

/** One storage engine under test. */
export interface StoreEngine {
  name: string;
  open(options?: EngineOptions): Store;
}

/** The engines the shared suites (`store.*.test.ts`) run against; PostgreSQL joins in CI. */
export const STORE_ENGINES: StoreEngine[] = [
  { name: 'sqlite', open: (options) => SqliteStore.open(tempDbPath(), options) },
];

/** The kind and namespace most tests write. */
export const KIND = 'ProfileBundle';
export const NS = 'team-a';

/** A ProfileBundle (or `kind`) with the given name, namespace and labels. */
export const bundle = (
  name: string,
  options: { namespace?: string | null; labels?: Record<string, string>; spec?: unknown; kind?: string } = {},
): KubeObject => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: options.kind ?? KIND,
  metadata: {
    name,
    ...(options.namespace === null ? {} : { namespace: options.namespace ?? NS }),
    ...(options.labels ? { labels: options.labels } : {}),
  },
  spec: options.spec ?? { type: 'Application', version: '1.0.0' },
});

/** Lets queued watch deliveries (microtasks) and timers run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
  const watch = await store.watch(kind, selection, fromRv, (e) => events.push(e));
  return { events, watch, lines: () => events.map(line) };
};
