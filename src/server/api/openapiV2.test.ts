import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KINDS } from '../../model/registry.js';
import { openApiV2Document, toV2Schema } from './openapiV2.js';
import { acceptsOpenApiV2Protobuf, encodeOpenApiV2, openApiV2Protobuf } from './openapiV2Proto.js';
import { ProtoWriter } from './protobufWriter.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v ?? {}) as Json;

/** Every schema node of a JSON value (any object under `definitions`, `schema`, `properties`…). */
const walk = function* (v: unknown, path = ''): Generator<[string, Json]> {
  if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* walk(x, `${path}[${i}]`);
  else if (v && typeof v === 'object') {
    yield [path, v as Json];
    for (const [k, x] of Object.entries(v)) yield* walk(x, `${path}.${k}`);
  }
};

/** A protobuf reader for the test: field number → list of values (varints as numbers, else bytes). */
const read = (buf: Uint8Array): Map<number, (number | Uint8Array)[]> => {
  const out = new Map<number, (number | Uint8Array)[]>();
  let i = 0;
  const varint = () => {
    let r = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++]!;
      r += (b & 0x7f) * mul;
      if (b < 0x80) return r;
      mul *= 128;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key % 8;
    let value: number | Uint8Array;
    if (wire === 0) value = varint();
    else if (wire === 1) {
      value = new DataView(buf.buffer, buf.byteOffset + i, 8).getFloat64(0, true);
      i += 8;
    } else if (wire === 2) {
      const len = varint();
      value = buf.subarray(i, i + len);
      i += len;
    } else throw new Error(`wire type ${wire}`);
    out.set(no, [...(out.get(no) ?? []), value]);
  }
  return out;
};
const text = (v: unknown) => new TextDecoder().decode(v as Uint8Array);
const one = (m: Map<number, (number | Uint8Array)[]>, no: number) => m.get(no)?.[0] as Uint8Array;
/** `repeated Named… { name = 1; value = 2 }` → name → value bytes. */
const named = (bytes: (number | Uint8Array)[] | undefined) =>
  new Map(
    (bytes ?? []).map((b) => {
      const e = read(b as Uint8Array);
      return [text(one(e, 1)), one(e, 2)];
    }),
  );
/** A message's vendor extensions (`NamedAny` with `Any.yaml`), parsed. */
const extensions = (m: Map<number, (number | Uint8Array)[]>, no: number) =>
  Object.fromEntries([...named(m.get(no))].map(([k, any]) => [k, parse(text(one(read(any), 2)))]));

describe('the OpenAPI v2 document', () => {
  const doc = openApiV2Document();
  const definitions = obj(doc['definitions']);

  it('is Swagger 2.0 with every kind of every group-version and its list', () => {
    expect(doc['swagger']).toBe('2.0');
    for (const k of KINDS) {
      const prefix = k.group ? k.group.split('.').reverse().join('.') : 'io.k8s.api.core';
      expect(definitions).toHaveProperty([`${prefix}.${k.version}.${k.kind}`]);
      expect(definitions).toHaveProperty([`${prefix}.${k.version}.${k.kind}List`]);
    }
  });

  it('points every $ref at a definition of the document', () => {
    const refs = [...walk(doc)].map(([, s]) => s['$ref']).filter((r) => typeof r === 'string');
    expect(refs.length).toBeGreaterThan(50);
    for (const r of refs) {
      expect(r).toMatch(/^#\/definitions\//);
      expect(definitions).toHaveProperty([(r as string).slice('#/definitions/'.length)]);
    }
  });

  it('keeps only what a v2 reader understands: no anyOf/oneOf/allOf/nullable, arrays with items', () => {
    for (const [path, s] of walk(definitions)) {
      for (const k of ['anyOf', 'oneOf', 'allOf', 'nullable'])
        expect(s, `${path}.${k}`).not.toHaveProperty([k]);
      if (s['type'] === 'array') expect(s['items'], `${path}.items`).toBeTypeOf('object');
    }
  });

  it('declares fieldValidation as a v2 query parameter of every PATCH (kubectl then validates on the server)', () => {
    const patches = Object.values(obj(doc['paths']))
      .map((item) => obj(obj(item)['patch']))
      .filter((op) => op['operationId']);
    expect(patches.length).toBeGreaterThanOrEqual(KINDS.length);
    for (const op of patches) {
      const params = op['parameters'] as Json[];
      expect(params).toContainEqual(
        expect.objectContaining({ name: 'fieldValidation', in: 'query', type: 'string' }),
      );
      expect(params).toContainEqual(expect.objectContaining({ name: 'body', in: 'body', required: true }));
      for (const p of params) expect(p).not.toHaveProperty(['schema', 'type']);
    }
  });

  it('turns a nullable, int-or-string or free value into an untyped one, as kube-apiserver does for CRDs', () => {
    expect(
      toV2Schema({
        type: 'object',
        required: ['a', 'b'],
        properties: {
          a: { type: 'string', nullable: true },
          b: {
            type: 'integer',
            'x-kubernetes-int-or-string': true,
            anyOf: [{ type: 'integer' }, { type: 'string' }],
          },
          c: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: { d: { type: 'string' } },
          },
          e: { description: 'meta', allOf: [{ $ref: '#/components/schemas/X' }] },
        },
      }),
    ).toEqual({
      type: 'object',
      required: ['b'],
      properties: {
        a: {},
        b: { 'x-kubernetes-int-or-string': true },
        c: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        e: { description: 'meta', $ref: '#/definitions/X' },
      },
    });
  });
});

