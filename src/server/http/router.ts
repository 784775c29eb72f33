/**
 * A small route table with middleware, in the manner of Hono: routes match a method and a path
 * pattern; every request then runs authenticate → authorize → audit → handler, handlers return a
 * {@link Reply}, and errors become a Kubernetes `Status` in one place (`toStatus`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, BadRequestError, NotFoundError, UnauthorizedError } from '../../model/index.js';
import { authorize, type Access } from '../auth/authorize.js';
import type { Identity } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import type { Verb } from '../requestInfo.js';
import { ClientGoneError } from '../body.js';
import { sendStatus, toStatus } from '../status.js';
import { Inflight, type FlowClass } from './inflight.js';
import { send, type Reply } from './reply.js';

/** One request as handlers see it. */
export interface RequestContext {
  ctx: ServerContext;
  req: IncomingMessage;
  url: URL;
  /** Groups the route's pattern captured. */
  params: string[];
  /** Who sent it (absent on public routes). */
  who?: Identity;
  /** What it does, once the route has said (for authorization and audit). */
  access?: Access;
}

/** One route: a method (or `*`), a path pattern, what it does, and its handler. */
export interface Route {
  method: string;
  path: RegExp;
  /** Answered without a token (health checks). @default false */
  public?: boolean;
  /**
   * What the request does, for authorization and audit; absent: any authenticated caller may use
   * it (discovery). May throw (404 for an unknown resource) and may set more on `c`.
   */
  access?: (c: RequestContext) => Access | Promise<Access>;
  handler: (c: RequestContext) => Promise<Reply> | Reply;
  /**
   * Which bound on requests in flight the request counts against; `none` for long-running ones.
   * @default watches none, GET and HEAD readonly, others mutating
   */
  flow?: FlowClass | 'none';
}

/** The flow class of a request the route did not classify. */
const flowOf = (route: Route, c: RequestContext): FlowClass | 'none' => {
  if (route.flow) return route.flow;
  if (c.access?.verb === 'watch') return 'none';
  return c.req.method === 'GET' || c.req.method === 'HEAD' ? 'readonly' : 'mutating';
};

const MUTATING: ReadonlySet<Verb> = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** The verb an unauthenticated mutation would have had, for its audit record. */
const METHOD_VERBS: Record<string, Verb> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

const ANONYMOUS: Identity = { name: 'anonymous', role: 'viewer', namespace: '' };

const authenticate = async (ctx: ServerContext, req: IncomingMessage): Promise<Identity> => {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const who = m ? await ctx.tokens.authenticate(m[1]!) : undefined;
  if (!who)
    throw new UnauthorizedError(
      m
        ? 'the bearer token is not valid'
        : 'a bearer token is required (Authorization: Bearer <token>); create one with `paletteai token create`',
    );
  return who;
};

/**
 * The audit record of a request's outcome: every mutation (allowed or not), every denial, and
 * every unauthenticated write attempt; reads that succeed are not recorded. Called once the
 * outcome is final and before the answer's first byte (the sink's contract), so an acknowledged
 * write always has its record. `created` names the object a create made (generateName resolved).
 */
const audit = (c: RequestContext, code: number, message?: string, created?: string): void => {
  let access = c.access;
  if (access) {
    if (!MUTATING.has(access.verb) && code !== 403) return;
  } else if (!c.who && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    access = {
      verb: METHOD_VERBS[c.req.method ?? ''] ?? 'create',
      resource: c.url.pathname,
      namespaced: false,
    };
  } else return;
  const who = c.who ?? ANONYMOUS;
  c.ctx.audit.record({
    user: who.name,
    role: who.role,
    verb: access.verb,
    ...(access.group !== undefined ? { group: access.group } : {}),
    resource: access.resource,
    ...(access.subresource ? { subresource: access.subresource } : {}),
    ...(access.namespace ? { namespace: access.namespace } : {}),
    ...((access.name ?? created) ? { name: access.name ?? created } : {}),
    code,
    allowed: code < 400 || (code !== 401 && code !== 403),
    ...(message ? { message } : {}),
  });
};

/** The name in a reply's object (what a create made), if it carries one. */
const createdName = (body: unknown): string | undefined => {
  const name = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' ? name : undefined;
};

/**
 * The URL of a request target. An origin-form target is a path even when it starts with `//`:
 * `new URL('//a%2F../x', base)` reads `a%2F..` as a host and throws, and that throw, outside any
 * handler, was an unhandled rejection that ended the server process (one unauthenticated request;
 * found by the fuzz suite). Anything that still does not parse is a 400.
 */
const requestUrl = (target = '/'): URL => {
  try {
    return target.startsWith('/')
      ? new URL(`http://localhost${target}`)
      : new URL(target, 'http://localhost');
  } catch {
    throw new BadRequestError('the request target is not a valid path');
  }
};

/** Builds the request handler of a route table; the first matching route wins. */
export const createRouter = (ctx: ServerContext, routes: readonly Route[]) => {
  const inflight = new Inflight(ctx.inflightLimits);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let leave: (() => void) | undefined;
    const c: RequestContext = { ctx, req, url: new URL('http://localhost/'), params: [] };
    try {
      c.url = requestUrl(req.url);
      const path = c.url.pathname;
      let route: Route | undefined;
      for (const r of routes) {
        if (r.method !== '*' && r.method !== req.method) continue;
        const m = r.path.exec(path);
        if (m) {
          route = r;
          c.params = m.slice(1).map((p) => p ?? '');
          break;
        }
      }
      if (!route?.public) c.who = await authenticate(ctx, req);
      if (!route) throw new NotFoundError(`the server could not find the requested resource (${path})`);
      if (route.access) {
        c.access = await route.access(c);
        authorize(c.who!, c.access);
      }
      // Public routes (health checks) are never refused: they must answer most when busy.
      const flow = route.public ? 'none' : flowOf(route, c);
      if (flow !== 'none') leave = inflight.enter(flow);
      const reply = await route.handler(c);
      if (reply.type === 'json') audit(c, reply.code, undefined, createdName(reply.body));
      else if (reply.type !== 'stream') audit(c, reply.code);
      await send(res, reply);
    } catch (err) {
      // The client went away (aborted its request): there is no one to answer and nothing to log.
      if (err instanceof ClientGoneError || res.destroyed) return;
      const status = toStatus(err);
      if (!(err instanceof ApiError))
        ctx.log(`error handling ${req.method} ${c.url.pathname}: ${(err as Error).stack ?? String(err)}`);
      audit(c, status.code, status.message);
      sendStatus(res, err);
    } finally {
      leave?.();
    }
  };
};
