/**
 * API tokens as a resource: `/apis/auth.paletteai.spectrocloud.com/v1/apitokens` (cluster-scoped;
 * list, get, create, delete), so that kubectl (`kubectl get apitokens`) and `paletteai token` manage
 * them through the API, on any server of the database, with no restart. The token itself is in
 * `status.token` of the create answer only; the store keeps its sha256.
 *
 * Who may: a cluster-admin manages every token; the admin of a namespace manages the tokens of that
 * namespace (viewer, editor or admin, never cluster-admin); nobody else (authorize.ts). Tokens of
 * other namespaces are invisible to a namespace admin: a get or delete of one is 404, as for a name
 * that does not exist, so that existence does not leak.
 */
import {
  BadRequestError,
  ForbiddenError,
  InvalidError,
  MethodNotAllowedError,
  NotFoundError,
  describeValue,
} from '../../model/index.js';
import { acceptsTable, tableContentType } from '../api/accept.js';
import { age } from '../api/age.js';
import type { TableColumnDefinition } from '../api/table.js';
import { bodyFormat, parseBody, readBody } from '../body.js';
import { json, type Reply } from '../http/reply.js';
import type { RequestContext, Route } from '../http/router.js';
import type { Access } from './authorize.js';
import { API_TOKEN_SCHEMA } from './tokenSchema.js';
import {
  checkNewToken,
  ROLES,
  TOKEN_GROUP,
  type Identity,
  type NewToken,
  type Role,
  type TokenInfo,
} from './tokens.js';

export { TOKEN_GROUP };
export const TOKEN_VERSION = 'v1';
const API_VERSION = `${TOKEN_GROUP}/${TOKEN_VERSION}`;

/** The resource, as discovery publishes it (cluster-scoped). */
export const TOKEN_RESOURCE = {
  group: TOKEN_GROUP,
  version: TOKEN_VERSION,
  resource: 'apitokens',
  singular: 'apitoken',
  kind: 'APIToken',
  verbs: ['create', 'delete', 'get', 'list'],
  /** What OpenAPI publishes (`kubectl explain apitokens`). */
  schema: API_TOKEN_SCHEMA,
} as const;

/** The token resources served at one group-version (for discovery). */
export const tokenResourcesOf = (group: string, version: string) =>
  group === TOKEN_GROUP && version === TOKEN_VERSION ? [TOKEN_RESOURCE] : [];

const PATH = /^\/apis\/auth\.paletteai\.spectrocloud\.com\/v1\/apitokens(?:\/([^/]*))?\/?$/;

/** Kubernetes times are whole seconds. */
const seconds = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

/** The APIToken object of a token; `token` (the secret) only in the answer to its create. */
export const tokenObject = (t: TokenInfo, token?: string) => ({
  apiVersion: API_VERSION,
  kind: 'APIToken',
  metadata: { name: t.name, creationTimestamp: seconds(t.created) || null },
  spec: {
    role: t.role,
    namespace: t.namespace,
    ...(t.expiresAt ? { expirationTimestamp: t.expiresAt } : {}),
  },
  ...(token ? { status: { token } } : {}),
});

const COLUMNS: TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the token.', priority: 0 },
  { name: 'Role', type: 'string', format: '', description: 'spec.role', priority: 0 },
  { name: 'Namespace', type: 'string', format: '', description: 'spec.namespace', priority: 0 },
  {
    name: 'Expires',
    type: 'string',
    format: '',
    description: 'spec.expirationTimestamp ("never" when absent)',
    priority: 0,
  },
  { name: 'Age', type: 'date', format: '', description: 'metadata.creationTimestamp', priority: 0 },
];

