import type { TSchema } from '@sinclair/typebox';
import type { KindInfo } from '../../model/registry.js';
import { groupVersionString } from './discovery.js';
import {
  LIST_METADATA_DESCRIPTION,
  META,
  OBJECT_METADATA_DESCRIPTION,
  TYPE_META_PROPERTIES,
  ref,
  refProperty,
  type OpenApiSchema,
} from './openapiMeta.js';

/**
 * TypeBox (JSON Schema draft 2020-12 flavoured) → OpenAPI v3.0 schema objects shaped like the
 * structural schemas kube-apiserver publishes for CRDs:
 * - TypeBox's symbol keys and unknown keywords are dropped (an allow-list is kept);
 * - `Type.Record(String, X)` (`patternProperties`) becomes `additionalProperties: X`;
 *   `Type.Unknown()` / free objects become `x-kubernetes-preserve-unknown-fields: true`;
 * - `additionalProperties: false` is dropped (structural schemas never publish it; unknown fields
 *   are rejected server-side with `fieldValidation=Strict`, which kubectl sends);
 * - `const` becomes a one-value `enum`, `anyOf` with `null` becomes `nullable: true`, an
 *   integer-or-string union gets `x-kubernetes-int-or-string: true`;
 * - numeric `exclusiveMinimum/Maximum` (draft 2020) become OpenAPI 3.0 booleans.
 */

/** The value validations OpenAPI v3.0 keeps as they are (CRD schemas keep them too). */
export const VALUE_VALIDATIONS = [
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
] as const;

const KEEP = new Set<string>([
  ...VALUE_VALIDATIONS,
  ...['type', 'format', 'title', 'description', 'default', 'example', 'required', 'nullable'],
  ...['minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties'],
]);

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const preserveUnknown = (description?: unknown): OpenApiSchema => ({
  ...(typeof description === 'string' ? { description } : {}),
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
});

/** Converts one TypeBox/JSON Schema node to an OpenAPI v3.0 schema (see module comment). */
export const toOpenApiSchema = (input: TSchema | Json): OpenApiSchema => {
  // JSON round trip: drops TypeBox's symbol keys ([Kind], [OptionalKind]…) and functions.
  const s = JSON.parse(JSON.stringify(input)) as Json;
  return convert(s);
};

const convert = (s: Json): OpenApiSchema => {
  const out: OpenApiSchema = {};
  const keys = Object.keys(s);
  // Type.Unknown() / Type.Any(): nothing known about the value.
  if (keys.length === 0 || (keys.length === 1 && keys[0] === 'description'))
    return preserveUnknown(s['description']);

  for (const k of keys) if (KEEP.has(k)) out[k] = s[k];
  if (Array.isArray(out['required']) && out['required'].length === 0) delete out['required'];
  if ('const' in s) {
    out['enum'] = [s['const']];
    if (!out['type'] && typeof s['const'] !== 'object') out['type'] = typeof s['const'];
  }
  for (const bound of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const v = s[bound];
    if (typeof v === 'number') {
      out[bound === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = v;
      out[bound] = true;
    } else if (typeof v === 'boolean') out[bound] = v;
  }

  if (isObj(s['properties'])) {
    const props = Object.entries(s['properties']);
    if (props.length) out['properties'] = Object.fromEntries(props.map(([k, v]) => [k, convert(v as Json)]));
  }
  if (isObj(s['items'])) out['items'] = convert(s['items']);

  const pattern = isObj(s['patternProperties']) ? Object.values(s['patternProperties']) : [];
  const additional = s['additionalProperties'];
  const mapValue = isObj(additional) ? additional : pattern.length === 1 ? (pattern[0] as Json) : undefined;
  if (mapValue) {
    const v = convert(mapValue);
    if (v['x-kubernetes-preserve-unknown-fields'] === true && Object.keys(mapValue).length === 0) {
      // Record<string, unknown>: a free object.
      return { ...preserveUnknown(s['description']), ...pick(out, ['minProperties', 'maxProperties']) };
    }
    out['type'] = 'object';
    out['additionalProperties'] = v;
  } else if (additional === true || pattern.length > 1) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }

  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[combinator];
    if (!Array.isArray(list)) continue;
    const branches = (list as Json[]).filter((b) => !(isObj(b) && b['type'] === 'null'));
    if (branches.length < list.length) out['nullable'] = true;
    if (branches.length === 1 && combinator !== 'allOf') {
      const only = convert(branches[0] as Json);
      for (const [k, v] of Object.entries(only)) if (!(k in out)) out[k] = v;
      continue;
    }
    const converted = branches.map((b) => convert(b));
    out[combinator] = converted;
    const types = converted.map((b) => b['type']);
    const sorted = [...types].sort();
    if (combinator === 'anyOf' && sorted.length === 2 && sorted[0] === 'integer' && sorted[1] === 'string')
      out['x-kubernetes-int-or-string'] = true;
    // kubectl explain prints a union as <Object>; say which types it takes.
    if (combinator !== 'allOf' && !out['description'] && types.every((t) => typeof t === 'string'))
      out['description'] = `One of: ${types.join(', ')}.`;
  }
  return out;
};

