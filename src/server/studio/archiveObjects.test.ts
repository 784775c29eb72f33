import { describe, expect, it } from 'vitest';
import { LABEL_PROFILE_BUNDLE, type KubeObject } from '../../model/index.js';
import { ArchiveObjects, content, VariableDeclarations } from './archiveObjects.js';

const manifest = (kind: string, name: string, extra: Record<string, unknown> = {}) => ({
  kind,
  name,
  json: JSON.stringify({
    apiVersion: 'spectrocloud.com/v1beta1',
    kind,
    metadata: { name },
    spec: { description: name },
    status: { phase: 'Ready' },
    ...extra,
  }),
});

const archive = () =>
  new ArchiveObjects(
    [
      manifest('ProfileBundle', 'bundle'),
      manifest('WorkloadProfile', 'one'),
      manifest('WorkloadProfile', 'two'),
      manifest('VariableSet', 'values'),
    ],
    'ns-a',
    () => 'bundle',
  );

describe('ArchiveObjects', () => {
  it('parses an entry into the namespace, without status, and labels VariableSets with their bundle', () => {
    const a = archive();
    const one = a.objectAt(1);
    expect(one.metadata.namespace).toBe('ns-a');
    expect(one.status).toBeUndefined();
    expect(a.objectAt(3).metadata.labels).toEqual({ [LABEL_PROFILE_BUNDLE]: 'bundle' });
    // Parsed afresh each time: a change to one parse does not reach the next.
    one.metadata.name = 'changed';
    expect(a.objectAt(1).metadata.name).toBe('one');
  });

  it('lets the text of a written entry go, and refuses to read it again', () => {
    const a = archive();
    a.keep(0);
    expect(a.held).toBe(4);
    a.release(1);
    a.release(2);
    // Two entries written: only the bundle (kept as an object) and the VariableSet remain.
    expect(a.held).toBe(2);
    expect(() => a.objectAt(1)).toThrow(/written already/);
    // Keys stay: the write order and the report still name every entry.
    expect(a.keys().map((k) => k.name)).toEqual(['bundle', 'one', 'two', 'values']);
    expect(a.has('WorkloadProfile', 'two')).toBe(true);
  });

  it('keeps the bundle as one object changed in place, and adds objects the archive did not hold', () => {
    const a = archive();
    const bundle = a.keep(0);
    bundle.metadata.annotations = { digest: 'x' };
    expect(a.objectAt(0).metadata.annotations).toEqual({ digest: 'x' });
    a.add({ apiVersion: 'v1', kind: 'HelmRepository', metadata: { name: 'r' } } as KubeObject);
    expect(a.has('HelmRepository', 'r')).toBe(true);
    expect([...a.objects()].map((o) => o.kind)).toEqual([
      'ProfileBundle',
      'WorkloadProfile',
      'WorkloadProfile',
      'VariableSet',
      'HelmRepository',
    ]);
  });

  it('vouches for the shape of untouched, shape-checked manifests only', () => {
    const a = new ArchiveObjects(
      [
        { ...manifest('ProfileBundle', 'bundle'), shapeChecked: true },
        { ...manifest('WorkloadProfile', 'one'), shapeChecked: true },
        manifest('WorkloadProfile', 'unchecked'),
        { ...manifest('VariableSet', 'values'), shapeChecked: true },
      ],
      'ns-a',
      () => 'bundle',
    );
    a.keep(0); // the bundle gets values and its digest: changed after the check
    a.add({ apiVersion: 'v1', kind: 'HelmRepository', metadata: { name: 'r' } } as KubeObject);
    // The VariableSet gets its bundle's label; the repository was never in the archive.
    expect([0, 1, 2, 3, 4].map((i) => a.asChecked(i))).toEqual([false, true, false, false, false]);
  });

  it('compares content without status and server-owned metadata', () => {
    const a = archive();
    const stored = {
      ...a.objectAt(1),
      metadata: { ...a.objectAt(1).metadata, uid: 'u', resourceVersion: '7' },
      status: { phase: 'Pending' },
    } as KubeObject;
    expect(content(stored)).toEqual(content(a.objectAt(1)));
  });

  it('lists the packs no known registry serves', () => {
    const profile = manifest('ClusterProfile', 'cp', {
      spec: {
        layers: [
          { pack: { name: 'ubuntu', version: '22.04' } },
          { pack: { name: 'cuda', version: '12', registry: 'nvidia' } },
        ],
      },
    });
    const a = new ArchiveObjects([profile], 'ns-a', () => 'b');
    expect(a.missingPacks(undefined)).toEqual([]);
    expect(a.missingPacks(['public'])).toEqual([
      { clusterProfile: 'cp', pack: 'cuda', version: '12', registry: 'nvidia' },
    ]);
  });
});

describe('VariableDeclarations', () => {
  const declaring = (kind: string, name: string, variableType: string) =>
    ({
      kind,
      metadata: { name },
      spec:
        kind === 'ProfileBundle'
          ? { variableSet: { variables: [{ name: 'x', variableType }] } }
          : { variables: [{ name: 'x', variableType }] },
    }) as unknown as KubeObject;

  it("keeps the declaration first in the report's order, whatever order the objects come in", () => {
    const d = new VariableDeclarations();
    // The bundle comes first (the import needs it) but profilebundle.yaml sorts after cluster-profiles/.
    d.add(declaring('ProfileBundle', 'b', 'string'), 5);
    d.add(declaring('WorkloadProfile', 'late', 'bool'), 9);
    d.add(declaring('ClusterProfile', 'early', 'int32'), 1);
    expect(d.declared.get('x')).toMatchObject({ variableType: 'int32', from: 'ClusterProfile early' });
    expect([...d.declared.keys()]).toEqual(['x']);
  });
});
