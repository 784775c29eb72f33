import { BadRequestError, isDns1123Subdomain, NotFoundError, quote } from '../model/index.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** What a request under `/api` or `/apis` is about, as kube-apiserver's RequestInfo. */
export interface ResourceRequest {
  group: string;
  version: string;
  /** Namespace from the path (`/namespaces/NS/...`); for the namespaces resource itself, see `name`. */
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: Verb;
}

/** Non-resource paths (discovery) and resource paths, parsed from the URL path and method. */
export type ParsedPath =
  | { type: 'resource'; request: ResourceRequest }
  | { type: 'discovery'; group?: string; version?: string; prefix: 'api' | 'apis' }
  | { type: 'other'; path: string };

/**
 * Parses `/api/v1/namespaces/ns/secrets/name`, `/apis/group/version/namespaces/ns/plural/name/status`
 * and the like. Path segments are checked against DNS-style syntax so odd names (`..`, `%2F`, NUL)
 * never reach storage: a name no object can have is not found (404), any other odd segment is a
 * bad request.
 */
export const parsePath = (method: string, pathname: string, query: URLSearchParams): ParsedPath => {
  const parts = pathname.split('/').filter((p) => p !== '');
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return { type: 'other', path: pathname };
  let i = 1;
  let group = '';
  if (prefix === 'apis') {
    group = parts[i++] ?? '';
    if (!group) return { type: 'discovery', prefix };
  }
  const version = parts[i++];
  if (!version) return { type: 'discovery', prefix, ...(group ? { group } : {}) };
  const rest = parts.slice(i).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      throw new BadRequestError(`malformed path segment ${quote(p)}`);
    }
  });
  if (rest.length === 0) return { type: 'discovery', prefix, version, ...(group ? { group } : {}) };
  let namespace: string | undefined;
  // `/namespaces/NS/<resource>...` is namespaced, except `/namespaces/NS` alone (the Namespace object).
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest.splice(0, 2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length) throw new BadRequestError(`unsupported path ${pathname}`);
  for (const s of [namespace, resource, subresource]) if (s !== undefined) assertSegment(s);
  const watch = queryFlag(query.get('watch'));
  const verb = verbFor(method, name !== undefined, watch);
  if (name !== undefined && !isDns1123Subdomain(name)) {
    // No object has such a name (admission refuses it): reading, changing or deleting it finds
    // nothing, as kube-apiserver answers; `kubectl apply` then creates it and hears why not.
    if (verb === 'create' || verb === 'watch') assertSegment(name);
    const qualified = group ? `${resource}.${group}` : resource;
    throw new NotFoundError(`${qualified} ${quote(name)} not found`, {
      kind: resource,
      group,
      name,
    });
  }
  return {
    type: 'resource',
    request: {
      group,
      version,
      resource,
      verb,
      ...(namespace ? { namespace } : {}),
      ...(name ? { name } : {}),
      ...(subresource ? { subresource } : {}),
    },
  };
};

/** A namespace, resource or subresource segment: DNS-style, so odd ones (`..`, `%2F`, NUL) never reach storage. */
const assertSegment = (s: string): void => {
  if (!isDns1123Subdomain(s))
    throw new BadRequestError(
      `invalid path segment ${JSON.stringify(s)}: names are lowercase letters, digits, "-" and "."`,
    );
};

const verbFor = (method: string, hasName: boolean, watch: boolean): Verb => {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      throw new BadRequestError(`method ${method} is not supported`);
  }
};

/**
 * A boolean query parameter read as kube-apiserver reads it (Go's strconv.ParseBool): `1`, `t`, `T`,
 * `true`, `TRUE`, `True` are true. The Python client sends `watch=True`.
 */
export const queryFlag = (value: string | null): boolean =>
  value !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value);
