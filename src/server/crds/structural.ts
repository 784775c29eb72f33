/**
 * The OpenAPI v3 schema a kind publishes for `kubectl explain` (openapiSchema.ts), made into the
 * structural schema a CustomResourceDefinition needs (apiextensions.k8s.io/v1):
 * - no `$ref`: the root's `metadata` is `type: object` (a CRD may restrict only `name` and
 *   `generateName` there; the API server validates ObjectMeta itself);
 * - every node has a `type`, except `x-kubernetes-int-or-string` and preserve-unknown-fields nodes;
 * - `x-kubernetes-int-or-string` keeps exactly `anyOf: [{type: integer}, {type: string}]`: value
 *   validations of a branch (the string's `pattern`) move to the node, where they apply to that
 *   type only;
 * - any other union (a variable's value: string, number or boolean) cannot be said structurally: it
 *   becomes `x-kubernetes-preserve-unknown-fields: true` with its description, and the validating
 *   webhook (`paletteai webhook`) checks it with the full schema;
 * - keys apiextensions does not know (`x-kubernetes-group-version-kind`) are dropped; descriptions,
 *   enums and value validations are kept.
 */
import type { OpenApiSchema } from '../api/openapiMeta.js';
import { kindSchema, VALUE_VALIDATIONS as SHARED_VALUE_VALIDATIONS } from '../api/openapiSchema.js';
import type { KindInfo } from '../../model/index.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Value validations: what may sit inside a logical junctor (or be moved out of one). */
const VALUE_VALIDATIONS = [...SHARED_VALUE_VALIDATIONS, 'exclusiveMinimum', 'exclusiveMaximum'] as const;

/** The `JSONSchemaProps` fields a node may keep (apiextensions v1, less what a structural schema forbids). */
const FIELDS = new Set<string>([
  ...VALUE_VALIDATIONS,
  ...['description', 'type', 'format', 'title', 'example', 'required', 'nullable'],
  ...['minItems', 'maxItems', 'minProperties', 'maxProperties'],
  ...['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string'],
]);

const JUNCTORS = ['anyOf', 'oneOf', 'allOf', 'not'] as const;

/** One node of the published schema as a structural node (see the module comment). */
const structural = (node: OpenApiSchema): OpenApiSchema => {
  const out: OpenApiSchema = {};
  for (const [k, v] of Object.entries(node)) if (FIELDS.has(k)) out[k] = v;
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out['type'];
    for (const branch of (node['anyOf'] as Json[] | undefined) ?? [])
      for (const k of VALUE_VALIDATIONS) if (k in branch && !(k in out)) out[k] = branch[k];
    out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
    return out;
  }
  if (JUNCTORS.some((j) => j in node)) {
    return {
      ...(typeof node['description'] === 'string' ? { description: node['description'] } : {}),
      'x-kubernetes-preserve-unknown-fields': true,
    };
  }
  if (isObj(node['properties']))
    out['properties'] = Object.fromEntries(
      Object.entries(node['properties']).map(([k, v]) => [k, structural(v as OpenApiSchema)]),
    );
  if (isObj(node['items'])) out['items'] = structural(node['items']);
  if (isObj(node['additionalProperties']))
    out['additionalProperties'] = structural(node['additionalProperties']);
  return out;
};

/**
 * The `openAPIV3Schema` of a kind's CustomResourceDefinition, from the same schema the server
 * publishes (and validates with): structural, without `$ref`.
 */
export const crdSchema = (kind: KindInfo): OpenApiSchema => {
  const published = kindSchema(kind);
  const properties = published['properties'] as Record<string, OpenApiSchema>;
  const root = structural({ ...published, properties: { ...properties, metadata: { type: 'object' } } });
  const metadata = properties['metadata']?.['description'];
  const rootProperties = root['properties'] as Record<string, OpenApiSchema>;
  if (typeof metadata === 'string') rootProperties['metadata'] = { description: metadata, type: 'object' };
  return root;
};
