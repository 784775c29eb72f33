import { Ajv } from 'ajv';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { columnsFor } from '../../kinds/index.js';
import { loadFiles } from '../../loader/index.js';
import { findKind, type KubeObject } from '../../model/index.js';
import { modelProblems } from '../../testing/kubeModels.js';
import { apiResourceList } from '../api/discovery.js';
import { kindSchema } from '../api/openapiSchema.js';
import {
  crdKinds,
  customResourceDefinition,
  customResourceDefinitions,
  printerColumns,
} from './customResourceDefinitions.js';
import { crdSchema } from './structural.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- schemas are walked as loose JSON
type Json = Record<string, any>;
const EXAMPLES = fileURLToPath(new URL('../../../examples/valid', import.meta.url));

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
/** Keys apiextensions v1 refuses in a CRD schema. */
const FORBIDDEN = [
  '$ref',
  '$schema',
  'definitions',
  'dependencies',
  'patternProperties',
  'additionalItems',
  'id',
  'default',
];
/** What a node inside allOf/anyOf/oneOf/not must not set (structural schema rule 3). */
const NOT_IN_JUNCTORS = ['type', 'description', 'default', 'additionalProperties', 'nullable'];
const INT_OR_STRING_ANY_OF = [{ type: 'integer' }, { type: 'string' }];

/**
 * The apiextensions structural schema rules (kubernetes.io, "Specifying a structural schema") and
 * what CRD validation refuses besides, as problems at a path.
 */
const structuralProblems = (node: Json, path: string, inJunctor = false): string[] => {
  const p: string[] = [];
  for (const k of FORBIDDEN) if (k in node) p.push(`${path}: ${k} is not allowed`);
  if (node['uniqueItems'] === true) p.push(`${path}: uniqueItems: true is not allowed`);
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'];
  if (preserve !== undefined && preserve !== true)
    p.push(`${path}: x-kubernetes-preserve-unknown-fields must be true`);
  if (inJunctor) {
    for (const k of NOT_IN_JUNCTORS) if (k in node) p.push(`${path}: ${k} inside a junctor`);
  } else if (intOrString) {
    if ('type' in node) p.push(`${path}: int-or-string with a type`);
  } else if (!TYPES.has(node['type']) && preserve !== true) p.push(`${path}: no type`);
  if (node['type'] === 'array' && !node['items']) p.push(`${path}: array without items`);
  if ('properties' in node && 'additionalProperties' in node)
    p.push(`${path}: properties and additionalProperties`);
  if ('additionalProperties' in node && typeof node['additionalProperties'] !== 'object')
    p.push(`${path}: additionalProperties must be a schema`);
  for (const r of node['required'] ?? [])
    if (!node['properties']?.[r]) p.push(`${path}: required ${r} is not a property`);
  for (const v of node['enum'] ?? [])
    if (node['type'] && (node['type'] === 'integer' ? !Number.isInteger(v) : typeof v !== node['type']))
      p.push(`${path}: enum value ${JSON.stringify(v)} is not a ${node['type']}`);
  if (typeof node['pattern'] === 'string' && /\(\?[=!<]|\\[1-9]/.test(node['pattern']))
    p.push(`${path}: pattern is not RE2 (lookaround or backreference)`);
  for (const [k, v] of Object.entries(node['properties'] ?? {}))
    p.push(...structuralProblems(v as Json, `${path}.${k}`, inJunctor));
  if (node['items']) p.push(...structuralProblems(node['items'], `${path}[]`, inJunctor));
  if (typeof node['additionalProperties'] === 'object')
    p.push(...structuralProblems(node['additionalProperties'], `${path}{}`, inJunctor));
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (!(j in node)) continue;
    if (intOrString && j === 'anyOf') {
      if (JSON.stringify(node[j]) !== JSON.stringify(INT_OR_STRING_ANY_OF))
        p.push(`${path}: int-or-string anyOf is not [{integer}, {string}]`);
      continue;
    }
    (node[j] as Json[]).forEach((b, i) => p.push(...structuralProblems(b, `${path}.${j}[${i}]`, true)));
    // Rule 2: what a junctor names must be declared outside it too.
    for (const b of node[j] as Json[])
      for (const k of Object.keys(b['properties'] ?? {}))
        if (!node['properties']?.[k]) p.push(`${path}: ${j} names ${k}, not declared outside it`);
  }
  if ('not' in node) p.push(...structuralProblems(node['not'], `${path}.not`, true));
  return p;
};

