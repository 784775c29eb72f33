import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../model/metadata.js';
import { KINDS } from '../../model/registry.js';
import { age, humanDuration } from './age.js';
import { parseIncludeObject, tableColumns, toTable } from './table.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

const obj = (kind: string, spec: unknown = {}, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind,
  metadata: { name: 'x', namespace: 'ns', creationTimestamp: '2025-06-01T11:00:00Z' },
  spec,
  ...extra,
});
const cells = (o: KubeObject) => toTable(o.kind, [o], { now: NOW }).rows[0]?.cells;

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [0, '0s'],
    [-900, '0s'],
    [-2 * S, '<invalid>'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [3 * M + 20 * S, '3m20s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [4 * H + 10 * M, '4h10m'],
    [8 * H + 59 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 4 * H, '2d4h'],
    [8 * D + 4 * H, '8d'],
    [729 * D, '729d'],
    [2 * 365 * D + 30 * D, '2y30d'],
    [9 * 365 * D, '9y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('reads creation timestamps, <unknown> when absent', () => {
    expect(age('2025-06-01T11:59:55Z', NOW)).toBe('5s');
    expect(age(undefined, NOW)).toBe('<unknown>');
    expect(age(null, NOW)).toBe('<unknown>');
    expect(age('yesterday', NOW)).toBe('<unknown>');
  });
});

describe('tableColumns', () => {
  it.each(KINDS.map((k) => [k.kind]))('%s: Name first, Age last', (kind) => {
    const cols = tableColumns(kind);
    expect(cols[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(cols.at(-1)).toMatchObject({ name: 'Age', type: 'date' });
  });

  it('has the columns of each kind', () => {
    const names = (kind: string) => tableColumns(kind).map((c) => c.name);
    expect(names('ProfileBundle')).toEqual(['Name', 'Type', 'Version', 'Phase', 'Engine', 'Age']);
    expect(names('WorkloadProfile')).toEqual(['Name', 'Type', 'Revision', 'Age']);
    expect(names('ClusterProfile')).toEqual(['Name', 'Type', 'Cloud', 'Version', 'Age']);
    expect(names('ComputePool')).toEqual(['Name', 'Bundle', 'Variant', 'Phase', 'Age']);
    expect(names('AIWorkload')).toEqual(['Name', 'Type', 'Bundles', 'Pool', 'Phase', 'Age']);
    expect(names('Project')).toEqual(['Name', 'Serves', 'Mappings', 'Age']);
    expect(names('HelmRepository')).toEqual(['Name', 'URL', 'Age']);
    expect(names('OCIRepository')).toEqual(['Name', 'URL', 'Age']);
    expect(names('Secret')).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(names('Namespace')).toEqual(['Name', 'Status', 'Age']);
    expect(names('VariableSet')).toEqual(['Name', 'Age']);
  });
});

describe('toTable cells', () => {
  it('ProfileBundle: type, version, phase, engine label', () => {
    const o = obj(
      'ProfileBundle',
      { type: 'Fullstack', version: '1.2.0' },
      {
        metadata: {
          name: 'vllm-llama3',
          creationTimestamp: '2025-06-01T11:00:00Z',
          labels: { 'palette.ai/inference-engine': 'vllm' },
        },
        status: { phase: 'Ready' },
      },
    );
    expect(cells(o)).toEqual(['vllm-llama3', 'Fullstack', '1.2.0', 'Ready', 'vllm', '60m']);
  });

  it('missing values are null (kubectl prints <none>)', () => {
    expect(cells(obj('ProfileBundle', {}))).toEqual(['x', null, null, null, null, '60m']);
    expect(cells(obj('WorkloadProfile', { type: 'Model' }))).toEqual(['x', 'Model', null, '60m']);
  });

  it('WorkloadProfile revision and ClusterProfile cloud', () => {
    expect(cells(obj('WorkloadProfile', { type: 'Model' }, { status: { revision: 3 } }))).toEqual([
      'x',
      'Model',
      3,
      '60m',
    ]);
    expect(
      cells(obj('ClusterProfile', { type: 'Infrastructure', cloudType: 'edge-native', version: '1.0.0' })),
    ).toEqual(['x', 'Infrastructure', 'edge-native', '1.0.0', '60m']);
  });

  it('ComputePool variant and AIWorkload bundles/pool', () => {
    expect(
      cells(obj('ComputePool', { profileBundleRef: { name: 'infra' }, clusterVariant: { dedicated: {} } })),
    ).toEqual(['x', 'infra', 'dedicated', null, '60m']);
    const aiw = obj(
      'AIWorkload',
      { profileBundleRefs: [{ name: 'a' }, { name: 'b' }], dedicatedComputePool: {} },
      {
        metadata: { name: 'chat', labels: { 'palette.ai/aiworkload-type': 'model' } },
        status: { phase: 'Running' },
      },
    );
    expect(cells(aiw)).toEqual(['chat', 'model', 'a,b', 'dedicated', 'Running', '<unknown>']);
    expect(cells(obj('AIWorkload', { computePoolRef: { name: 'gpu' } }))).toEqual([
      'x',
      null,
      null,
      'gpu',
      null,
      '60m',
    ]);
  });

  it('Project, Flux repositories, Secret, Namespace', () => {
    expect(cells(obj('Project', { namespace: 'p', maasMappings: [{}, {}] }))).toEqual(['x', 'p', 2, '60m']);
    expect(cells(obj('HelmRepository', { url: 'https://charts' }))).toEqual(['x', 'https://charts', '60m']);
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', creationTimestamp: '2025-06-01T11:00:00Z' },
      data: { a: 'YQ==', b: 'Yg==' },
      stringData: { c: 'c' },
    };
    expect(cells(secret)).toEqual(['s', 'Opaque', 3, '60m']);
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } };
    expect(cells(ns)).toEqual(['n', 'Active', '<unknown>']);
  });
});

describe('toTable', () => {
  const o = obj('ProfileBundle', { type: 'Application', version: '1.0.0' }, { status: { phase: 'Ready' } });

  it('is a meta.k8s.io/v1 Table with PartialObjectMetadata rows by default', () => {
    const t = toTable('ProfileBundle', [o, o], {
      now: NOW,
      listMeta: { resourceVersion: '42', continue: 'c' },
    });
    expect(t).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '42', continue: 'c' },
    });
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: o.metadata,
    });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it('follows includeObject and the accepted version', () => {
    expect(toTable('ProfileBundle', [o], { includeObject: 'Object' }).rows[0]?.object).toBe(o);
    expect(toTable('ProfileBundle', [o], { includeObject: 'None' }).rows[0]).not.toHaveProperty('object');
    const beta = toTable('ProfileBundle', [o], { version: 'v1beta1' });
    expect(beta.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(beta.rows[0]?.object).toMatchObject({ apiVersion: 'meta.k8s.io/v1beta1' });
  });

  it('can leave out the column definitions (later watch events)', () => {
    expect(toTable('ProfileBundle', [o], { noHeaders: true }).columnDefinitions).toEqual([]);
  });

  it('parses includeObject', () => {
    expect(parseIncludeObject('Object')).toBe('Object');
    expect(parseIncludeObject(null)).toBeUndefined();
    expect(parseIncludeObject('object')).toBeUndefined();
  });
});
