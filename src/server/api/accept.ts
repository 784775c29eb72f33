/**
 * Parsing of the `Accept` header the way kube-apiserver reads it: a comma-separated list of media
 * types whose parameters (`as`, `v`, `g`) ask for a different *representation* of the answer —
 * a `meta.k8s.io` Table for `kubectl get`, an `apidiscovery.k8s.io` APIGroupDiscoveryList for
 * aggregated discovery. Pure functions, no HTTP.
 */

/** One entry of an `Accept` header. */
export interface MediaRange {
  /** `type/subtype`, lower-cased, e.g. `application/json`. */
  type: string;
  /** Parameters with lower-cased names (`as`, `v`, `g`, `q`, `stream`…); values as given. */
  params: Record<string, string>;
}

/** Content type of a `meta.k8s.io/v1` Table answer. */
export const TABLE_CONTENT_TYPE_V1 = 'application/json;as=Table;v=v1;g=meta.k8s.io';
/** Content type of a `meta.k8s.io/v1beta1` Table answer. */
export const TABLE_CONTENT_TYPE_V1BETA1 = 'application/json;as=Table;v=v1beta1;g=meta.k8s.io';
/** Content type of an aggregated discovery (`apidiscovery.k8s.io/v2`) answer. */
export const DISCOVERY_V2_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const unquote = (v: string): string =>
  v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;

/**
 * Splits an `Accept` header into media ranges, in the order given (kube-apiserver ignores `q` and
 * takes the first entry it can serve; so does this module). Empty or missing header → `[]`.
 */
export const parseAccept = (accept: string | undefined | null): MediaRange[] => {
  if (!accept) return [];
  const out: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [head, ...rest] = part.split(';');
    const type = (head ?? '').trim().toLowerCase();
    if (!type) continue;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      if (name) params[name] = unquote(p.slice(eq + 1).trim());
    }
    out.push({ type, params });
  }
  return out;
};

const isJson = (type: string): boolean =>
  type === 'application/json' || type === 'application/*' || type === '*/*';

/** Version of a `meta.k8s.io` Table answer. */
export type TableVersion = 'v1' | 'v1beta1';

/**
 * When the `Accept` header asks for a Table (`application/json;as=Table;v=v1;g=meta.k8s.io`, as
 * `kubectl get` sends), returns the Table version to answer with; undefined when the client wants
 * plain objects. Entries come in preference order; the first Table entry kube-apiserver could serve
 * wins, and an earlier plain `application/json` entry means "plain", as kube-apiserver decides.
 */
export const acceptsTable = (accept: string | undefined | null): TableVersion | undefined => {
  for (const { type, params } of parseAccept(accept)) {
    if (!isJson(type)) continue;
    if (params['as'] === undefined) return undefined;
    if (params['as'] !== 'Table' || params['g'] !== 'meta.k8s.io') continue;
    if (params['v'] === 'v1' || params['v'] === 'v1beta1') return params['v'];
  }
  return undefined;
};

/** The `Content-Type` of a Table answer of the given version. */
export const tableContentType = (version: TableVersion): string =>
  version === 'v1' ? TABLE_CONTENT_TYPE_V1 : TABLE_CONTENT_TYPE_V1BETA1;

/**
 * True when the `Accept` header of a `GET /api` or `GET /apis` asks for aggregated discovery
 * (`apidiscovery.k8s.io` `v2` `APIGroupDiscoveryList`) before any plain JSON entry. kubectl 1.32
 * sends `…;v=v2;as=APIGroupDiscoveryList,…;v=v2beta1;…,application/json`.
 */
export const acceptsAggregatedDiscovery = (accept: string | undefined | null): boolean => {
  for (const { type, params } of parseAccept(accept)) {
    if (!isJson(type)) continue;
    if (params['as'] === undefined) return false;
    if (
      params['as'] === 'APIGroupDiscoveryList' &&
      params['g'] === 'apidiscovery.k8s.io' &&
      params['v'] === 'v2'
    )
      return true;
  }
  return false;
};
