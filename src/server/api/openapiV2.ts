import {
  BEARER_TOKEN_SCHEME,
  BEARER_TOKEN_SECURITY,
  documentedGroupVersions,
  groupVersionPath,
  openApiV3Document,
  sortedByKey,
} from './openapi.js';
import type { OpenApiSchema } from './openapiMeta.js';

/**
 * The OpenAPI v2 (Swagger 2.0) document at `/openapi/v2`: every group-version in one document,
 * derived from the v3 documents so both always say the same thing.
 *
 * kubectl 1.27 and 1.28 read it (as protobuf, see openapiV2Proto.ts) before `apply`, `diff`,
 * `replace` and `explain`: to learn whether the server validates fields itself (a PATCH operation
 * with a `fieldValidation` query parameter) and, when it does not, to validate on the client. The
 * schemas are made v2-compatible the way kube-apiserver publishes CRD schemas in v2
 * (apiextensions-apiserver `ToStructuralOpenAPIV2`): `anyOf`/`oneOf`/`allOf` dropped (a lone
 * `allOf: [{$ref}]` becomes the `$ref`), a `nullable` or int-or-string value loses its `type`, a
 * value that preserves unknown fields loses `properties` and `items`, and an array without `items`
 * loses its `type` (kubectl's schema reader refuses such arrays).
 */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const V3_REF = '#/components/schemas/';
const V2_REF = '#/definitions/';

/** One v3 schema → its v2 form (see the module comment). */
export const toV2Schema = (s: OpenApiSchema): OpenApiSchema => {
  const out: Json = {};
  const allOf = s['allOf'];
  for (const [k, v] of Object.entries(s)) {
    if (['anyOf', 'oneOf', 'allOf', 'not', 'nullable'].includes(k)) continue;
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace(V3_REF, V2_REF);
    else if (k === 'properties' && isObj(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([n, p]) => [n, toV2Schema(p as Json)]));
    else if ((k === 'items' || k === 'additionalProperties') && isObj(v)) out[k] = toV2Schema(v);
    else out[k] = v;
  }
  if (Array.isArray(allOf) && allOf.length === 1 && isObj(allOf[0]) && typeof allOf[0]['$ref'] === 'string')
    out['$ref'] = allOf[0]['$ref'].replace(V3_REF, V2_REF);
  if (s['nullable'] === true) {
    delete out['type'];
    delete out['items'];
    delete out['properties'];
  }
  if (s['x-kubernetes-int-or-string'] === true) delete out['type'];
  if (s['x-kubernetes-preserve-unknown-fields'] === true) {
    delete out['items'];
    delete out['properties'];
  }
  if (out['type'] === 'array' && !out['items']) delete out['type'];
  // A property that may be null is not required in v2 (it cannot say "present but null").
  if (Array.isArray(out['required']) && isObj(s['properties'])) {
    const props = s['properties'];
    const required = (out['required'] as string[]).filter((n) => !(isObj(props[n]) && props[n]['nullable']));
    if (required.length) out['required'] = required;
    else delete out['required'];
  }
  return out;
};

/** A v3 parameter (`schema: {type}`) → v2 (`type` beside `in`). */
const toV2Parameter = (p: OpenApiSchema): OpenApiSchema => {
  const { schema, ...rest } = p;
  return { ...rest, ...(isObj(schema) ? toV2Schema(schema) : {}) };
};

const contentTypes = (content: unknown): string[] => (isObj(content) ? Object.keys(content) : []);
const contentSchema = (content: unknown): OpenApiSchema | undefined => {
  if (!isObj(content)) return undefined;
  const first = Object.values(content)[0];
  return isObj(first) && isObj(first['schema']) ? toV2Schema(first['schema']) : undefined;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

const toV2Operation = (op: OpenApiSchema): OpenApiSchema => {
  const { requestBody, responses, parameters, ...rest } = op;
  const params = Array.isArray(parameters) ? (parameters as Json[]).map(toV2Parameter) : [];
  const out: Json = { ...rest };
  if (isObj(requestBody)) {
    out['consumes'] = contentTypes(requestBody['content']);
    params.unshift({
      name: 'body',
      in: 'body',
      ...(requestBody['required'] === true ? { required: true } : {}),
      schema: contentSchema(requestBody['content']) ?? {},
    });
  }
  const produces = new Set<string>();
  const v2Responses: Json = {};
  for (const [code, r] of Object.entries(isObj(responses) ? responses : {})) {
    if (!isObj(r)) continue;
    contentTypes(r['content']).forEach((t) => produces.add(t));
    const schema = contentSchema(r['content']);
    v2Responses[code] = { description: r['description'] ?? '', ...(schema ? { schema } : {}) };
  }
  if (produces.size) out['produces'] = [...produces];
  out['schemes'] = ['https'];
  if (params.length) out['parameters'] = params;
  out['responses'] = v2Responses;
  return out;
};

const toV2PathItem = (item: OpenApiSchema): OpenApiSchema => {
  const out: Json = {};
  for (const [k, v] of Object.entries(item)) {
    if (METHODS.includes(k) && isObj(v)) out[k] = toV2Operation(v);
    else if (k === 'parameters' && Array.isArray(v)) out[k] = (v as Json[]).map(toV2Parameter);
    else out[k] = v;
  }
  return out;
};

const build = (): OpenApiSchema => {
  const paths: Json = {};
  const definitions: Json = {};
  for (const { group, version } of documentedGroupVersions()) {
    const doc = openApiV3Document(groupVersionPath(group, version));
    if (!doc) continue;
    for (const [p, item] of Object.entries(doc['paths'] as Json)) paths[p] = toV2PathItem(item as Json);
    const schemas = (doc['components'] as { schemas: Json }).schemas;
    for (const [n, s] of Object.entries(schemas)) definitions[n] = toV2Schema(s as Json);
  }
  return {
    swagger: '2.0',
    info: { title: 'paletteai', version: 'v0.1.0' },
    paths: sortedByKey(paths),
    definitions: sortedByKey(definitions),
    securityDefinitions: BEARER_TOKEN_SCHEME,
    security: BEARER_TOKEN_SECURITY,
  };
};

let cached: OpenApiSchema | undefined;

/** The Swagger 2.0 document (built once; shared, do not mutate). */
export const openApiV2Document = (): OpenApiSchema => (cached ??= build());