const reply = (c: RequestContext, tokens: TokenInfo[], single: boolean): Reply => {
  const objects = tokens.map((t) => tokenObject(t));
  const table = acceptsTable(c.req.headers.accept);
  if (table) {
    const now = new Date();
    const expires = (t: TokenInfo) =>
      !t.expiresAt ? 'never' : Date.parse(t.expiresAt) <= now.getTime() ? 'expired' : t.expiresAt;
    return json(
      200,
      {
        kind: 'Table',
        apiVersion: `meta.k8s.io/${table}`,
        metadata: {},
        columnDefinitions: COLUMNS,
        rows: tokens.map((t, i) => ({
          cells: [t.name, t.role, t.namespace, expires(t), age(objects[i]!.metadata.creationTimestamp, now)],
          object: {
            kind: 'PartialObjectMetadata',
            apiVersion: `meta.k8s.io/${table}`,
            metadata: objects[i]!.metadata,
          },
        })),
      },
      tableContentType(table),
    );
  }
  if (single) return json(200, objects[0]);
  return json(200, { apiVersion: API_VERSION, kind: 'APITokenList', metadata: {}, items: objects });
};

/** A namespace admin sees the tokens of its namespace; a cluster-admin every one. */
const visible = (who: Identity, t: TokenInfo | undefined): t is TokenInfo =>
  t !== undefined && (who.role === 'cluster-admin' || t.namespace === who.namespace);

const notFound = (name: string) =>
  new NotFoundError(`apitokens.${TOKEN_GROUP} "${name}" not found`, {
    kind: 'apitokens',
    group: TOKEN_GROUP,
    name,
  });

/** The fields of an APIToken's spec, as its published schema names them. */
const SPEC_FIELDS = Object.keys(API_TOKEN_SCHEMA.properties.spec.properties);

/** Reads the body of a create: an APIToken with metadata.name and spec (role, namespace, end). */
const newTokenOf = (body: unknown, now: Date): NewToken => {
  const o = body as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown };
    spec?: {
      role?: unknown;
      namespace?: unknown;
      expirationTimestamp?: unknown;
      expirationSeconds?: unknown;
    };
  } | null;
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw new BadRequestError('the body must be an APIToken object');
  if (o.kind !== undefined && o.kind !== 'APIToken')
    throw new BadRequestError(`kind must be APIToken, found ${describeValue(o.kind)}`);
  if (o.apiVersion !== undefined && o.apiVersion !== API_VERSION)
    throw new BadRequestError(`apiVersion must be ${API_VERSION}, found ${describeValue(o.apiVersion)}`);
  const spec = o.spec ?? {};
  const invalid = (field: string, message: string) =>
    new InvalidError(`${field}: ${message}`, {
      kind: 'APIToken',
      causes: [{ reason: 'FieldValueInvalid', field, message }],
    });
  // A misspelt field must not pass unnoticed: `expiresIn: 3600` ignored would make a token that never ends.
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw invalid('spec', 'must be an object with role, namespace and an optional expiration');
  for (const field of Object.keys(spec))
    if (!SPEC_FIELDS.includes(field))
      throw invalid(`spec.${field}`, `unknown field: an APIToken's spec has ${SPEC_FIELDS.join(', ')}`);
  const name = o.metadata?.name;
  if (typeof name !== 'string') throw invalid('metadata.name', 'required: the token name');
  if (typeof spec.role !== 'string' || !ROLES.includes(spec.role as Role))
    throw invalid('spec.role', `required: one of ${ROLES.join(', ')}`);
  const role = spec.role as Role;
  const namespace = spec.namespace ?? (role === 'cluster-admin' ? '*' : undefined);
  if (typeof namespace !== 'string')
    throw invalid('spec.namespace', `required for a ${role} token: the namespace its role applies to`);
  let expiresAt: Date | undefined;
  if (spec.expirationSeconds !== undefined && spec.expirationTimestamp !== undefined)
    throw invalid('spec.expirationSeconds', 'give expirationSeconds or expirationTimestamp, not both');
  if (spec.expirationSeconds !== undefined) {
    const s = spec.expirationSeconds;
    if (typeof s !== 'number' || !Number.isInteger(s) || s <= 0)
      throw invalid('spec.expirationSeconds', 'must be a positive whole number of seconds');
    expiresAt = new Date(now.getTime() + s * 1000);
  } else if (spec.expirationTimestamp !== undefined) {
    const t = spec.expirationTimestamp;
    if (typeof t !== 'string' || Number.isNaN(Date.parse(t)))
      throw invalid('spec.expirationTimestamp', 'must be an RFC 3339 time such as 2030-01-01T00:00:00Z');
    expiresAt = new Date(Date.parse(t));
  }
  const t: NewToken = { name, role, namespace, ...(expiresAt ? { expiresAt } : {}) };
  checkNewToken(t, now, { name: 'metadata.name', spec: 'spec.' });
  return t;
};

