import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KINDS, type KindInfo } from '../../model/registry.js';
import {
  documentedGroupVersions,
  groupVersionPath,
  openApiV3Document,
  openApiV3DocumentJson,
  openApiV3Hash,
  openApiV3Index,
} from './openapi.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v ?? {}) as Json;

const docFor = (k: KindInfo): Json => {
  const d = openApiV3Document(groupVersionPath(k.group, k.version));
  if (!d) throw new Error(`no document for ${k.apiVersion}`);
  return d;
};

/** What kubectl explain's template does: find the GVK on an operation of the resource's paths. */
const explainGvk = (doc: Json, k: KindInfo): unknown => {
  const prefix = k.group ? `/apis/${k.group}` : '/api';
  const candidates = [
    `${prefix}/${k.version}/${k.plural}`,
    `${prefix}/${k.version}/${k.plural}/{name}`,
    `${prefix}/${k.version}/namespaces/{namespace}/${k.plural}`,
    `${prefix}/${k.version}/namespaces/{namespace}/${k.plural}/{name}`,
  ];
  for (const p of candidates)
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
      const gvk = obj(obj(obj(doc['paths'])[p])[m])['x-kubernetes-group-version-kind'];
      if (gvk) return gvk;
    }
  return undefined;
};

/** What kubectl's field-validation check does: a PATCH operation of the GVK with that parameter. */
const patchSupportsFieldValidation = (doc: Json, k: KindInfo): boolean => {
  for (const path of Object.values(obj(doc['paths']))) {
    const patch = obj(path)['patch'] as Json | undefined;
    if (!patch) continue;
    const gvk = obj(patch['x-kubernetes-group-version-kind']);
    if (gvk['group'] !== k.group || gvk['version'] !== k.version || gvk['kind'] !== k.kind) continue;
    return ((patch['parameters'] as Json[]) ?? []).some((p) => p['name'] === 'fieldValidation');
  }
  return false;
};

const walk = (v: unknown, visit: (node: Json) => void): void => {
  if (Array.isArray(v)) v.forEach((x) => walk(x, visit));
  else if (v && typeof v === 'object') {
    visit(v as Json);
    Object.values(v).forEach((x) => walk(x, visit));
  }
};

describe('openApiV3Index', () => {
  it('names one document per served group-version, with its hash', () => {
    const idx = openApiV3Index();
    expect(Object.keys(idx.paths).sort()).toEqual(
      [
        'api/v1',
        'apis/auth.paletteai.spectrocloud.com/v1',
        'apis/authentication.k8s.io/v1',
        'apis/authentication.k8s.io/v1beta1',
        'apis/authorization.k8s.io/v1',
        'apis/events.k8s.io/v1',
        'apis/source.toolkit.fluxcd.io/v1',
        'apis/spectrocloud.com/v1alpha1',
        'apis/spectrocloud.com/v1beta1',
      ].sort(),
    );
    for (const [key, { serverRelativeURL }] of Object.entries(idx.paths))
      expect(serverRelativeURL).toBe(`/openapi/v3/${key}?hash=${openApiV3Hash(key)}`);
  });
});

describe('openApiV3Document', () => {
  it('accepts the index key with or without the /openapi/v3/ prefix', () => {
    const a = openApiV3Document('apis/spectrocloud.com/v1beta1');
    expect(openApiV3Document('/openapi/v3/apis/spectrocloud.com/v1beta1')).toBe(a);
    expect(openApiV3Document('/apis/spectrocloud.com/v1beta1')).toBe(a);
    expect(openApiV3Document('apis/spectrocloud.com/v9')).toBeUndefined();
    expect(openApiV3Document('apis/apps/v1')).toBeUndefined();
    expect(openApiV3Document('nonsense')).toBeUndefined();
  });

  it.each(KINDS.map((k) => [k.kind, k] as const))('%s: kubectl explain can find its schema', (_, k) => {
    const doc = docFor(k);
    const gvk = explainGvk(doc, k);
    expect(gvk).toEqual({ group: k.group, kind: k.kind, version: k.version });
    const schemas = obj(obj(doc['components'])['schemas']);
    const matching = Object.values(schemas).filter((s) =>
      ((obj(s)['x-kubernetes-group-version-kind'] as unknown[]) ?? []).some(
        (g) => JSON.stringify(g) === JSON.stringify(gvk),
      ),
    );
    expect(matching).toHaveLength(1);
    expect(obj(obj(matching[0])['properties'])['metadata']).toBeDefined();
  });

  it.each(KINDS.map((k) => [k.kind, k] as const))(
    '%s: PATCH advertises fieldValidation (kubectl then validates server-side)',
    (_, k) => {
      expect(patchSupportsFieldValidation(docFor(k), k)).toBe(true);
    },
  );

  it.each(KINDS.map((k) => [k.kind, k] as const))('%s: collection, item and status paths', (_, k) => {
    const paths = obj(docFor(k)['paths']);
    const base = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
    const coll = k.namespaced ? `${base}/namespaces/{namespace}/${k.plural}` : `${base}/${k.plural}`;
    // Operations for the verbs served only: namespaces have no deletecollection, as in kube-apiserver.
    const collection =
      k.kind === 'Namespace' ? ['get', 'parameters', 'post'] : ['delete', 'get', 'parameters', 'post'];
    expect(Object.keys(obj(paths[coll])).sort()).toEqual(collection);
    expect(Object.keys(obj(paths[`${coll}/{name}`])).sort()).toEqual([
      'delete',
      'get',
      'parameters',
      'patch',
      'put',
    ]);
    if (k.kind !== 'Secret' && k.kind !== 'Event')
      expect(Object.keys(obj(paths[`${coll}/{name}/status`])).sort()).toEqual([
        'get',
        'parameters',
        'patch',
        'put',
      ]);
    if (k.namespaced) expect(obj(paths[`${base}/${k.plural}`])['get']).toBeDefined();
    const get = obj(obj(paths[`${coll}/{name}`])['get']);
    const schemaRef = obj(obj(obj(obj(get['responses'])['200'])['content'])['application/json'])['schema'];
    expect(schemaRef).toEqual({ $ref: expect.stringMatching(new RegExp(`\\.${k.kind}$`)) });
  });

  it.each(documentedGroupVersions().map((gv) => [groupVersionPath(gv.group, gv.version)]))(
    '%s: every $ref resolves and no JSON-Schema-only keyword is left',
    (path) => {
      const doc = openApiV3Document(path) as Json;
      const schemas = obj(obj(doc['components'])['schemas']);
      walk(doc, (node) => {
        const r = node['$ref'];
        if (typeof r === 'string') expect(schemas[r.replace('#/components/schemas/', '')], r).toBeDefined();
        expect(node['additionalProperties']).not.toBe(false);
        for (const k of ['patternProperties', 'const', '$id', '$schema']) expect(node).not.toHaveProperty(k);
      });
      expect(doc['openapi']).toBe('3.0.0');
    },
  );

  it('does not let the published schema reject what kubectl adds (last-applied annotation)', () => {
    const meta = obj(
      obj(obj(obj(openApiV3Document('api/v1'))['components'])['schemas'])[
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'
      ],
    );
    expect(obj(obj(meta['properties'])['annotations'])['additionalProperties']).toMatchObject({
      type: 'string',
    });
  });

  it('advertises strategic merge patch only for core kinds (kubectl then sends it)', () => {
    const types = (path: string, item: string) =>
      Object.keys(
        obj(
          obj(obj(obj(obj(obj(openApiV3Document(path))['paths'])[item])['patch'])['requestBody'])['content'],
        ),
      );
    expect(types('api/v1', '/api/v1/namespaces/{namespace}/secrets/{name}')).toContain(
      'application/strategic-merge-patch+json',
    );
    expect(
      types(
        'apis/spectrocloud.com/v1beta1',
        '/apis/spectrocloud.com/v1beta1/namespaces/{namespace}/profilebundles/{name}',
      ),
    ).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
  });
});

