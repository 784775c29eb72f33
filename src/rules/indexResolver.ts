import {
  LABEL_CLUSTER_PROFILE,
  byCodeUnits,
  compareVersions,
  dependencyRepositories,
  greatest,
} from '../model/index.js';
import type {
  ClusterProfile,
  ComponentDefinition,
  ComputePool,
  KubeObject,
  ProfileBundle,
  Project,
  Settings,
  VariableSet,
  WorkloadProfile,
} from '../model/index.js';
import {
  namespaceOf,
  profileAtRevision,
  revisionOf,
  type BundlePhase,
  type Repository,
  type Resolver,
} from './resolver.js';

/** The answer of a lookup that finds nothing (never changed: callers only read it). */
const NONE: readonly KubeObject[] = Object.freeze([]);

/**
 * A resolver over an in-memory set of objects (the loaded files, or a snapshot of a store).
 * Bundle phases come from `phaseOf`, which the rules engine supplies (offline: computed by validation).
 */
export class IndexResolver implements Resolver {
  /**
   * Objects by kind, namespace and name. Nested maps, not one map keyed by `namespace/name`: a key
   * string built for every lookup cost more than the lookup (issue #11: ~1.5 µs an object in `validate`).
   */
  private readonly byKind = new Map<string, Map<string, Map<string, KubeObject[]>>>();
  private readonly dependencyRepos = new Map<string, Repository>();
  /**
   * Cluster profiles by namespace and the profile name of their `palette.ai/cluster-profile` label
   * (nested maps too: every bundle's lookup of a cluster profile asks it).
   */
  private readonly versionsByName = new Map<string, Map<string, ClusterProfile[]>>();
  /** Every Project in the order added (they are few; looked up by name and by namespace). */
  private readonly projects: Project[] = [];
  phaseOf: (bundle: ProfileBundle) => BundlePhase = () => 'Ready';
  /** How messages name where references are looked up (see {@link Resolver.where}). */
  where?: (namespace: string) => string;
  /** See {@link Resolver.pinsCheckedByServer}. */
  pinsCheckedByServer?: boolean;

  constructor(objects: Iterable<KubeObject>) {
    for (const o of objects) this.add(o);
  }

  add(o: KubeObject): void {
    const namespace = namespaceOf(o);
    let kind = this.byKind.get(o.kind);
    if (!kind) this.byKind.set(o.kind, (kind = new Map()));
    let names = kind.get(namespace);
    if (!names) kind.set(namespace, (names = new Map()));
    const list = names.get(o.metadata.name);
    if (list) list.push(o);
    else names.set(o.metadata.name, [o]);
    if (o.kind === 'ProfileBundle') this.addDependencies(o as unknown as ProfileBundle);
    if (o.kind === 'Project') this.projects.push(o as unknown as Project);
    const profileName = o.kind === 'ClusterProfile' ? o.metadata.labels?.[LABEL_CLUSTER_PROFILE] : undefined;
    if (profileName && profileName !== o.metadata.name) {
      let byName = this.versionsByName.get(namespace);
      if (!byName) this.versionsByName.set(namespace, (byName = new Map()));
      const versions = byName.get(profileName);
      if (versions) versions.push(o as unknown as ClusterProfile);
      else byName.set(profileName, [o as unknown as ClusterProfile]);
    }
  }

  private addDependencies(b: ProfileBundle): void {
    const ns = namespaceOf(b);
    for (const repo of dependencyRepositories(b, ns))
      this.dependencyRepos.set(`${ns}/${repo.metadata.name}`, repo);
  }

  /** The first object added of a kind with a namespace and name (e.g. to report a second one). */
  first(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.all<KubeObject>(kind, namespace, name)[0];
  }

  private all<T>(kind: string, namespace: string, name: string): T[] {
    return (this.byKind.get(kind)?.get(namespace)?.get(name) ?? NONE) as unknown as T[];
  }

  private inNamespace<T>(kind: string, namespace: string): T[] {
    const out: T[] = [];
    for (const list of this.byKind.get(kind)?.get(namespace)?.values() ?? [])
      out.push(...(list as unknown as T[]));
    return out;
  }

  profileBundle(namespace: string, name: string): ProfileBundle | undefined {
    return this.all<ProfileBundle>('ProfileBundle', namespace, name)[0];
  }
  profileBundles(namespace: string): ProfileBundle[] {
    return this.inNamespace<ProfileBundle>('ProfileBundle', namespace);
  }
  clusterProfile(namespace: string, name: string, version?: string): ClusterProfile | undefined {
    const list = this.clusterProfilesNamed(namespace, name);
    if (version !== undefined) return list.find((c) => c.spec.version === version);
    return greatest(list, (a, b) => compareVersions(a.spec.version, b.spec.version));
  }
  clusterProfileVersions(namespace: string, name: string): string[] {
    return this.clusterProfilesNamed(namespace, name).map((c) => c.spec.version);
  }
  private clusterProfilesNamed(namespace: string, name: string): readonly ClusterProfile[] {
    const named = this.all<ClusterProfile>('ClusterProfile', namespace, name);
    const versions = this.versionsByName.get(namespace)?.get(name);
    return versions ? [...named, ...versions] : named; // most have no versions: no copy then
  }
  workloadProfile(namespace: string, name: string, revision?: number): WorkloadProfile | undefined {
    const list = this.all<WorkloadProfile>('WorkloadProfile', namespace, name);
    if (revision !== undefined) {
      for (const w of list) {
        const at = profileAtRevision(w, revision);
        if (at) return at;
      }
      return undefined;
    }
    return greatest(list, (a, b) => revisionOf(a) - revisionOf(b));
  }
  componentDefinition(namespace: string, name: string): ComponentDefinition | undefined {
    return this.all<ComponentDefinition>('ComponentDefinition', namespace, name)[0];
  }
  repository(namespace: string, name: string): Repository | undefined {
    return (
      this.all<Repository>('HelmRepository', namespace, name)[0] ??
      this.all<Repository>('OCIRepository', namespace, name)[0] ??
      this.dependencyRepos.get(`${namespace}/${name}`)
    );
  }
  repositoryNames(namespace: string): string[] {
    const names = new Set<string>();
    for (const k of ['HelmRepository', 'OCIRepository']) {
      for (const r of this.inNamespace<Repository>(k, namespace)) names.add(r.metadata.name);
    }
    for (const key of this.dependencyRepos.keys()) {
      if (key.startsWith(`${namespace}/`)) names.add(key.slice(namespace.length + 1));
    }
    return [...names].sort();
  }
  computePool(namespace: string, name: string): ComputePool | undefined {
    return this.all<ComputePool>('ComputePool', namespace, name)[0];
  }
  variableSets(namespace: string): VariableSet[] {
    return this.inNamespace<VariableSet>('VariableSet', namespace).sort((a, b) =>
      byCodeUnits(a.metadata.name, b.metadata.name),
    );
  }
  project(name: string): Project | undefined {
    return this.projects.find((p) => p.metadata.name === name);
  }
  projectForNamespace(namespace: string): Project | undefined {
    return this.projects.find((p) => p.spec.namespace === namespace);
  }
  settings(namespace: string, name: string): Settings | undefined {
    return this.all<Settings>('Settings', namespace, name)[0];
  }
  hasSecret(namespace: string, name: string): boolean {
    return this.all('Secret', namespace, name).length > 0;
  }
  bundlePhase(bundle: ProfileBundle): BundlePhase {
    return this.phaseOf(bundle);
  }
}
