import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, type KubeObject } from '../model/index.js';
import { aiWorkload, bundle, clusterProfile, NS, workloadProfile } from '../testing/builders.js';
import {
  inWriteOrder,
  KIND_MODULES,
  kindModule,
  referencesOf,
  registryCoversModel,
  servedNamespace,
} from './registry.js';

const SRC = join(import.meta.dirname, '..');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? sources(join(dir, d.name))
      : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts')
        ? [join(dir, d.name)]
        : [],
  );

describe('the kind registry', () => {
  it('has exactly one module for every kind of the model', () => {
    expect(registryCoversModel()).toBe(true);
    expect(KIND_MODULES.map((m) => m.info.kind).sort()).toEqual(KINDS.map((k) => k.kind).sort());
  });

  it('is the only place that switches on a kind', () => {
    const offenders = sources(SRC)
      .filter((f) => !relative(SRC, f).startsWith('kinds'))
      .filter((f) => /switch\s*\([^)]*\.kind\s*\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('lists what a bundle refers to, one row per possible target kind', () => {
    const b = bundle('b', 'Fullstack', { clusterProfiles: ['edge'], workloadProfiles: ['vllm'] });
    expect(referencesOf(b as unknown as KubeObject)).toEqual([
      { kind: 'ClusterProfile', namespace: NS, name: 'edge' },
      { kind: 'WorkloadProfile', namespace: NS, name: 'vllm' },
    ]);
  });

  it('makes a model deployment without bundles depend on every bundle and project of its namespace', () => {
    const w = aiWorkload('chat', 'model', { computePoolRef: { name: 'pool' } });
    expect(referencesOf(w as unknown as KubeObject)).toEqual(
      expect.arrayContaining([
        { kind: 'ComputePool', namespace: NS, name: 'pool' },
        { kind: 'ProfileBundle', namespace: NS, name: '*' },
        { kind: 'Project', namespace: NS, name: '*' },
      ]),
    );
  });

  it('says a Project serves the namespace of its spec and refers to Settings there', () => {
    const p = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Project',
      metadata: { name: 'melbourne', namespace: 'tenant-acme' },
      spec: { namespace: NS, settingsRef: { name: 'default' } },
    } as unknown as KubeObject;
    expect(servedNamespace(p)).toBe(NS);
    expect(referencesOf(p)).toEqual([{ kind: 'Settings', namespace: NS, name: 'default' }]);
  });

  it('orders a batch so that every object comes after what it refers to', () => {
    const objects = [
      bundle('b', 'Fullstack'),
      workloadProfile('w', 'Model'),
      clusterProfile('c'),
      { kind: 'HelmRepository' },
    ] as unknown as KubeObject[];
    expect(inWriteOrder(objects).map((o) => o.kind)).toEqual([
      'HelmRepository',
      'ClusterProfile',
      'WorkloadProfile',
      'ProfileBundle',
    ]);
  });

  it('keeps the immutable fields of SPEC §2 on their kinds', () => {
    expect(kindModule('WorkloadProfile').immutableFields).toEqual([['spec', 'type']]);
    expect(kindModule('ComputePool').immutableFields).toEqual([['spec', 'clusterVariant']]);
  });

  it('counts WorkloadProfile revisions on spec changes only', () => {
    const m = kindModule('WorkloadProfile');
    const created = workloadProfile('w', 'Model') as unknown as KubeObject;
    m.bookkeeping!(created, undefined, true);
    expect((created.status as { revision: number }).revision).toBe(1);
    const next = structuredClone(created);
    m.bookkeeping!(next, created, true);
    expect((next.status as { revision: number }).revision).toBe(2);
    const same = structuredClone(next);
    m.bookkeeping!(same, next, false);
    expect((same.status as { revision: number }).revision).toBe(2);
  });
});

describe('what each kind declares it reads', () => {
  it('covers every kind its references name, for every object of examples/valid', async () => {
    const { loadFiles } = await import('../loader/index.js');
    const loaded = await loadFiles([join(SRC, '..', 'examples', 'valid')]);
    const objects = loaded.documents.map((d) => d.object as unknown as KubeObject);
    expect(objects.length).toBeGreaterThan(20);
    for (const o of objects) {
      const declared = kindModule(o.kind).reads ?? [];
      for (const r of referencesOf(o))
        expect(declared, `${o.kind} ${o.metadata.name} → ${r.kind}`).toContain(r.kind);
    }
  });
});
