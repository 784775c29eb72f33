import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import { serverTlsOptions, type TlsMaterial } from './tls.js';
import { answerClientError, MAX_HEADER_BYTES } from './clientErrors.js';
import {
  BadRequestError,
  findKind,
  isView,
  MethodNotAllowedError,
  NotFoundError,
  UnsupportedMediaTypeError,
  type KindInfo,
  quote,
} from '../model/index.js';
import { fromView, toView } from '../kinds/index.js';
import { acceptsAggregatedDiscovery, DISCOVERY_V2_CONTENT_TYPE } from './api/accept.js';
import { aggregatedDiscovery } from './api/aggregated.js';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreApiVersions,
  findResource,
  version,
} from './api/discovery.js';
import { openApiV3Document, openApiV3Index } from './api/openapi.js';
import { openApiV2Document } from './api/openapiV2.js';
import {
  acceptsOpenApiV2Protobuf,
  OPENAPI_V2_PROTOBUF_CONTENT_TYPE,
  openApiV2Protobuf,
} from './api/openapiV2Proto.js';
import { authorizeClaim, type Access } from './auth/authorize.js';
import { TOKEN_ROUTES } from './auth/tokenApi.js';
import { bodyFormat, parseBody, readBody } from './body.js';
import type { ServerContext } from './context.js';
import * as read from './handlers/read.js';
import * as write from './handlers/write.js';
import { createRouter, type RequestContext, type Route } from './http/router.js';
import { json, type Reply } from './http/reply.js';
import { parsePath, type ResourceRequest } from './requestInfo.js';
import type { FieldValidation } from '../apiserver/index.js';
import { fieldManagerRequest } from './apply/index.js';
import { importArchive } from './studio/importArchive.js';
import { uiHandler } from './http/ui.js';
import { accessReview, selfReview } from './api/reviews.js';
import { PALETTE_PROFILES_PATH, paletteProfiles, paletteProfilesAccess } from './handlers/palette.js';
import { parseImportQuery } from './studio/importQuery.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../studio/index.js';
import { findEntry, loadCatalog, readEntryArchive } from '../studio/catalog.js';

/** `POST /apis/studio.spectrocloud.com/v1/namespaces/NS/imports`: import a Studio archive (the body). */
const STUDIO_IMPORT_PATH =
  /^\/apis\/studio\.spectrocloud\.com\/v1\/namespaces\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/imports$/;

/** `GET /apis/studio.spectrocloud.com/v1/catalog[/NAME[@VERSION][/archive]]`: the built-in catalog, for the UI. */
const STUDIO_CATALOG_PATH =
  /^\/apis\/studio\.spectrocloud\.com\/v1\/catalog(?:\/([a-z0-9][-a-z0-9.@]*))?(\/archive)?$/;

const serveCatalog = async (c: RequestContext): Promise<Reply> => {
  const [ref, archive] = c.params;
  const entries = await loadCatalog();
  if (!ref)
    return json(200, { kind: 'CatalogList', apiVersion: 'studio.spectrocloud.com/v1', items: entries });
  const entry = findEntry(entries, decodeURIComponent(ref));
  if (!entry) throw new NotFoundError(`catalog bundle "${ref}" not found`);
  if (!archive)
    return json(200, { kind: 'CatalogEntry', apiVersion: 'studio.spectrocloud.com/v1', ...entry });
  const bytes = await readEntryArchive(entry);
  return {
    type: 'bytes',
    code: 200,
    body: bytes,
    headers: {
      'content-type': 'application/gzip',
      'content-length': bytes.length,
      'content-disposition': `attachment; filename="${entry.file}"`,
    },
  };
};

const studioImport = async (c: RequestContext): Promise<Reply> => {
  if (c.req.method !== 'POST') throw new BadRequestError('POST the .tar.gz archive to import it');
  const report = await importArchive(
    c.ctx,
    c.params[0]!,
    await readBody(
      c.req,
      DEFAULT_ARCHIVE_LIMITS.maxCompressedBytes,
      "the Studio's archive limit (maxCompressedBytes): split the catalog into several archives",
    ),
    parseImportQuery(c.url.searchParams),
  );
  return json(report.result === 'imported' ? 201 : 200, report);
};

const fieldValidation = (query: URLSearchParams): FieldValidation => {
  const v = query.get('fieldValidation') ?? 'Strict';
  if (v !== 'Strict' && v !== 'Warn' && v !== 'Ignore')
    throw new BadRequestError(`fieldValidation must be Strict, Warn or Ignore, found ${quote(v)}`);
  return v;
};

const rootDiscovery = (c: RequestContext): Reply => {
  const which = c.params[0] === 'api' ? 'api' : 'apis';
  if (acceptsAggregatedDiscovery(c.req.headers.accept))
    return json(200, aggregatedDiscovery(which), DISCOVERY_V2_CONTENT_TYPE);
  return json(200, which === 'api' ? coreApiVersions(c.req.headers.host) : apiGroupList());
};

const notFoundPath = (path: string) =>
  new NotFoundError(`the server could not find the requested resource (${path})`);

