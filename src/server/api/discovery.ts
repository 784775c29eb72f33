import { createHash } from 'node:crypto';
import { isView, KINDS, findKind, VIEWS, type KindInfo } from '../../model/registry.js';
import { TOKEN_RESOURCE, tokenResourcesOf } from '../auth/tokenApi.js';
import { REVIEW_RESOURCES } from './reviews.js';

/**
 * Legacy (unaggregated) discovery documents, as kube-apiserver serves them at `/version`, `/api`,
 * `/apis`, `/api/v1` and `/apis/<group>/<version>`. Every answer is a plain JSON object; the HTTP
 * layer sends it with `Content-Type: application/json`, also when the client's `Accept` asked for
 * aggregated discovery first (kubectl then falls back to these documents; see `aggregated.ts`).
 */

/** The Kubernetes release this server speaks (kubectl warns when it is more than one minor away). */
export const KUBE_MAJOR = '1';
export const KUBE_MINOR = '32';

/** API group of the product's own kinds. */
export const PALETTE_GROUP = 'spectrocloud.com';
/** Category every kind of {@link PALETTE_GROUP} is in: `kubectl get paletteai` lists them all. */
export const PALETTE_CATEGORY = 'paletteai';

/** Verbs of a normal resource (what `kubectl api-resources -o wide` prints). */
export const RESOURCE_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
/** Verbs of a `/status` subresource. */
export const STATUS_VERBS = ['get', 'patch', 'update'];
/** A view of a stored kind (`events.k8s.io/v1` events) is read, watched, created and deleted. */
export const VIEW_VERBS = ['create', 'delete', 'get', 'list', 'watch'];
/** Core `namespaces` has no `deletecollection`, as in kube-apiserver. */
const NAMESPACE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** `/version` body (`version.Info`). */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** Options of {@link version}; defaults keep the answer stable for tests. */
export interface VersionOptions {
  gitCommit?: string;
  buildDate?: string;
  /** `os/arch` in Go spelling; defaults to this process's (`linux/amd64`…). */
  platform?: string;
}

const goArch = (arch: string): string => ({ x64: 'amd64', ia32: '386', arm: 'arm' })[arch] ?? arch;

/** The `/version` body: `v1.32.0-paletteai`, with major/minor kubectl checks for skew. */
export const version = (opts: VersionOptions = {}): VersionInfo => ({
  major: KUBE_MAJOR,
  minor: KUBE_MINOR,
  gitVersion: `v${KUBE_MAJOR}.${KUBE_MINOR}.0-paletteai`,
  gitCommit: opts.gitCommit ?? '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: opts.buildDate ?? '1970-01-01T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'node',
  platform: opts.platform ?? `${process.platform}/${goArch(process.arch)}`,
});

/** The `/api` body (`APIVersions`): the core group has only `v1`. */
export const coreApiVersions = (serverAddress = '127.0.0.1:6443') => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

/** Versions of each named group, preferred first (the order kube-apiserver lists them in). */
export const GROUP_VERSIONS: ReadonlyArray<{ group: string; versions: readonly string[] }> = [
  { group: PALETTE_GROUP, versions: ['v1beta1', 'v1alpha1'] },
  { group: 'source.toolkit.fluxcd.io', versions: ['v1'] },
  ...VIEWS.map((k) => ({ group: k.group, versions: [k.version] })),
  ...REVIEW_RESOURCES.map((r) => ({ group: r.group, versions: r.versions })),
  { group: TOKEN_RESOURCE.group, versions: [TOKEN_RESOURCE.version] },
];

/** Every served group-version as `{ group, version }`, core `v1` first. */
export const servedGroupVersions = (): Array<{ group: string; version: string }> => [
  { group: '', version: 'v1' },
  ...GROUP_VERSIONS.flatMap(({ group, versions }) => versions.map((v) => ({ group, version: v }))),
];

/** `group/version`, or `v1` for the core group. */
export const groupVersionString = (group: string, version: string): string =>
  group ? `${group}/${version}` : version;

/** The `/apis` body (`APIGroupList`). */
export const apiGroupList = () => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: GROUP_VERSIONS.map(({ group, versions }) => ({
    name: group,
    versions: versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${group}/${versions[0]}`, version: versions[0] },
  })),
});

/** The `/apis/<group>` body (`APIGroup`), or undefined for an unknown group. */
export const apiGroup = (group: string) => {
  const g = apiGroupList().groups.find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...g } : undefined;
};

/** Kinds served at one group-version, in registry order. */
export const kindsOf = (group: string, version: string): KindInfo[] =>
  [...KINDS, ...VIEWS].filter((k) => k.group === group && k.version === version);

/** True when the kind's schema has a `status` property, i.e. it serves a `/status` subresource. */
export const hasStatus = (k: KindInfo): boolean =>
  Boolean((k.schema as { properties?: Record<string, unknown> }).properties?.['status']);

/** Verbs of the kind's main resource. */
export const verbsFor = (k: KindInfo): string[] =>
  k.group === '' && k.kind === 'Namespace'
    ? [...NAMESPACE_VERBS]
    : isView(k)
      ? [...VIEW_VERBS]
      : [...RESOURCE_VERBS];

/** Categories of the kind (`paletteai` for the product's group, none otherwise). */
export const categoriesFor = (k: KindInfo): string[] => (k.group === PALETTE_GROUP ? [PALETTE_CATEGORY] : []);

/** kube-apiserver's storage version hash: base64 of the first 8 bytes of sha256(`group/version/kind`). */
export const storageVersionHash = (view: KindInfo): string => {
  const k = findKind(view.kind) ?? view; // a view is stored as its kind: the same hash
  return createHash('sha256')
    .update(`${k.group}/${k.version}/${k.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
};

/** One entry of an `APIResourceList`. */
export interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

/**
 * The `APIResourceList` of `/api/v1` (group `''`) or `/apis/<group>/<version>`: each kind, then its
 * `<plural>/status` subresource; undefined for a group-version this server does not serve.
 */
export const apiResourceList = (group: string, version: string) => {
  const served = servedGroupVersions().some((gv) => gv.group === group && gv.version === version);
  if (!served) return undefined;
  const resources: ApiResource[] = [];
  for (const k of kindsOf(group, version)) {
    const categories = categoriesFor(k);
    resources.push({
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: verbsFor(k),
      ...(k.shortNames.length ? { shortNames: [...k.shortNames] } : {}),
      ...(categories.length ? { categories } : {}),
      storageVersionHash: storageVersionHash(k),
    });
    if (hasStatus(k))
      resources.push({
        name: `${k.plural}/status`,
        singularName: '',
        namespaced: k.namespaced,
        kind: k.kind,
        verbs: [...STATUS_VERBS],
      });
  }
  for (const r of reviewsOf(group, version))
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: false,
      kind: r.kind,
      verbs: ['create'],
    });
  for (const r of tokenResourcesOf(group, version))
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: false,
      kind: r.kind,
      verbs: [...r.verbs],
    });
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionString(group, version),
    resources,
  };
};

/** The kind served at `group/version/plural` (core group `''`); undefined when not served. */
export const findResource = (group: string, version: string, plural: string): KindInfo | undefined =>
  kindsOf(group, version).find((k) => k.plural === plural);

/** The kind (`ProfileBundle`) → its resource info (plural, group, version…); undefined when unknown. */
export const resourceFor = (kind: string): KindInfo | undefined => findKind(kind);

/** The review resources (`selfsubjectaccessreviews`…) served at one group-version. */
export const reviewsOf = (group: string, version: string) =>
  REVIEW_RESOURCES.filter((r) => r.group === group && (r.versions as readonly string[]).includes(version));
