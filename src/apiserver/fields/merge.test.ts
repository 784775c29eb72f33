import { describe, expect, it } from 'vitest';
import { fieldElement as f, FieldSet, keyElement as k, pathString } from './fieldSet.js';
import { compare, fieldSetOf, listElements } from './fieldsOf.js';
import { mergeValues, prune } from './merge.js';
import { childShape, shapeOfKind, type Shape } from './shape.js';

const at = (shape: Shape, ...names: string[]): Shape =>
  names.reduce<Shape>((s, n) => {
    const c = s.kind === 'list' ? s.elem : childShape(s, n);
    if (!c) throw new Error(`no ${n}`);
    return c;
  }, shape);

const PB = shapeOfKind('ProfileBundle');
const paths = (s: FieldSet) => s.paths().map(pathString);
const pools = (machinePools: object[], extra: object = {}) => ({
  spec: { paletteClusterDeploymentConfig: { machinePools }, ...extra },
});

describe('the topology read from the schemas', () => {
  it.each([
    ['ProfileBundle', ['spec', 'clusterProfiles'], ['name']],
    ['ProfileBundle', ['spec', 'workloadProfiles'], ['name']],
    ['ProfileBundle', ['spec', 'variableSet', 'variables'], ['name']],
    ['ProfileBundle', ['spec', 'workloadProfileDependencies', 'helmRepositories'], ['name']],
    ['WorkloadProfile', ['spec', 'workload', 'components'], ['name']],
    ['VariableSet', ['spec', 'variables'], ['name']],
    ['ComputePool', ['spec', 'paletteClusterDeploymentConfig', 'machinePools'], ['name']],
    ['Project', ['spec', 'maasMappings'], ['name']],
    ['VariableSet', ['status', 'conditions'], ['type']],
  ])('%s %j is an associative list keyed by %j', (kind, path, keys) => {
    const s = at(shapeOfKind(kind), ...path);
    expect(s).toMatchObject({ kind: 'list', listType: 'map', keys });
  });

  it.each([
    ['ComputePool', ['spec', 'paletteClusterDeploymentConfig', 'machinePools', '*', 'edgeHostUids']],
    ['ClusterProfile', ['spec', 'layers']],
    ['ComponentDefinition', ['spec', 'template']],
    ['Namespace', ['spec', 'finalizers']],
  ])('%s %j is atomic', (kind, path) => {
    expect(at(shapeOfKind(kind), ...path)).toMatchObject({ kind: 'list', listType: 'atomic' });
  });

  it('types ObjectMeta as Kubernetes does: labels a map, finalizers a set, ownerReferences keyed by uid', () => {
    expect(at(PB, 'metadata', 'labels')).toMatchObject({ kind: 'map' });
    expect(at(PB, 'metadata', 'finalizers')).toMatchObject({ kind: 'list', listType: 'set' });
    expect(at(PB, 'metadata', 'ownerReferences')).toMatchObject({ listType: 'map', keys: ['uid'] });
  });

  it('falls back to atomic for a list it cannot key (duplicates, missing key)', () => {
    const s = at(PB, 'spec', 'clusterProfiles');
    expect(listElements(s, [{ name: 'a' }, { name: 'b' }])).toEqual([k({ name: 'a' }), k({ name: 'b' })]);
    expect(listElements(s, [{ name: 'a' }, { name: 'a' }])).toBeUndefined();
    expect(listElements(s, [{ version: '1' }])).toBeUndefined();
  });
});

describe('fieldSetOf (what an applied configuration owns)', () => {
  it('owns leaves, map keys and list items, not the named fields that lead to them', () => {
    const owned = fieldSetOf(
      {
        metadata: { labels: { app: 'x' } },
        spec: { version: '1.0.0', clusterProfiles: [{ name: 'edge', version: '2' }], variableSet: {} },
      },
      PB,
    );
    expect(owned.toFieldsV1()).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:clusterProfiles': { 'k:{"name":"edge"}': { '.': {}, 'f:name': {}, 'f:version': {} } },
        'f:variableSet': {},
        'f:version': {},
      },
    });
  });

  it('owns an atomic list as one field and leaves out fields the schema does not know', () => {
    const owned = fieldSetOf(
      pools([{ name: 'p', edgeHostUids: ['a', 'b'] }], { bogus: 1 }),
      shapeOfKind('ComputePool'),
    );
    expect(paths(owned)).toEqual([
      '.spec.paletteClusterDeploymentConfig.machinePools[name="p"]',
      '.spec.paletteClusterDeploymentConfig.machinePools[name="p"].edgeHostUids',
      '.spec.paletteClusterDeploymentConfig.machinePools[name="p"].name',
    ]);
  });
});

