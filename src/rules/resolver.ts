import { namespaceOf } from '../model/index.js';
import type {
  ClusterProfile,
  ComponentDefinition,
  ComputePool,
  HelmRepository,
  KubeObject,
  OCIRepository,
  ProfileBundle,
  Project,
  Settings,
  VariableSet,
  WorkloadProfile,
} from '../model/index.js';

export type Repository = HelmRepository | OCIRepository;
export type BundlePhase = 'Pending' | 'Ready' | 'Invalid';

/**
 * How rules and the planner find the objects an object refers to. Lookups are synchronous: callers
 * gather what a check needs first (the loaded files, a store snapshot, profiles read from Palette)
 * and hand it over through this interface, so the rules never do I/O.
 */
export interface Resolver {
  profileBundle(namespace: string, name: string): ProfileBundle | undefined;
  profileBundles(namespace: string): ProfileBundle[];
  /** Newest version when `version` is absent. */
  clusterProfile(namespace: string, name: string, version?: string): ClusterProfile | undefined;
  /** Versions known for a name, to explain a failed lookup. */
  clusterProfileVersions(namespace: string, name: string): string[];
  /** Latest revision when `revision` is absent. */
  workloadProfile(namespace: string, name: string, revision?: number): WorkloadProfile | undefined;
  componentDefinition(namespace: string, name: string): ComponentDefinition | undefined;
  /** A HelmRepository or OCIRepository, or one a bundle of the namespace declares as a dependency. */
  repository(namespace: string, name: string): Repository | undefined;
  repositoryNames(namespace: string): string[];
  computePool(namespace: string, name: string): ComputePool | undefined;
  variableSets(namespace: string): VariableSet[];
  project(name: string): Project | undefined;
  /** The project that owns a namespace (its `spec.namespace`). */
  projectForNamespace(namespace: string): Project | undefined;
  settings(namespace: string, name: string): Settings | undefined;
  /** Whether a Secret exists (its content is never handed out). */
  hasSecret(namespace: string, name: string): boolean;
  /** The bundle's phase: Ready when valid with every reference resolved. */
  bundlePhase(bundle: ProfileBundle): BundlePhase;
  /**
   * How messages name the place `namespace`'s references are looked up (`namespace NS` when
   * absent): a Studio archive's checker says "the archive", whose objects have no namespace yet
   * and which is self-contained (SPEC §4).
   */
  where?(namespace: string): string;
  /**
   * The objects are files, not a server's: a WorkloadProfile that carries no `status.revision` has
   * its revisions counted by the server it is applied to, so a bundle's pin of one cannot be
   * checked here (PB008 is then a warning, and the file's spec stands in for that revision).
   */
  readonly pinsCheckedByServer?: boolean;
}

/** The place a reference from `namespace` was looked up, as messages name it (see {@link Resolver.where}). */
export const placeOf = (resolver: Resolver, namespace: string): string =>
  resolver.where?.(namespace) ?? `namespace ${namespace}`;

/** Namespace of an object, `default` when it names none (the model's; re-exported for callers of the rules). */
export { namespaceOf };

export const revisionOf = (wp: WorkloadProfile): number => wp.status?.revision ?? 1;

/** The revision of workload profile `name` that `bundle` pins; undefined when it takes the latest. */
export const pinnedRevision = (bundle: ProfileBundle, name: string): number | undefined =>
  bundle.spec.workloadProfiles?.find((r) => r.name === name)?.revision;

/** Earlier revisions made into profiles, by the profile they came from (one object per revision). */
const earlier = new WeakMap<WorkloadProfile, Map<number, WorkloadProfile>>();

/**
 * `wp` as it was at `revision`: itself when that is its current revision, else the spec kept in
 * `status.history` under the current metadata (SPEC §2.2: old revisions stay readable), or
 * undefined when that revision is not kept. The same revision of the same object is the same
 * object every time (`validate` compares lookups' answers by identity).
 */
export const profileAtRevision = (wp: WorkloadProfile, revision: number): WorkloadProfile | undefined => {
  if (revisionOf(wp) === revision) return wp;
  const kept = wp.status?.history?.find((h) => h.revision === revision);
  if (!kept) return undefined;
  let made = earlier.get(wp);
  if (!made) earlier.set(wp, (made = new Map()));
  let at = made.get(revision);
  if (!at) made.set(revision, (at = { ...wp, spec: kept.spec, status: { revision } }));
  return at;
};

/** The revisions of `wp` that can be read: those kept in its history, then its current one. */
export const revisionsOf = (wp: WorkloadProfile): number[] => [
  ...(wp.status?.history ?? []).map((h) => h.revision),
  revisionOf(wp),
];

/**
 * The revisions of `wp` that can be read (those kept in its history, then its current one), as a
 * reader scans them: `3–12` when they follow each other, else a list.
 */
export const readableRevisions = (wp: WorkloadProfile): string => {
  const revisions = revisionsOf(wp);
  return revisions.length > 2 && revisions.every((r, i) => i === 0 || r === revisions[i - 1]! + 1)
    ? `${revisions[0]}–${revisions.at(-1)}`
    : revisions.join(', ');
};

export const objectKey = (o: KubeObject): string => `${o.kind}/${namespaceOf(o)}/${o.metadata.name}`;
