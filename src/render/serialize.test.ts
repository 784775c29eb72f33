import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../model/index.js';
import { orderObjects, toJson, toYaml } from './serialize.js';

const configMap: KubeObject = {
  data: { yes: 'on', mode: '0755', zeta: 'z', alpha: 'a' },
  metadata: { namespace: 'ml', name: 'cfg' },
  kind: 'ConfigMap',
  apiVersion: 'v1',
};
const repo: KubeObject = {
  spec: { url: 'https://helm.openwebui.com', interval: '10m' },
  kind: 'HelmRepository',
  metadata: { name: 'open-webui' },
  apiVersion: 'source.toolkit.fluxcd.io/v1',
};
const oci: KubeObject = { ...repo, kind: 'OCIRepository', metadata: { name: 'a' } };

describe('toYaml', () => {
  it('puts apiVersion, kind, metadata and spec first and sorts every other key', () => {
    expect(toYaml([{ ...configMap, spec: { b: 1, a: 2 } }])).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: cfg',
        '  namespace: ml',
        'spec:',
        '  a: 2',
        '  b: 1',
        'data:',
        '  alpha: a',
        '  mode: "0755"',
        '  "yes": "on"',
        '  zeta: z',
        '',
      ].join('\n'),
    );
  });

  it('separates documents with --- and writes Flux sources first, by kind then name', () => {
    const text = toYaml([configMap, oci, repo]);
    const docs = parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'HelmRepository/open-webui',
      'OCIRepository/a',
      'ConfigMap/cfg',
    ]);
    expect(text.split('\n').filter((l) => l === '---')).toHaveLength(2);
  });

  it('never writes YAML anchors for shared objects, and round-trips values', () => {
    const shared = { a: 1 };
    const text = toYaml([{ ...configMap, data: { x: shared, y: shared } } as KubeObject]);
    expect(text).not.toMatch(/[&*]a1/);
    expect(parseAllDocuments(text)[0]?.toJS()).toMatchObject({ data: { x: { a: 1 }, y: { a: 1 } } });
  });

  it('writes an empty string for no objects', () => {
    expect(toYaml([])).toBe('');
  });
});

describe('toJson', () => {
  it('writes a v1 List with the same order as the YAML, 2-space indented', () => {
    const text = toJson([configMap, repo]);
    expect(text.startsWith('{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const list = JSON.parse(text) as { items: KubeObject[] };
    expect(list.items.map((o) => o.kind)).toEqual(['HelmRepository', 'ConfigMap']);
    expect(Object.keys(list.items[1] ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'data']);
  });
});

describe('orderObjects', () => {
  it('keeps the given order of everything that is not a Flux source', () => {
    const b = { ...configMap, metadata: { name: 'b' } };
    const a = { ...configMap, metadata: { name: 'a' } };
    expect(orderObjects([b, repo, a]).map((o) => o.metadata.name)).toEqual(['open-webui', 'b', 'a']);
  });
});
