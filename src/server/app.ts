import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { TlsMaterial } from './tls.js';
import {
  ApiError,
  BadRequestError,
  NotFoundError,
  UnauthorizedError,
  type KindInfo,
} from '../model/index.js';
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
import { authorize, type Access } from './auth/authorize.js';
import type { Identity } from './auth/tokens.js';
import { bodyFormat, parseBody, readBody } from './body.js';
import type { ServerContext } from './context.js';
import * as read from './handlers/read.js';
import * as write from './handlers/write.js';
import { parsePath, type ResourceRequest, type Verb } from './requestInfo.js';
import { sendJson, sendStatus } from './status.js';
import type { FieldValidation } from './admission/evaluate.js';
import { importArchive } from './studio/importArchive.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../studio/index.js';
import { findEntry, loadCatalog, readEntryArchive } from '../studio/catalog.js';

/** `POST /apis/studio.spectrocloud.com/v1/namespaces/NS/imports`: import a Studio archive (the body). */
const STUDIO_IMPORT_PATH =
  /^\/apis\/studio\.spectrocloud\.com\/v1\/namespaces\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/imports$/;

/** `GET /apis/studio.spectrocloud.com/v1/catalog[/NAME[@VERSION][/archive]]`: the built-in catalog, for the UI. */
const STUDIO_CATALOG_PATH =
  /^\/apis\/studio\.spectrocloud\.com\/v1\/catalog(?:\/([a-z0-9][-a-z0-9.@]*))?(\/archive)?$/;

const serveCatalog = async (
  res: ServerResponse,
  ref: string | undefined,
  archive: boolean,
): Promise<void> => {
  const entries = await loadCatalog();
  if (ref === undefined)
    return sendJson(res, 200, {
      kind: 'CatalogList',
      apiVersion: 'studio.spectrocloud.com/v1',
      items: entries,
    });
  const entry = findEntry(entries, decodeURIComponent(ref));
  if (!entry) throw new NotFoundError(`catalog bundle "${ref}" not found`);
  if (!archive)
    return sendJson(res, 200, { kind: 'CatalogEntry', apiVersion: 'studio.spectrocloud.com/v1', ...entry });
  const bytes = await readEntryArchive(entry);
  res.writeHead(200, {
    'content-type': 'application/gzip',
    'content-length': bytes.length,
    'content-disposition': `attachment; filename="${entry.file}"`,
  });
  res.end(bytes);
};

/** The verb an unauthenticated mutation would have had, for its audit record. */
const METHOD_VERBS: Record<string, Verb> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

const authenticate = async (ctx: ServerContext, req: IncomingMessage): Promise<Identity> => {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const who = m ? await ctx.tokens.authenticate(m[1]!) : undefined;
  if (!who)
    throw new UnauthorizedError(
      m
        ? 'the bearer token is not valid'
        : 'a bearer token is required (Authorization: Bearer <token>); create one with `paletteai token create`',
    );
  return who;
};

const fieldValidation = (query: URLSearchParams): FieldValidation => {
  const v = query.get('fieldValidation') ?? 'Strict';
  if (v !== 'Strict' && v !== 'Warn' && v !== 'Ignore')
    throw new BadRequestError(`fieldValidation must be Strict, Warn or Ignore, found ${JSON.stringify(v)}`);
  return v;
};

const discovery = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
  if (path === '/version' || path === '/version/') return (sendJson(res, 200, version()), true);
  if (path === '/api' || path === '/apis') {
    const which = path.slice(1) as 'api' | 'apis';
    if (acceptsAggregatedDiscovery(req.headers.accept))
      sendJson(res, 200, aggregatedDiscovery(which), DISCOVERY_V2_CONTENT_TYPE);
    else sendJson(res, 200, which === 'api' ? coreApiVersions(req.headers.host) : apiGroupList());
    return true;
  }
  if (path === '/openapi/v3') return (sendJson(res, 200, openApiV3Index()), true);
  if (path.startsWith('/openapi/v3/')) {
    const doc = openApiV3Document(path.slice('/openapi/v3/'.length));
    if (!doc) throw new NotFoundError(`no OpenAPI document at ${path}`);
    sendJson(res, 200, doc);
    return true;
  }
  return false;
};

const resource = async (
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  rr: ResourceRequest,
  who: Identity,
  query: URLSearchParams,
  access: Access & { info: KindInfo },
) => {
  const { info } = access;
  authorize(who, access);
  if (rr.subresource && rr.subresource !== 'status')
    throw new NotFoundError(`${info.plural} has no subresource ${rr.subresource}`);
  const dryRun = query.get('dryRun') === 'All';
  const fv = fieldValidation(query);
  let result: write.WriteResult | undefined;
  switch (rr.verb) {
    case 'get':
      return read.get(ctx, req, res, info, rr, query);
    case 'list':
      return read.list(ctx, req, res, info, rr, query);
    case 'watch':
      return read.watch(ctx, req, res, info, rr, query);
    case 'create': {
      if (rr.name && !rr.subresource)
        throw new BadRequestError('POST goes to the collection, not to a named object');
      const format = bodyFormat(req);
      result = await write.create(ctx, info, rr, parseBody(await readBody(req), format), fv, dryRun);
      break;
    }
    case 'update': {
      const format = bodyFormat(req);
      result = await write.update(ctx, info, rr, parseBody(await readBody(req), format), fv, dryRun);
      break;
    }
    case 'patch': {
      const format = bodyFormat(req);
      result = await write.patch(ctx, info, rr, parseBody(await readBody(req), format), format, fv, dryRun);
      break;
    }
    case 'delete': {
      const bytes = await readBody(req);
      const options = bytes.toString('utf8').trim()
        ? (parseBody(bytes, 'json') as { dryRun?: unknown } | null)
        : undefined;
      // kubectl sends --dry-run=server for deletes in the DeleteOptions body, not in the query
      const bodyDryRun = Array.isArray(options?.dryRun) && options.dryRun.includes('All');
      result = await write.remove(ctx, info, rr, options ?? undefined, dryRun || bodyDryRun);
      break;
    }
    default:
      throw new BadRequestError(`${rr.verb} is not supported; delete objects one by one`);
  }
  if (result.warnings.length) res.setHeader('Warning', result.warnings);
  sendJson(res, result.code, result.object);
};