describe('the OpenAPI v2 document as gnostic protobuf (what kubectl 1.27 and 1.28 read)', () => {
  const top = read(openApiV2Protobuf().body);

  it('answers protobuf to the Accept header kubectl sends, JSON otherwise', () => {
    expect(acceptsOpenApiV2Protobuf('application/com.github.proto-openapi.spec.v2@v1.0+protobuf')).toBe(true);
    expect(
      acceptsOpenApiV2Protobuf(
        'application/json, application/com.github.proto-openapi.spec.v2.v1.0+protobuf;q=0.9',
      ),
    ).toBe(true);
    expect(acceptsOpenApiV2Protobuf('application/json')).toBe(false);
    expect(acceptsOpenApiV2Protobuf(undefined)).toBe(false);
  });

  it('carries swagger, info and the definitions with their group-version-kind extension', () => {
    expect(text(one(top, 1))).toBe('2.0');
    expect(text(one(read(one(top, 2)), 1))).toBe('paletteai');
    const defs = named(read(one(top, 9)).get(1));
    expect(defs.size).toBe(Object.keys(obj(openApiV2Document()['definitions'])).length);
    const bundle = read(defs.get('com.spectrocloud.v1beta1.ProfileBundle')!);
    expect(extensions(bundle, 31)).toEqual({
      'x-kubernetes-group-version-kind': [
        { group: 'spectrocloud.com', kind: 'ProfileBundle', version: 'v1beta1' },
      ],
    });
    // type (22) is a TypeItem; properties (25) name spec, whose clusterProfiles is an array with items (23).
    expect(text(one(read(one(bundle, 22)), 1))).toBe('object');
    const props = named(read(one(bundle, 25)).get(1));
    expect([...props.keys()]).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec']));
    expect(text(one(read(props.get('metadata')!), 1))).toBe(
      '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    );
    const spec = named(read(one(read(props.get('spec')!), 25)).get(1));
    const clusterProfiles = read(spec.get('clusterProfiles')!);
    expect(text(one(read(one(clusterProfiles, 22)), 1))).toBe('array');
    expect(read(one(clusterProfiles, 23)).get(1)).toHaveLength(1);
  });

  it('has the PATCH of each item path with its GVK and the fieldValidation query parameter', () => {
    const paths = named(read(one(top, 8)).get(2));
    const item = read(
      paths.get('/apis/spectrocloud.com/v1beta1/namespaces/{namespace}/profilebundles/{name}')!,
    );
    const patch = read(one(item, 8));
    expect(text(one(patch, 5))).toBe('patchSpectrocloudComV1beta1NamespacedProfileBundle');
    expect(extensions(patch, 13)).toMatchObject({
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': {
        group: 'spectrocloud.com',
        kind: 'ProfileBundle',
        version: 'v1beta1',
      },
    });
    // ParametersItem.parameter(1) → Parameter.non_body_parameter(2) → query_parameter_sub_schema(3).name(4)
    const queryNames = (patch.get(8) ?? [])
      .map((p) => read(one(read(p as Uint8Array), 1)))
      .filter((param) => param.has(2))
      .map((param) => read(one(read(one(param, 2)), 3)))
      .map((q) => text(one(q, 4)));
    expect(queryNames).toContain('fieldValidation');
  });
});

describe('ProtoWriter', () => {
  it('writes varints, doubles and strings in the wire format and skips proto3 defaults', () => {
    const w = new ProtoWriter()
      .varint(1, 300)
      .varint(2, 0)
      .double(3, 1.5)
      .string(4, 'hi')
      .string(5, '')
      .varint(6, true);
    expect([...w.finish()]).toEqual([
      0x08, 0xac, 0x02, 0x19, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x22, 0x02, 0x68, 0x69, 0x30, 0x01,
    ]);
  });

  it('encodes an empty document as an empty message', () => {
    expect(encodeOpenApiV2({})).toHaveLength(0);
  });
});