/** A request under `/api` or `/apis` that names a resource, with its kind. */
interface ResourceCall {
  rr: ResourceRequest;
  info: KindInfo;
}

const calls = new WeakMap<RequestContext, ResourceCall>();

/** What a resource request does: its kind, verb and place (404 for what the server does not serve). */
const resourceAccess = (c: RequestContext): Access => {
  const parsed = parsePath(c.req.method ?? 'GET', c.url.pathname, c.url.searchParams);
  if (parsed.type !== 'resource') throw notFoundPath(c.url.pathname);
  const rr = parsed.request;
  const info = findResource(rr.group, rr.version, rr.resource);
  if (!info) throw notFoundPath(rr.group ? `${rr.resource}.${rr.group}` : rr.resource);
  if (info.namespaced && !rr.namespace && !['list', 'watch'].includes(rr.verb))
    throw new NotFoundError(`${info.plural} are namespaced: use /namespaces/NAMESPACE/${info.plural}`);
  calls.set(c, { rr, info });
  return {
    verb: rr.verb,
    group: info.group,
    resource: info.plural,
    namespaced: info.namespaced,
    ...(rr.namespace ? { namespace: rr.namespace } : {}),
    ...(rr.name ? { name: rr.name } : {}),
    ...(rr.subresource ? { subresource: rr.subresource } : {}),
  };
};

/** Group and version discovery (`/apis/GROUP`, `/apis/GROUP/VERSION`, `/api/v1`). */
const groupDiscovery = (c: RequestContext): Reply | undefined => {
  const parsed = parsePath(c.req.method ?? 'GET', c.url.pathname, c.url.searchParams);
  if (parsed.type !== 'discovery') return undefined;
  if (!parsed.version) {
    const g = parsed.group ? apiGroup(parsed.group) : undefined;
    if (!g) throw notFoundPath(c.url.pathname);
    return json(200, g);
  }
  const list = apiResourceList(parsed.group ?? '', parsed.version);
  if (!list) throw notFoundPath(c.url.pathname);
  return json(200, list);
};