/** A namespace admin may make tokens of its namespace, below cluster-admin. */
const mayCreate = (who: Identity, t: NewToken): void => {
  if (who.role === 'cluster-admin') return;
  const why =
    t.role === 'cluster-admin'
      ? 'only a cluster-admin may create cluster-admin tokens'
      : `the token is limited to namespace "${who.namespace}"`;
  if (t.role === 'cluster-admin' || t.namespace !== who.namespace)
    throw new ForbiddenError(
      `token "${who.name}" (${who.role} of namespace "${who.namespace}") cannot create a ${t.role} token for ${t.namespace === '*' ? 'every namespace' : `namespace "${t.namespace}"`}: ${why}.`,
      { kind: 'apitokens', group: TOKEN_GROUP, name: t.name },
    );
};

const access = (c: RequestContext): Access => {
  const name = c.params[0] ? decodeURIComponent(c.params[0]) : undefined;
  const method = c.req.method ?? 'GET';
  const verb =
    method === 'GET'
      ? name
        ? 'get'
        : 'list'
      : method === 'POST'
        ? 'create'
        : method === 'DELETE'
          ? 'delete'
          : undefined;
  if (!verb || (verb === 'create' && name) || (verb === 'delete' && !name))
    throw new MethodNotAllowedError(
      `${method} is not supported on ${c.url.pathname}: apitokens are listed, read, created (POST to the collection) and deleted`,
    );
  return { verb, group: TOKEN_GROUP, resource: 'apitokens', namespaced: false, ...(name ? { name } : {}) };
};

const handle = async (c: RequestContext): Promise<Reply> => {
  const { ctx, who } = c;
  const a = c.access!;
  const dryRun = c.url.searchParams.getAll('dryRun').includes('All');
  switch (a.verb) {
    case 'list':
      if (c.url.searchParams.get('watch') !== null && c.url.searchParams.get('watch') !== 'false')
        throw new MethodNotAllowedError('apitokens cannot be watched; list them');
      return reply(
        c,
        (await ctx.tokens.list()).filter((t) => visible(who!, t)),
        false,
      );
    case 'get': {
      const t = await ctx.tokens.get(a.name!);
      if (!visible(who!, t)) throw notFound(a.name!);
      return reply(c, [t], true);
    }
    case 'create': {
      const now = new Date();
      const t = newTokenOf(parseBody(await readBody(c.req), bodyFormat(c.req)), now);
      mayCreate(who!, t);
      const shown: TokenInfo = {
        name: t.name,
        role: t.role,
        namespace: t.namespace,
        created: now.toISOString(),
        ...(t.expiresAt ? { expiresAt: t.expiresAt.toISOString() } : {}),
      };
      if (dryRun) return json(201, tokenObject(shown));
      const token = await ctx.tokens.create(t);
      return json(201, tokenObject((await ctx.tokens.get(t.name)) ?? shown, token));
    }
    default: {
      const t = await ctx.tokens.get(a.name!);
      if (!visible(who!, t)) throw notFound(a.name!);
      if (!dryRun && !(await ctx.tokens.revoke(t.name))) throw notFound(t.name);
      return json(200, tokenObject(t));
    }
  }
};

/** The routes of the apitokens resource (before the generic resource route). */
export const TOKEN_ROUTES: readonly Route[] = [{ method: '*', path: PATH, access, handler: handle }];