/** Rule 4 and the root: an object whose metadata restricts nothing (but name and generateName). */
const rootProblems = (root: Json): string[] => {
  const p = root['type'] === 'object' ? [] : ['root: type must be object'];
  const meta = root['properties']?.['metadata'] ?? {};
  if (meta['type'] !== 'object') p.push('metadata: type must be object');
  for (const k of Object.keys(meta['properties'] ?? {}))
    if (k !== 'name' && k !== 'generateName') p.push(`metadata: restricts ${k}`);
  return p;
};

/** Paths of every node with `x-kubernetes-preserve-unknown-fields: true`. */
const preserving = (node: Json, path: string, out: string[] = []): string[] => {
  if (node['x-kubernetes-preserve-unknown-fields'] === true) out.push(path);
  for (const [k, v] of Object.entries(node['properties'] ?? {})) preserving(v as Json, `${path}.${k}`, out);
  if (node['items']) preserving(node['items'], `${path}[]`, out);
  if (typeof node['additionalProperties'] === 'object')
    preserving(node['additionalProperties'], `${path}{}`, out);
  return out;
};

/** The node at a `preserving` path in another schema. */
const nodeAt = (root: Json, path: string): Json | undefined => {
  let cur: Json | undefined = root;
  for (const m of path.matchAll(/\.([^.[{]+)|(\[\])|(\{\})/g)) {
    if (!cur) return undefined;
    cur = m[1] !== undefined ? cur['properties']?.[m[1]] : m[2] ? cur['items'] : cur['additionalProperties'];
  }
  return cur;
};

/** Every `description` with its path. */
const descriptions = (node: Json, path: string, out = new Map<string, string>()): Map<string, string> => {
  if (typeof node['description'] === 'string') out.set(path, node['description']);
  for (const [k, v] of Object.entries(node['properties'] ?? {})) descriptions(v as Json, `${path}.${k}`, out);
  if (node['items']) descriptions(node['items'], `${path}[]`, out);
  if (typeof node['additionalProperties'] === 'object')
    descriptions(node['additionalProperties'], `${path}{}`, out);
  return out;
};

/** A simple JSONPath (`.metadata.labels.palette\.ai/x`) read the way kubectl reads a column's. */
const readJsonPath = (o: unknown, jsonPath: string): unknown =>
  jsonPath
    .slice(1)
    .split(/(?<!\\)\./)
    .map((s) => s.replace(/\\\./g, '.'))
    .reduce<unknown>((cur, seg) => (cur && typeof cur === 'object' ? (cur as Json)[seg] : undefined), o);

describe('paletteai crds: the CustomResourceDefinitions', () => {
  const crds = customResourceDefinitions() as Json[];

  it('cover every spectrocloud.com kind, and the Flux source kinds only when asked', () => {
    expect(crds.map((c) => c.metadata.name).sort()).toEqual(
      [
        'aiworkloads',
        'clusterprofiles',
        'componentdefinitions',
        'computepools',
        'profilebundles',
        'projects',
        'settings',
        'variablesets',
        'workloaddeployments',
        'workloadprofiles',
      ].map((p) => `${p}.spectrocloud.com`),
    );
    const withFlux = customResourceDefinitions({ flux: true }) as Json[];
    expect(withFlux.map((c) => c.metadata.name).filter((n) => !n.endsWith('.spectrocloud.com'))).toEqual([
      'helmrepositories.source.toolkit.fluxcd.io',
      'ocirepositories.source.toolkit.fluxcd.io',
    ]);
    expect(crdKinds({ flux: true }).map((k) => k.kind)).not.toContain('Secret');
  });

  it('name, scope, short names, categories and the status subresource as discovery serves them', () => {
    for (const crd of customResourceDefinitions({ flux: true }) as Json[]) {
      const v = crd.spec.versions[0];
      const list = apiResourceList(crd.spec.group, v.name)!;
      const served = list.resources.find((r) => r.name === crd.spec.names.plural)!;
      expect(crd.spec.names).toMatchObject({
        kind: served.kind,
        singular: served.singularName,
        listKind: `${served.kind}List`,
      });
      expect(crd.spec.names.shortNames).toEqual(served.shortNames);
      expect(crd.spec.names.categories).toEqual(served.categories);
      expect(crd.spec.scope).toBe(served.namespaced ? 'Namespaced' : 'Cluster');
      expect(crd.spec.versions).toHaveLength(1);
      expect(v).toMatchObject({ served: true, storage: true });
      const hasStatus = list.resources.some((r) => r.name === `${crd.spec.names.plural}/status`);
      expect(v.subresources).toEqual(hasStatus ? { status: {} } : undefined);
    }
    expect((customResourceDefinition(findKind('ProfileBundle')!) as Json).spec.names).toEqual({
      kind: 'ProfileBundle',
      listKind: 'ProfileBundleList',
      plural: 'profilebundles',
      singular: 'profilebundle',
      shortNames: ['pb'],
      categories: ['paletteai'],
    });
  });

  it('have structural schemas: no $ref, a type on every node, no additionalProperties beside properties', () => {
    for (const crd of customResourceDefinitions({ flux: true }) as Json[]) {
      const root = crd.spec.versions[0].schema.openAPIV3Schema as Json;
      expect([...rootProblems(root), ...structuralProblems(root, crd.spec.names.kind)]).toEqual([]);
      expect(JSON.stringify(root)).not.toContain('$ref');
    }
  });

  it('the structural check finds what apiextensions would refuse', () => {
    const broken = {
      type: 'object',
      properties: {
        metadata: { type: 'object', properties: { labels: { type: 'object' } } },
        a: { properties: { b: { type: 'string' } } },
        c: {
          type: 'object',
          properties: { d: { type: 'string' } },
          additionalProperties: { type: 'string' },
        },
        e: { type: 'object', anyOf: [{ type: 'object', properties: { f: { type: 'string' } } }] },
        g: { type: 'array', uniqueItems: true, items: { $ref: '#/x' } },
      },
    };
    const found = [...rootProblems(broken), ...structuralProblems(broken, 'X')].join('\n');
    for (const expected of [
      'metadata: restricts labels',
      'X.a: no type',
      'X.c: properties and additionalProperties',
      'X.e.anyOf[0]: type inside a junctor',
      'X.e: anyOf names f, not declared outside it',
      'X.g: uniqueItems: true is not allowed',
      'X.g[]: $ref is not allowed',
    ])
      expect(found).toContain(expected);
  });

  it('preserve unknown fields only where the schema is open, or a union no structural schema can say', () => {
    const loosened: string[] = [];
    for (const k of crdKinds({ flux: true })) {
      const published = kindSchema(k) as Json;
      for (const path of preserving(crdSchema(k), k.kind)) {
        const source = nodeAt(published, path.slice(k.kind.length))!;
        if (source['x-kubernetes-preserve-unknown-fields'] === true) continue; // open in the schema
        expect(source['anyOf'] ?? source['oneOf'], path).toBeDefined();
        loosened.push(path);
      }
    }
    // Variable values that may be a string, a number or a boolean: the webhook checks them.
    expect(loosened).toEqual([
      'ComputePool.spec.variables{}',
      'AIWorkload.spec.dedicatedComputePool.variables{}',
      'AIWorkload.spec.workloadDeploymentConfigs[].variables{}',
      'AIWorkload.status.history[].spec.workloadDeploymentConfigs[].variables{}',
      'WorkloadDeployment.spec.variables{}',
    ]);
    // A Helm values map is open in the schema, and stays so.
    const wp = crdSchema(findKind('WorkloadProfile')!) as Json;
    expect(JSON.stringify(wp)).toContain('"x-kubernetes-preserve-unknown-fields":true');
  });

  it('keep every description of the published schema', () => {
    for (const k of crdKinds({ flux: true })) {
      const published = descriptions(kindSchema(k) as Json, '');
      const crd = descriptions(crdSchema(k), '');
      for (const [path, text] of published)
        if (!path.startsWith('.metadata')) expect(crd.get(path), `${k.kind}${path}`).toBe(text);
    }
  });

  it('keep int-or-string fields as Kubernetes spells them, the string pattern on the node', () => {
    const vs = crdSchema(findKind('VariableSet')!) as Json;
    const int64 = vs['properties'].spec.properties.variables.items.properties.value.properties.int64;
    expect(int64).toEqual({
      description: 'One of: integer, string.',
      'x-kubernetes-int-or-string': true,
      pattern: '^-?[0-9]{1,19}$',
      anyOf: INT_OR_STRING_ANY_OF,
    });
  });

  it('are valid CustomResourceDefinitions by the Kubernetes API types (every field known, typed, required ones there)', () => {
    for (const crd of customResourceDefinitions({ flux: true }))
      expect(modelProblems(crd, 'V1CustomResourceDefinition')).toEqual([]);
    const typo = structuredClone(crds[0]!);
    typo.spec.versions[0].additionalPrinterColumns[0].JSONPath = '.spec.x';
    delete typo.spec.scope;
    expect(modelProblems(typo, 'V1CustomResourceDefinition')).toEqual([
      '$.spec.versions[0].additionalPrinterColumns[0].JSONPath: unknown field of V1CustomResourceColumnDefinition',
      '$.spec.scope: required by V1CustomResourceDefinitionSpec',
    ]);
  });

  it("print the kind modules' columns a JSONPath can show, the same cells as the server's tables, then Age", async () => {
    expect(printerColumns('ProfileBundle').map((c) => `${c.name}=${c.jsonPath}`)).toEqual([
      'Type=.spec.type',
      'Version=.spec.version',
      'Phase=.status.phase',
      'Engine=.metadata.labels.palette\\.ai/inference-engine',
      'Age=.metadata.creationTimestamp',
    ]);
    const loaded = await loadFiles([EXAMPLES]);
    const objects = loaded.documents.map((d) => d.object as KubeObject).filter((o) => findKind(o.kind));
    let compared = 0;
    for (const o of objects) {
      const withStatus = {
        ...o,
        status: { phase: 'Ready', revision: 3, artifact: { digest: `sha256:${'a'.repeat(64)}` } },
      };
      for (const c of columnsFor(o.kind)) {
        if (!c.jsonPath) continue;
        const read = readJsonPath(withStatus, c.jsonPath);
        const cell = c.value(withStatus);
        expect(read === undefined ? null : String(read), `${o.kind} ${o.metadata.name} ${c.name}`).toBe(
          cell === null ? null : String(cell),
        );
        if (cell !== null) compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});

/**
 * What kube-apiserver's pruning would drop from `value` under a structural schema: fields no
 * `properties` names, where neither `additionalProperties` nor preserve-unknown-fields keeps them.
 */
const pruned = (value: unknown, node: Json, path: string): string[] => {
  if (node['x-kubernetes-preserve-unknown-fields'] === true || value === null || typeof value !== 'object')
    return [];
  if (Array.isArray(value))
    return node['items'] ? value.flatMap((v, i) => pruned(v, node['items'], `${path}[${i}]`)) : [];
  return Object.entries(value as Json).flatMap(([k, v]) => {
    const child =
      node['properties']?.[k] ??
      (typeof node['additionalProperties'] === 'object' ? node['additionalProperties'] : undefined);
    return child ? pruned(v, child, `${path}.${k}`) : [`${path}.${k}`];
  });
};

describe('objects in a cluster with the CRDs', () => {
  it('every valid example passes its CRD schema, and pruning drops nothing from it', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const objects = (await loadFiles([EXAMPLES])).documents.map((d) => d.object as KubeObject);
    const byKind = new Map(crdKinds({ flux: true }).map((k) => [k.kind, ajv.compile(crdSchema(k))]));
    let checked = 0;
    for (const o of objects) {
      const validate = byKind.get(o.kind);
      if (!validate) continue;
      const stored = { ...o, metadata: { ...o.metadata, uid: 'u', generation: 1 } };
      expect(validate(stored) ? [] : validate.errors, `${o.kind} ${o.metadata.name}`).toEqual([]);
      // ObjectMeta is the API server's own: the CRD's schema does not prune it.
      const { metadata: _m, ...rest } = stored;
      expect(pruned(rest, crdSchema(findKind(o.kind)!), o.kind), `${o.kind} ${o.metadata.name}`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('a CRD schema still refuses what the structural schema can say (a bad enum, a wrong type)', () => {
    const validate = new Ajv({ strict: false }).compile(crdSchema(findKind('ProfileBundle')!));
    expect(
      validate({
        apiVersion: 'spectrocloud.com/v1beta1',
        kind: 'ProfileBundle',
        metadata: { name: 'b' },
        spec: { type: 'Fulstack', version: '1.0.0' },
      }),
    ).toBe(false);
    expect(
      validate({
        apiVersion: 'spectrocloud.com/v1beta1',
        kind: 'ProfileBundle',
        metadata: { name: 'b' },
        spec: { type: 'Fullstack', version: 1 },
      }),
    ).toBe(false);
  });
});

describe('the paletteai crds command', () => {
  it('prints YAML documents separated by ---, or a v1 List with -o json; exit 2 for an unknown format', async () => {
    const { cli } = await import('../../../test/cli.js');
    const yaml = await cli('crds');
    expect(yaml.code).toBe(0);
    const docs = parseAllDocuments(yaml.stdout).map((d) => d.toJS());
    expect(
      yaml.stdout.startsWith('---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n'),
    ).toBe(true);
    expect(docs).toEqual(customResourceDefinitions());
    const json = await cli('crds', '--with-flux', '-o', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: customResourceDefinitions({ flux: true }),
    });
    const bad = await cli('crds', '-o', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/xml.*invalid|Allowed choices/i);
  });
});
