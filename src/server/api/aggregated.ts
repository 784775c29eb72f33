import {
  GROUP_VERSIONS,
  categoriesFor,
  hasStatus,
  kindsOf,
  reviewsOf,
  verbsFor,
  STATUS_VERBS,
} from './discovery.js';
import { tokenResourcesOf } from '../auth/tokenApi.js';

/**
 * Aggregated discovery (`apidiscovery.k8s.io/v2` `APIGroupDiscoveryList`): `/api` and `/apis` in one
 * answer each, so kubectl needs no `/api/v1` or `/apis/<group>/<version>` round trips.
 *
 * Serve it only when {@link acceptsAggregatedDiscovery} is true for the request's `Accept`, with
 * `Content-Type: ` `DISCOVERY_V2_CONTENT_TYPE` (client-go picks the decoder from the
 * content type's `g`, `v` and `as` parameters; a plain `application/json` answer is read as legacy
 * `APIVersions` / `APIGroupList`). Send `Vary: Accept` so caches keep the two forms apart.
 */

/** `GroupVersionKind` as discovery writes it. */
interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** One subresource in aggregated discovery. */
export interface ApiSubresourceDiscovery {
  subresource: string;
  responseKind: Gvk;
  verbs: string[];
}

/** One resource in aggregated discovery. */
export interface ApiResourceDiscovery {
  resource: string;
  responseKind: Gvk;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: ApiSubresourceDiscovery[];
}

/** One group with its versions, preferred first. */
export interface ApiGroupDiscovery {
  metadata: { name?: string; creationTimestamp: null };
  versions: Array<{ version: string; resources: ApiResourceDiscovery[]; freshness: 'Current' }>;
}

const resourcesOf = (group: string, version: string): ApiResourceDiscovery[] => [
  ...kindsOf(group, version).map((k): ApiResourceDiscovery => {
    const responseKind = { group: k.group, version: k.version, kind: k.kind };
    const categories = categoriesFor(k);
    return {
      resource: k.plural,
      responseKind,
      scope: k.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: k.singular,
      verbs: verbsFor(k),
      ...(k.shortNames.length ? { shortNames: [...k.shortNames] } : {}),
      ...(categories.length ? { categories } : {}),
      ...(hasStatus(k)
        ? { subresources: [{ subresource: 'status', responseKind, verbs: [...STATUS_VERBS] }] }
        : {}),
    };
  }),
  ...reviewsOf(group, version).map((r): ApiResourceDiscovery => ({
    resource: r.resource,
    responseKind: { group: r.group, version, kind: r.kind },
    scope: 'Cluster',
    singularResource: r.singular,
    verbs: ['create'],
  })),
  ...tokenResourcesOf(group, version).map((r): ApiResourceDiscovery => ({
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs],
  })),
];

const list = (items: ApiGroupDiscovery[]) => ({
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  metadata: {},
  items,
});

/**
 * The aggregated answer for `GET /api` (`which: 'api'`, the core group, one unnamed item) or
 * `GET /apis` (`which: 'apis'`, every named group).
 */
export const aggregatedDiscovery = (which: 'api' | 'apis') => {
  if (which === 'api')
    return list([
      {
        metadata: { creationTimestamp: null },
        versions: [{ version: 'v1', resources: resourcesOf('', 'v1'), freshness: 'Current' }],
      },
    ]);
  return list(
    GROUP_VERSIONS.map(({ group, versions }) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: versions.map((v) => ({
        version: v,
        resources: resourcesOf(group, v),
        freshness: 'Current' as const,
      })),
    })),
  );
};