describe('compare', () => {
  it('reports added, modified and removed fields, list items by key', () => {
    const c = compare(
      {
        spec: {
          version: '1',
          description: 'd',
          clusterProfiles: [{ name: 'a' }, { name: 'b', version: '1' }],
        },
      },
      { spec: { version: '2', clusterProfiles: [{ name: 'b', version: '2' }, { name: 'c' }] } },
      PB,
    );
    expect(paths(c.modified)).toEqual(['.spec.clusterProfiles[name="b"].version', '.spec.version']);
    expect(paths(c.added)).toEqual([
      '.spec.clusterProfiles[name="c"]',
      '.spec.clusterProfiles[name="c"].name',
    ]);
    expect(paths(c.removed)).toEqual([
      '.spec.clusterProfiles[name="a"]',
      '.spec.clusterProfiles[name="a"].name',
      '.spec.description',
    ]);
  });

  it('sees nothing between equal values, and a reordered associative list as equal', () => {
    const a = { spec: { clusterProfiles: [{ name: 'a' }, { name: 'b' }] } };
    const b = { spec: { clusterProfiles: [{ name: 'b' }, { name: 'a' }] } };
    const c = compare(a, b, PB);
    expect([c.added, c.modified, c.removed].every((s) => s.isEmpty())).toBe(true);
  });
});

describe('mergeValues', () => {
  it('merges objects by field and associative lists by key, keeping live-only items where they were', () => {
    const live = {
      metadata: { labels: { a: '1', b: '2' } },
      spec: { version: '1', clusterProfiles: [{ name: 'x' }, { name: 'keep' }, { name: 'y', version: '1' }] },
    };
    const config = {
      metadata: { labels: { b: '3' } },
      spec: { clusterProfiles: [{ name: 'y', version: '2' }, { name: 'x' }, { name: 'new' }] },
    };
    expect(mergeValues(live, config, PB)).toEqual({
      metadata: { labels: { a: '1', b: '3' } },
      spec: {
        version: '1',
        clusterProfiles: [{ name: 'y', version: '2' }, { name: 'x' }, { name: 'keep' }, { name: 'new' }],
      },
    });
  });

  it('replaces atomic lists and scalars whole', () => {
    const s = shapeOfKind('ComputePool');
    const merged = mergeValues(
      pools([{ name: 'p', edgeHostUids: ['a', 'b'], labels: ['l'] }]),
      pools([{ name: 'p', edgeHostUids: ['c'] }]),
      s,
    );
    expect(merged).toEqual(pools([{ name: 'p', edgeHostUids: ['c'], labels: ['l'] }]));
  });

  it('keeps "__proto__" and "constructor" as plain fields, never touching a prototype', () => {
    const merged = mergeValues({}, JSON.parse('{"__proto__":{"x":1},"constructor":{"y":2}}'), PB) as object;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(merged)).toBe('{"__proto__":{"x":1},"constructor":{"y":2}}');
  });
});

describe('prune', () => {
  const last = fieldSetOf(
    {
      metadata: { labels: { a: '1' } },
      spec: { description: 'd', clusterProfiles: [{ name: 'x' }, { name: 'y' }] },
    },
    PB,
  );

  it('removes what the manager applied last time and nobody owns now, and what that emptied', () => {
    const value = {
      metadata: { labels: { a: '1' } },
      spec: { version: '1', description: 'd', clusterProfiles: [{ name: 'x' }, { name: 'y' }] },
    };
    const now = fieldSetOf({ spec: { clusterProfiles: [{ name: 'x' }] } }, PB);
    expect(prune(value, PB, last, now)).toEqual({ spec: { version: '1', clusterProfiles: [{ name: 'x' }] } });
  });

  it('keeps what another manager owns, or owns something below, with the key of a kept item', () => {
    const value = {
      spec: { description: 'd', clusterProfiles: [{ name: 'x' }, { name: 'y', version: '3' }] },
    };
    const others = FieldSet.of(
      [f('spec'), f('description')],
      [f('spec'), f('clusterProfiles'), k({ name: 'y' }), f('version')],
    );
    expect(prune(value, PB, last, others)).toEqual({
      spec: { description: 'd', clusterProfiles: [{ name: 'y', version: '3' }] },
    });
  });

  it('never touches what the manager did not apply', () => {
    const value = { spec: { version: '1' } };
    expect(prune(value, PB, last, FieldSet.empty())).toBe(value);
  });
});