const pick = (o: OpenApiSchema, keys: string[]): OpenApiSchema =>
  Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));

/** The reversed-domain schema name kube-apiserver gives a kind: `com.spectrocloud.v1beta1.ProfileBundle`. */
export const schemaName = (k: Pick<KindInfo, 'group' | 'version'>, kind: string): string =>
  k.group === ''
    ? `io.k8s.api.core.v1.${kind}`
    : `${k.group.split('.').reverse().join('.')}.${k.version}.${kind}`;

/** `x-kubernetes-group-version-kind` value of a schema (a list) or of an operation (one object). */
export const gvkOf = (k: Pick<KindInfo, 'group' | 'version'>, kind: string) => ({
  group: k.group,
  kind,
  version: k.version,
});

/** What a published schema is made from: a registry kind, or a resource the server answers itself. */
export type SchemaSource = Pick<KindInfo, 'group' | 'version' | 'kind' | 'schema'>;

/**
 * A resource as OpenAPI publishes it: its schema, scope and the verbs it is served with (operations
 * are published for those only). The registry's kinds, API tokens and the review kinds are ones.
 */
export interface DocumentedResource extends SchemaSource, Pick<KindInfo, 'plural' | 'namespaced'> {
  verbs: readonly string[];
  /** A `/status` subresource is served (get, update, patch). */
  statusSubresource: boolean;
}

const DEFAULT_DESCRIPTIONS: Record<string, (kind: string) => string> = {
  spec: (kind) => `Desired state of the ${kind}.`,
  status: (kind) => `Observed state of the ${kind}, written by the server and its controllers.`,
};

/**
 * The published schema of a kind: its TypeBox schema converted, with `apiVersion`/`kind` described as
 * in TypeMeta, `metadata` pointing at `ObjectMeta`, and the GVK extension `kubectl explain` looks for.
 */
export const kindSchema = (k: SchemaSource): OpenApiSchema => {
  const converted = toOpenApiSchema(k.schema);
  const properties = { ...(converted['properties'] as Record<string, OpenApiSchema> | undefined) };
  const rest = Object.fromEntries(
    Object.entries(properties)
      .filter(([n]) => !['apiVersion', 'kind', 'metadata'].includes(n))
      .map(([n, v]) => [
        n,
        v['description'] || !DEFAULT_DESCRIPTIONS[n]
          ? v
          : { description: DEFAULT_DESCRIPTIONS[n](k.kind), ...v },
      ]),
  );
  const required = ((converted['required'] as string[] | undefined) ?? []).filter(
    (n) => !['apiVersion', 'kind', 'metadata'].includes(n),
  );
  return {
    description: converted['description'] ?? `${k.kind} of ${groupVersionString(k.group, k.version)}.`,
    type: 'object',
    ...(required.length ? { required } : {}),
    properties: {
      apiVersion: TYPE_META_PROPERTIES.apiVersion,
      kind: TYPE_META_PROPERTIES.kind,
      metadata: refProperty(`${META}.ObjectMeta`, OBJECT_METADATA_DESCRIPTION),
      ...rest,
    },
    'x-kubernetes-group-version-kind': [gvkOf(k, k.kind)],
  };
};

/** The published schema of a kind's list (`ProfileBundleList`). */
export const listSchema = (k: SchemaSource & Pick<KindInfo, 'plural'>): OpenApiSchema => ({
  description: `${k.kind}List is a list of ${k.kind}.`,
  type: 'object',
  required: ['items'],
  properties: {
    apiVersion: TYPE_META_PROPERTIES.apiVersion,
    items: {
      type: 'array',
      description: `List of ${k.plural}.`,
      items: { $ref: ref(schemaName(k, k.kind)) },
    },
    kind: TYPE_META_PROPERTIES.kind,
    metadata: refProperty(`${META}.ListMeta`, LIST_METADATA_DESCRIPTION),
  },
  'x-kubernetes-group-version-kind': [gvkOf(k, `${k.kind}List`)],
});
