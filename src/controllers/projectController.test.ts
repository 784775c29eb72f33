import { afterEach, describe, expect, it } from 'vitest';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject, MaasMapping } from '../model/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import { tempDbPath } from '../storage/testFixtures.js';
import { startControllers } from './controllers.js';
import { lintMappings } from './projectController.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const mapping = (
  name: string,
  priority: number,
  match: Record<string, string>,
  engine = 'vllm',
): MaasMapping => ({
  name,
  priority,
  source: 'huggingface',
  match,
  profileBundleSelector: { matchLabels: { 'palette.ai/inference-engine': engine } },
});
const readyBundle = {
  metadata: { name: 'b', labels: { 'palette.ai/inference-engine': 'vllm' } },
  status: { phase: 'Ready' },
} as never;

describe('lintMappings', () => {
  it('finds nothing in distinct mappings that select a Ready bundle', () => {
    expect(
      lintMappings(
        [mapping('a', 100, { id: 'meta-llama/*' }), mapping('b', 50, { id: 'qwen/*' })],
        [readyBundle],
      ),
    ).toEqual([]);
  });
  it('reports equal priorities that can match the same model', () => {
    const f = lintMappings(
      [mapping('a', 100, { id: 'meta-llama/*' }), mapping('b', 100, { id: 'meta-llama/Llama-3*' })],
      [readyBundle],
    );
    expect(f.join('\n')).toMatch(/"a" and "b" have the same priority 100/);
  });
  it('reports a mapping a higher one shadows, and a selector that matches no Ready bundle', () => {
    const f = lintMappings(
      [mapping('wide', 100, { id: '*' }), mapping('narrow', 10, { id: 'meta-llama/*' }, 'sglang')],
      [readyBundle],
    );
    expect(f).toEqual([
      expect.stringContaining('mapping "narrow" is never used: "wide"'),
      expect.stringContaining('mapping "narrow" selects no Ready bundle'),
    ]);
  });
});

describe('the project controller', () => {
  it('creates the namespace of a new project and lints its mappings into MappingsLinted', async () => {
    const store = SqliteStore.open(tempDbPath(), { referencesOf });
    const pipeline = new WritePipeline(store);
    await ensureNamespaces(pipeline, ['tenant-acme']);
    const controllers = await startControllers(store, pipeline, () => {}, { retryMs: 50 });
    closers.push(
      () => store.close(),
      () => controllers.stop(),
    );
    await pipeline.create({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Project',
      metadata: { name: 'sydney', namespace: 'tenant-acme' },
      spec: { namespace: 'project-sydney', maasMappings: [mapping('hf', 100, { id: '*' })] },
    } as unknown as KubeObject);
    await controllers.idle();
    expect(await store.get({ kind: 'Namespace', namespace: '', name: 'project-sydney' })).toBeDefined();
    const p = (await store.get({ kind: 'Project', namespace: 'tenant-acme', name: 'sydney' })) as unknown as {
      status: { conditions: { type: string; status: string; message: string }[] };
    };
    const linted = p.status.conditions.find((c) => c.type === 'MappingsLinted')!;
    expect(linted.status).toBe('False');
    expect(linted.message).toContain('selects no Ready bundle');
  });
});
