import { createHash } from 'node:crypto';
import { tokenResourcesOf } from '../auth/tokenApi.js';
import { hasStatus, kindsOf, reviewsOf, servedGroupVersions, verbsFor } from './discovery.js';
import { metaSchemas, type OpenApiSchema } from './openapiMeta.js';
import { kindPaths } from './openapiPaths.js';
import { kindSchema, listSchema, schemaName, type DocumentedResource } from './openapiSchema.js';

/**
 * OpenAPI v3 as kube-apiserver serves it: an index at `/openapi/v3` naming one document per
 * group-version (`apis/spectrocloud.com/v1beta1`, `api/v1`…) with a `?hash=` URL, and the documents.
 *
 * HTTP notes for the server: answer `GET /openapi/v3` and `GET /openapi/v3/<gv path>` with
 * `Content-Type: application/json` (kubectl asks for JSON). When the request's `hash` differs from
 * {@link openApiV3Hash}, kube-apiserver redirects (301) to the current URL; serving the current
 * document is also accepted. With a matching hash, `Cache-Control: public, immutable` and
 * `ETag: "<hash>"` let clients cache it. kubectl 1.29 and later read v2 only when a v3 document
 * lacks a PATCH operation with a `fieldValidation` parameter, but 1.27 and 1.28 read `/openapi/v2`
 * (protobuf) before every apply, diff and explain: it is served too, derived from these documents
 * (openapiV2.ts, openapiV2Proto.ts).
 */

/** `api/v1` or `apis/<group>/<version>`: the key of a document in the index. */
export const groupVersionPath = (group: string, version: string): string =>
  group ? `apis/${group}/${version}` : `api/${version}`;

const parsePath = (gvPath: string): { group: string; version: string } | undefined => {
  const p = gvPath.replace(/^\/+/, '').replace(/^openapi\/v3\//, '');
  const core = /^api\/([^/]+)$/.exec(p);
  if (core) return { group: '', version: core[1] ?? '' };
  const named = /^apis\/([^/]+)\/([^/]+)$/.exec(p);
  return named ? { group: named[1] ?? '', version: named[2] ?? '' } : undefined;
};

/**
 * What one group-version's document describes: its kinds, and the resources the server answers
 * itself (API tokens, the review kinds), so that `kubectl explain apitokens` works as for a kind.
 */
export const documentedResources = (group: string, version: string): DocumentedResource[] => [
  ...kindsOf(group, version).map((k) => ({ ...k, verbs: verbsFor(k), statusSubresource: hasStatus(k) })),
  ...[...reviewsOf(group, version), ...tokenResourcesOf(group, version)].map((r) => ({
    group,
    version,
    kind: r.kind,
    plural: r.resource,
    namespaced: false,
    schema: r.schema,
    verbs: 'verbs' in r ? r.verbs : ['create'],
    statusSubresource: false,
  })),
];

const build = (group: string, version: string): OpenApiSchema => {
  const paths: Record<string, OpenApiSchema> = {};
  const schemas: Record<string, OpenApiSchema> = {};
  for (const k of documentedResources(group, version)) {
    Object.assign(paths, kindPaths(k));
    schemas[schemaName(k, k.kind)] = kindSchema(k);
    if (k.verbs.includes('list')) schemas[schemaName(k, `${k.kind}List`)] = listSchema(k);
  }
  Object.assign(schemas, metaSchemas());
  return {
    openapi: '3.0.0',
    info: { title: 'paletteai', version: 'v0.1.0' },
    paths,
    components: {
      schemas: sortedByKey(schemas),
      securitySchemes: BEARER_TOKEN_SCHEME,
    },
    security: BEARER_TOKEN_SECURITY,
  };
};

/** Keys in sorted order (the document hash depends on the order). */
export const sortedByKey = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k] as T]),
  );

/** The bearer-token security scheme, as kube-apiserver declares it (v3 `securitySchemes`, v2 `securityDefinitions`). */
export const BEARER_TOKEN_SCHEME = {
  BearerToken: {
    type: 'apiKey',
    description: 'Bearer Token authentication',
    name: 'authorization',
    in: 'header',
  },
};
/** Every operation needs the bearer token. */
export const BEARER_TOKEN_SECURITY = [{ BearerToken: [] }];

interface Built {
  doc: OpenApiSchema;
  json: string;
  hash: string;
}
const cache = new Map<string, Built>();

/** The group-versions with a document: every served one that has a resource. */
export const documentedGroupVersions = () =>
  servedGroupVersions().filter(({ group, version }) => documentedResources(group, version).length > 0);

const built = (gvPath: string): Built | undefined => {
  const gv = parsePath(gvPath);
  if (!gv) return undefined;
  if (!documentedGroupVersions().some((s) => s.group === gv.group && s.version === gv.version))
    return undefined;
  const key = groupVersionPath(gv.group, gv.version);
  let b = cache.get(key);
  if (!b) {
    const doc = build(gv.group, gv.version);
    const json = JSON.stringify(doc);
    b = { doc, json, hash: createHash('sha256').update(json).digest('hex').toUpperCase() };
    cache.set(key, b);
  }
  return b;
};

/**
 * The OpenAPI v3 document of one group-version. `groupVersionPath` is the index key
 * (`apis/spectrocloud.com/v1beta1`, `api/v1`), with or without a leading `/` or `/openapi/v3/`.
 * Undefined for a group-version this server does not serve. The object is shared: do not mutate it.
 */
export const openApiV3Document = (groupVersionPath: string): OpenApiSchema | undefined =>
  built(groupVersionPath)?.doc;

/** The document serialised once (the bytes the hash is computed over); undefined when not served. */
export const openApiV3DocumentJson = (groupVersionPath: string): string | undefined =>
  built(groupVersionPath)?.json;

/** Upper-case hex sha256 of {@link openApiV3DocumentJson}: changes whenever the document does. */
export const openApiV3Hash = (groupVersionPath: string): string | undefined => built(groupVersionPath)?.hash;

/** The `/openapi/v3` body: every served group-version with its `serverRelativeURL` (hash included). */
export const openApiV3Index = (): { paths: Record<string, { serverRelativeURL: string }> } => {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of documentedGroupVersions()) {
    const key = groupVersionPath(group, version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${openApiV3Hash(key) ?? ''}` };
  }
  return { paths };
};