const resource = async (c: RequestContext): Promise<Reply> => {
  const { rr, info } = calls.get(c)!;
  const { ctx, req, url } = c;
  const query = url.searchParams;
  if (rr.subresource && rr.subresource !== 'status')
    throw new NotFoundError(`${info.plural} has no subresource ${rr.subresource}`);
  const options: write.HttpWriteOptions = {
    dryRun: query.get('dryRun') === 'All',
    fieldValidation: fieldValidation(query),
    authorize: (object, namespaces) => authorizeClaim(c.who!, object, namespaces),
    fieldManager: fieldManagerRequest(query, req.headers['user-agent']),
  };
  // A view (`events.k8s.io/v1` events) writes to the kind it is stored as, converted in and out.
  const stored = findKind(info.kind) ?? info;
  if (isView(info) && (rr.verb === 'update' || rr.verb === 'patch'))
    throw new MethodNotAllowedError(
      `${info.plural}.${info.group} are created and deleted here; change them through ${stored.apiVersion} ${stored.plural}`,
    );
  let result: write.WriteResult;
  switch (rr.verb) {
    case 'get':
      return read.get(ctx, req, info, rr, query);
    case 'list':
      return read.list(ctx, req, info, rr, query);
    case 'watch':
      return read.watch(ctx, req, info, rr, query);
    case 'create':
      if (rr.name && !rr.subresource)
        throw new BadRequestError('POST goes to the collection, not to a named object');
      result = await write.create(
        ctx,
        stored,
        rr,
        fromView(info, parseBody(await readBody(req), bodyFormat(req)), stored.apiVersion),
        options,
      );
      break;
    case 'update':
      result = await write.update(ctx, info, rr, parseBody(await readBody(req), bodyFormat(req)), options);
      break;
    case 'patch': {
      const format = bodyFormat(req);
      // kube-apiserver has no strategic merge for custom resources: the same 415 it answers.
      if (format === 'strategic-merge-patch' && info.group !== '')
        throw new UnsupportedMediaTypeError(
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      result = await write.patch(ctx, info, rr, parseBody(await readBody(req), format), format, options);
      break;
    }
    case 'delete': {
      const bytes = await readBody(req);
      const deleteOptions = bytes.toString('utf8').trim()
        ? (parseBody(bytes, 'json') as { dryRun?: unknown } | null)
        : undefined;
      // kubectl sends --dry-run=server for deletes in the DeleteOptions body, not in the query
      const bodyDryRun = Array.isArray(deleteOptions?.dryRun) && deleteOptions.dryRun.includes('All');
      result = await write.remove(ctx, stored, rr, deleteOptions ?? undefined, {
        ...options,
        dryRun: options.dryRun || bodyDryRun,
      });
      break;
    }
    default:
      throw new BadRequestError(`${rr.verb} is not supported; delete objects one by one`);
  }
  return json(
    result.code,
    rr.verb === 'delete' ? write.deleteAnswer(stored, result.object) : toView(info, result.object),
    undefined,
    result.warnings.length ? { Warning: result.warnings } : undefined,
  );
};

/** Every route the server answers, first match wins. */
export const ROUTES: readonly Route[] = [
  {
    method: '*',
    path: /^\/(healthz|readyz|livez)$/,
    public: true,
    // livez: the process answers; healthz/readyz: start-up is done (the kubeconfig written) too.
    handler: (c) =>
      c.params[0] === 'livez' || c.ctx.ready()
        ? { type: 'text', code: 200, body: 'ok' }
        : { type: 'text', code: 503, body: 'starting' },
  },
  { method: 'GET', path: /^\/version\/?$/, handler: () => json(200, version()) },
  { method: 'GET', path: /^\/(api|apis)\/?$/, handler: rootDiscovery },
  // kubectl 1.27 and 1.28 ask for the v2 document as protobuf before apply, diff and explain.
  {
    method: 'GET',
    path: /^\/openapi\/v2\/?$/,
    handler: (c) => {
      if (!acceptsOpenApiV2Protobuf(c.req.headers.accept)) return json(200, openApiV2Document());
      const { body, etag } = openApiV2Protobuf();
      return {
        type: 'bytes',
        code: 200,
        body,
        headers: { 'content-type': OPENAPI_V2_PROTOBUF_CONTENT_TYPE, 'content-length': body.length, etag },
      };
    },
  },
  { method: 'GET', path: /^\/openapi\/v3$/, handler: () => json(200, openApiV3Index()) },
  {
    method: 'GET',
    path: /^\/openapi\/v3\/(.+)$/,
    handler: (c) => {
      const doc = openApiV3Document(c.params[0]!);
      if (!doc) throw new NotFoundError(`no OpenAPI document at ${c.url.pathname}`);
      return json(200, doc);
    },
  },
  { method: 'GET', path: STUDIO_CATALOG_PATH, handler: serveCatalog },
  {
    method: '*',
    path: STUDIO_IMPORT_PATH,
    // An import writes bundles and what they hold: it needs the right to create bundles there.
    access: (c) => ({
      verb: 'create',
      resource: 'profilebundles',
      namespaced: true,
      namespace: c.params[0]!,
    }),
    handler: studioImport,
    flow: 'import',
  },
  { method: 'GET', path: PALETTE_PROFILES_PATH, access: paletteProfilesAccess, handler: paletteProfiles },
  ...TOKEN_ROUTES,
  // Before it creates a kind whose OpenAPI has no PATCH with `fieldValidation` (an APIToken, a review),
  // kubectl validates on its side, and first asks whether the kind is a CRD. None is installed here
  // (every kind is built in), so the answer is an empty list; the group is not in discovery.
  {
    method: 'GET',
    path: /^\/apis\/apiextensions\.k8s\.io\/v1\/customresourcedefinitions\/?$/,
    handler: () =>
      json(200, {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinitionList',
        metadata: {},
        items: [],
      }),
  },
  // `kubectl auth can-i` and `kubectl auth whoami`: any token may ask about itself.
  {
    method: 'POST',
    path: /^\/apis\/authorization\.k8s\.io\/v1\/selfsubjectaccessreviews$/,
    handler: async (c) =>
      json(201, accessReview(c.who!, parseBody(await readBody(c.req), bodyFormat(c.req)))),
  },
  {
    method: 'POST',
    path: /^\/apis\/authentication\.k8s\.io\/(v1|v1beta1)\/selfsubjectreviews$/,
    handler: (c) => json(201, selfReview(c.who!, c.url.pathname.split('/')[3])),
  },
  {
    method: 'GET',
    path: /^\/(api\/v1|apis(\/[^/]+){1,2})\/?$/,
    handler: (c) => groupDiscovery(c) ?? Promise.reject(notFoundPath(c.url.pathname)),
  },
  { method: '*', path: /^\/apis?\//, access: resourceAccess, handler: resource },
  // Everything else a browser asks for is the web UI (public files; its API calls carry a token).
  {
    method: 'GET',
    path: /^\/(?!apis?(\/|$)|openapi(\/|$)|version(\/|$)|healthz$|readyz$|livez$)/,
    public: true,
    handler: uiHandler(),
  },
];

/** The request handler of the API (in process: tests inject requests into it). */
export const createApp = (
  ctx: ServerContext,
): ((req: IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>) =>
  createRouter(ctx, ROUTES);

/**
 * The HTTP face of the API: every request authenticated by bearer token, authorized per namespace
 * and role, answered in Kubernetes conventions (errors as `Status`), mutations audited.
 */
export const createApiServer = (ctx: ServerContext, tls: TlsMaterial): Server => {
  const app = createApp(ctx);
  const server = createServer(
    {
      ...serverTlsOptions(tls),
      requestTimeout: 60_000,
      headersTimeout: 30_000,
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    (req, res) => {
      // The router answers every error itself; should answering fail too (the audit sink, a
      // broken socket), the request ends here and the process goes on.
      app(req, res).catch((e: unknown) => {
        ctx.log(
          `error answering ${req.method} ${req.url?.slice(0, 200)}: ${(e as Error).stack ?? String(e)}`,
        );
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    },
  );
  server.on('clientError', answerClientError);
  return server;
};