/**
 * The HTTP face of the API: every request authenticated by bearer token, authorized per namespace
 * and role, answered in Kubernetes conventions (errors as `Status`), mutations audited.
 */
export const createApiServer = (ctx: ServerContext, tls: TlsMaterial): Server =>
  createServer({ ...tls, requestTimeout: 60_000, headersTimeout: 30_000 }, (req, res) => {
    void handle(ctx, req, res);
  });

const handle = async (ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> => {
  let who: Identity | undefined;
  let access: (Access & { info: KindInfo }) | undefined;
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/healthz' || path === '/readyz' || path === '/livez') {
      // livez: the process answers; healthz/readyz: start-up done (kubeconfig written) as well.
      const ok = path === '/livez' || ctx.ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok' : 'starting');
      return;
    }
    who = await authenticate(ctx, req);
    if (discovery(req, res, path)) return;
    const cat = STUDIO_CATALOG_PATH.exec(path);
    if (cat) return await serveCatalog(res, cat[1], cat[2] !== undefined);
    const studio = STUDIO_IMPORT_PATH.exec(path);
    if (studio) {
      access = {
        verb: 'create',
        resource: 'imports',
        namespaced: true,
        namespace: studio[1]!,
        info: findResource('spectrocloud.com', 'v1beta1', 'profilebundles')!,
      };
      authorize(who, { ...access, resource: 'profilebundles' });
      if (req.method !== 'POST') throw new BadRequestError('POST the .tar.gz archive to import it');
      const q = url.searchParams;
      const report = await importArchive(
        ctx,
        studio[1]!,
        await readBody(req, DEFAULT_ARCHIVE_LIMITS.maxCompressedBytes),
        {
          dryRun: q.get('dryRun') === 'All',
          overwrite: q.get('overwrite') === 'true',
          values: Object.fromEntries(
            q.getAll('set').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
          ),
        },
      );
      sendJson(res, report.result === 'imported' ? 201 : 200, report);
      auditOf(ctx, who, access, res.statusCode);
      return;
    }
    const parsed = parsePath(req.method ?? 'GET', path, url.searchParams);
    if (parsed.type === 'discovery') {
      if (!parsed.version) {
        const g = parsed.group ? apiGroup(parsed.group) : undefined;
        if (!g) throw new NotFoundError(`the server could not find the requested resource (${path})`);
        return sendJson(res, 200, g);
      }
      const list = apiResourceList(parsed.group ?? '', parsed.version);
      if (!list) throw new NotFoundError(`the server could not find the requested resource (${path})`);
      return sendJson(res, 200, list);
    }
    if (parsed.type === 'other')
      throw new NotFoundError(`the server could not find the requested resource (${path})`);
    const rr = parsed.request;
    const info = findResource(rr.group, rr.version, rr.resource);
    if (!info)
      throw new NotFoundError(
        `the server could not find the requested resource (${rr.group ? `${rr.resource}.${rr.group}` : rr.resource})`,
      );
    if (info.namespaced && !rr.namespace && !['list', 'watch'].includes(rr.verb)) {
      throw new NotFoundError(`${info.plural} are namespaced: use /namespaces/NAMESPACE/${info.plural}`);
    }
    access = {
      verb: rr.verb,
      resource: info.plural,
      namespaced: info.namespaced,
      info,
      ...(rr.namespace ? { namespace: rr.namespace } : {}),
      ...(rr.name ? { name: rr.name } : {}),
    };
    await resource(ctx, req, res, rr, who, url.searchParams, access);
    if (MUTATING.has(rr.verb)) auditOf(ctx, who, access, res.statusCode);
  } catch (err) {
    const status = sendStatus(res, err);
    if (!(err instanceof ApiError))
      ctx.log(`error handling ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
    const anonymous: Identity = { name: 'anonymous', role: 'viewer', namespace: '' };
    if (access && (MUTATING.has(access.verb) || status.code === 403))
      auditOf(ctx, who ?? anonymous, access, status.code, status.message);
    else if (!who && req.method !== 'GET' && req.method !== 'HEAD') {
      auditOf(
        ctx,
        anonymous,
        { verb: METHOD_VERBS[req.method ?? ''] ?? 'create', resource: req.url ?? '', namespaced: false },
        status.code,
        status.message,
      );
    }
  }
};

const auditOf = (ctx: ServerContext, who: Identity, access: Access, code: number, message?: string) =>
  ctx.audit.record({
    user: who.name,
    role: who.role,
    verb: access.verb,
    resource: access.resource,
    ...(access.namespace ? { namespace: access.namespace } : {}),
    ...(access.name ? { name: access.name } : {}),
    code,
    allowed: code < 400 || (code !== 401 && code !== 403),
    ...(message ? { message } : {}),
  });