describe('openApiV3Hash', () => {
  it('is the sha256 of the served bytes, stable across calls and distinct per document', () => {
    const hashes = documentedGroupVersions().map((gv) => {
      const p = groupVersionPath(gv.group, gv.version);
      const json = openApiV3DocumentJson(p) ?? '';
      expect(json).toBe(JSON.stringify(openApiV3Document(p)));
      expect(openApiV3Hash(p)).toBe(createHash('sha256').update(json).digest('hex').toUpperCase());
      expect(openApiV3Hash(p)).toBe(openApiV3Hash(p));
      return openApiV3Hash(p);
    });
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe('resources the server answers itself', () => {
  const doc = (key: string) => openApiV3Document(key) as Json;

  it('publishes APIToken with the verbs served (no update, patch or deletecollection) and described fields', () => {
    const d = doc('apis/auth.paletteai.spectrocloud.com/v1');
    const paths = obj(d['paths']);
    expect(Object.keys(paths).sort()).toEqual([
      '/apis/auth.paletteai.spectrocloud.com/v1/apitokens',
      '/apis/auth.paletteai.spectrocloud.com/v1/apitokens/{name}',
    ]);
    expect(Object.keys(obj(paths['/apis/auth.paletteai.spectrocloud.com/v1/apitokens'])).sort()).toEqual([
      'get',
      'parameters',
      'post',
    ]);
    expect(
      Object.keys(obj(paths['/apis/auth.paletteai.spectrocloud.com/v1/apitokens/{name}'])).sort(),
    ).toEqual(['delete', 'get', 'parameters']);
    const schemas = obj(obj(d['components'])['schemas']);
    const token = obj(schemas['com.spectrocloud.paletteai.auth.v1.APIToken']);
    expect(token['x-kubernetes-group-version-kind']).toEqual([
      { group: 'auth.paletteai.spectrocloud.com', kind: 'APIToken', version: 'v1' },
    ]);
    const spec = obj(obj(token['properties'])['spec']);
    expect(obj(obj(spec['properties'])['role'])['enum']).toEqual([
      'viewer',
      'editor',
      'admin',
      'cluster-admin',
    ]);
    expect(String(obj(obj(token['properties'])['status'])['description'])).toMatch(/create/);
    expect(schemas['com.spectrocloud.paletteai.auth.v1.APITokenList']).toBeDefined();
  });

  it.each([
    [
      'apis/authorization.k8s.io/v1',
      'selfsubjectaccessreviews',
      'io.k8s.authorization.v1.SelfSubjectAccessReview',
    ],
    ['apis/authentication.k8s.io/v1', 'selfsubjectreviews', 'io.k8s.authentication.v1.SelfSubjectReview'],
    [
      'apis/authentication.k8s.io/v1beta1',
      'selfsubjectreviews',
      'io.k8s.authentication.v1beta1.SelfSubjectReview',
    ],
  ])('%s: %s is create-only, with no list schema', (key, plural, schema) => {
    const d = doc(key);
    expect(Object.keys(obj(d['paths']))).toEqual([`/${key}/${plural}`]);
    expect(Object.keys(obj(obj(d['paths'])[`/${key}/${plural}`])).sort()).toEqual(['parameters', 'post']);
    const schemas = obj(obj(d['components'])['schemas']);
    expect(schemas[schema]).toBeDefined();
    expect(schemas[`${schema}List`]).toBeUndefined();
  });
});
