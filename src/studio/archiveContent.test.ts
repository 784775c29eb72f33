import { describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../model/index.js';
import { takeManifests, type ArchiveReport } from './archiveContent.js';

const object = (name: string, properties: Record<string, unknown> = {}) =>
  ({
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'WorkloadProfile',
    metadata: { name },
    spec: { type: 'Model', workload: { components: [{ name: 'c', type: 'webservice', properties }] } },
  }) as unknown as KubeObject;

const report = (objects: (KubeObject | undefined)[]): ArchiveReport =>
  ({
    labels: {},
    files: [],
    variables: [],
    issues: [],
    valid: true,
    objects: objects.map((o, i) => ({
      kind: 'WorkloadProfile',
      namespace: 'default',
      name: o?.metadata.name ?? `broken-${i}`,
      valid: o !== undefined,
      issues: [],
      ...(o ? { object: o } : {}),
    })),
  }) as ArchiveReport;

describe('takeManifests', () => {
  it('turns each checked object into JSON text in order, and takes it out of the report as it goes', () => {
    const r = report([object('a'), undefined, object('b', { replicas: 2 })]);
    const taken = takeManifests(r);
    const first = taken.next();
    expect(first.value).toMatchObject({ kind: 'WorkloadProfile', name: 'a', shapeChecked: true });
    // The first object is text now: the report no longer holds it; the next one is still there.
    expect(r.objects[0]!.object).toBeUndefined();
    expect(r.objects[2]!.object).toBeDefined();
    const rest = [...taken];
    expect(rest.map((m) => m.name)).toEqual(['b']);
    expect(JSON.parse(rest[0]!.json)).toEqual(object('b', { replicas: 2 }));
    expect(r.objects.every((o) => o.object === undefined)).toBe(true);
  });

  it('does not vouch for the shape of text that cannot give its object back', () => {
    const unsafe = [Infinity, -Infinity, NaN, -0].map((v, i) => object(`n${i}`, { size: v }));
    const manifests = [...takeManifests(report([...unsafe, object('fine', { size: 1.5 })]))];
    expect(manifests.map((m) => [m.name, m.shapeChecked])).toEqual([
      ['n0', undefined],
      ['n1', undefined],
      ['n2', undefined],
      ['n3', undefined],
      ['fine', true],
    ]);
  });
});

describe('studio.yaml schema', () => {
  it('is compiled when the first archive is read, not when the module loads (every `--help` loads it)', async () => {
    vi.resetModules();
    const { Ajv } = await import('ajv');
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    try {
      const { inspectFiles } = await import('./archiveContent.js');
      const { readArchive } = await import('./readArchive.js');
      const { loadCatalog, findEntry, readEntryArchive } = await import('./catalog.js');
      const { StudioFile } = await import('./studioFile.js');
      // the kinds' schemas compile too when run from the sources (the build precompiles them)
      const studioCompiles = () => compile.mock.calls.filter(([schema]) => schema === StudioFile).length;
      expect(studioCompiles()).toBe(0);
      const catalog = await loadCatalog();
      const inspect = async (name: string) =>
        inspectFiles(readArchive(await readEntryArchive(findEntry(catalog, name)!)).files, true);
      expect((await inspect('edge-gpu-infra')).studio?.metadata.name).toBe('edge-gpu-infra');
      expect(studioCompiles()).toBe(1);
      expect((await inspect('edge-cpu-infra')).valid).toBe(true);
      expect(studioCompiles()).toBe(1);
    } finally {
      compile.mockRestore();
    }
  });
});
