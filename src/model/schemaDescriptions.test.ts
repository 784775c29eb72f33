/**
 * Every field of every kind's schema carries a `description`: they are what `kubectl explain` and
 * the web UI's forms show. The walk looks at the TypeBox schemas as the published OpenAPI schema
 * does (src/server/api/openapiSchema.ts `toOpenApiSchema`, not imported: the model sits below the
 * server): through `properties`, `items`, map values (`patternProperties` of `Type.Record`,
 * `additionalProperties`) and the branches of `anyOf`/`oneOf`/`allOf`; a union with one non-null
 * branch (`Type.Union([X, Type.Null()])`) is published as that branch, so its description counts.
 * An undescribed union of typed branches is published with "One of: integer, string." (as
 * `variables[].value.int64`, whose CRD node a test pins), so it counts too.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { KINDS, VIEWS } from './index.js';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const nodes = (v: unknown): Node[] => (Array.isArray(v) ? v.filter(isNode) : []);

/**
 * Top-level fields the server describes itself: `apiVersion` and `kind` as TypeMeta, `metadata` as
 * a reference to ObjectMeta, `spec` and `status` with "Desired/Observed state of the KIND." when the
 * schema has none (`kindSchema`). Nested fields of these names are not exempt.
 */
const SERVER_DESCRIBED = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
/** Top-level fields whose contents the server publishes as references (ObjectMeta). */
const NOT_WALKED = new Set(['metadata']);

/** Whether a field's schema publishes a description: its own, a `$ref`'s, its only branch's, or a typed union's. */
const described = (s: Node): boolean => {
  if (typeof s['description'] === 'string' && s['description'].trim() !== '') return true;
  if (typeof s['$ref'] === 'string') return true;
  if (nodes(s['allOf']).some((b) => typeof b['$ref'] === 'string')) return true;
  return (['anyOf', 'oneOf'] as const).some((c) => {
    const branches = nodes(s[c]).filter((b) => b['type'] !== 'null');
    if (branches.length === 1) return described(branches[0]!);
    return branches.length > 1 && branches.every((b) => typeof b['type'] === 'string');
  });
};

/** The paths (`Kind.spec.items[].name`) of the fields under `schema` that have no description. */
const undescribedFields = (schema: TSchema | Node, root: string): string[] => {
  const missing: string[] = [];
  const walk = (s: Node, path: string, top: boolean) => {
    if (isNode(s['properties']))
      for (const [name, value] of Object.entries(s['properties'])) {
        if (!isNode(value)) continue;
        if (top && NOT_WALKED.has(name)) continue;
        if (!(top && SERVER_DESCRIBED.has(name)) && !described(value)) missing.push(`${path}.${name}`);
        walk(value, `${path}.${name}`, false);
      }
    if (isNode(s['items'])) walk(s['items'], `${path}[]`, false);
    if (isNode(s['patternProperties']))
      for (const value of Object.values(s['patternProperties']))
        if (isNode(value)) walk(value, `${path}.*`, false);
    if (isNode(s['additionalProperties'])) walk(s['additionalProperties'], `${path}.*`, false);
    for (const c of ['anyOf', 'oneOf', 'allOf'] as const) for (const b of nodes(s[c])) walk(b, path, false);
  };
  walk(schema as Node, root, true);
  return missing;
};

describe('schema descriptions', () => {
  it.each([...KINDS, ...VIEWS].map((k) => [`${k.apiVersion} ${k.kind}`, k] as const))(
    'describes every field of %s',
    (_name, k) => {
      expect(undescribedFields(k.schema, k.kind)).toEqual([]);
    },
  );

  it('flags each field without a description, at any depth, nested apiVersion/kind/spec included', () => {
    const schema = Type.Object({
      apiVersion: Type.String(),
      kind: Type.String(),
      metadata: Type.Object({ name: Type.String() }),
      spec: Type.Object({
        described: Type.String({ description: 'Has one.' }),
        plain: Type.String(),
        list: Type.Array(Type.Object({ item: Type.Integer() }), { description: 'A list.' }),
        map: Type.Record(Type.String(), Type.Object({ value: Type.Boolean() }), { description: 'A map.' }),
        nullable: Type.Union([Type.String({ description: 'Its only branch has one.' }), Type.Null()]),
        either: Type.Union([Type.String(), Type.Integer()]),
        untyped: Type.Union([Type.Object({ a: Type.String() }), Type.Unknown()]),
        nested: Type.Object({ kind: Type.String(), spec: Type.String() }, { description: 'Nested.' }),
      }),
    });
    expect(undescribedFields(schema, 'Test')).toEqual([
      'Test.spec.plain',
      'Test.spec.list[].item',
      'Test.spec.map.*.value',
      'Test.spec.untyped',
      'Test.spec.untyped.a',
      'Test.spec.nested.kind',
      'Test.spec.nested.spec',
    ]);
  });
});
