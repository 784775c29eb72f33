import {
  type AIWorkload,
  type ComputePool,
  type KubeObject,
  type ProfileBundle,
  type Project,
  type Settings,
  type WorkloadProfile,
} from '../../model/index.js';
import { BUILTIN_COMPONENT_TYPES } from '../../model/index.js';

/** A reference from one object to another of the same namespace (a name; the kind may be one of several). */
export interface Reference {
  kinds: string[];
  name: string;
}

const BUILTIN = new Set<string>(BUILTIN_COMPONENT_TYPES);

/** A reference to every object of a kind in the namespace. */
export const ANY = '*';

/** The objects an object refers to by name, for dependents tracking and prefetching. */
export const referencesOf = (o: KubeObject): Reference[] => {
  switch (o.kind) {
    case 'ProfileBundle': {
      const b = o as unknown as ProfileBundle;
      return [
        ...(b.spec.clusterProfiles ?? []).map((r) => ({ kinds: ['ClusterProfile'], name: r.name })),
        ...(b.spec.workloadProfiles ?? []).map((r) => ({ kinds: ['WorkloadProfile'], name: r.name })),
      ];
    }
    case 'WorkloadProfile': {
      const w = o as unknown as WorkloadProfile;
      return w.spec.workload.components.flatMap((c) => {
        const refs: Reference[] = [];
        if (!BUILTIN.has(c.type)) refs.push({ kinds: ['ComponentDefinition'], name: c.type });
        const repo = c.properties?.repository;
        if (c.type === 'helm' && typeof repo === 'string' && !repo.includes('{{'))
          refs.push({ kinds: ['HelmRepository', 'OCIRepository'], name: repo });
        return refs;
      });
    }
    case 'ComputePool':
      return [{ kinds: ['ProfileBundle'], name: (o as unknown as ComputePool).spec.profileBundleRef.name }];
    case 'AIWorkload': {
      const w = o as unknown as AIWorkload;
      const refs = [
        ...(w.spec.profileBundleRefs ?? []).map((r) => ({ kinds: ['ProfileBundle'], name: r.name })),
        ...(w.spec.computePoolRef ? [{ kinds: ['ComputePool'], name: w.spec.computePoolRef.name }] : []),
      ];
      // Model as a Service may pick any bundle of the namespace: depend on all of them.
      if (
        w.metadata.labels?.['palette.ai/aiworkload-type'] === 'model' &&
        refs.filter((r) => r.kinds[0] === 'ProfileBundle').length < 2
      ) {
        refs.push({ kinds: ['ProfileBundle'], name: ANY });
        // …and on the Project whose spec.namespace is this namespace (it lives elsewhere).
        refs.push({ kinds: ['Project'], name: ANY });
      }
      return refs;
    }
    case 'Project': {
      const p = o as unknown as Project;
      return p.spec.settingsRef ? [{ kinds: ['Settings'], name: p.spec.settingsRef.name }] : [];
    }
    case 'Settings': {
      const s = (o as unknown as Settings).spec;
      return [
        s.palette?.apiKeySecretRef.name,
        s.huggingFace?.tokenSecretRef.name,
        s.nvidiaNgc?.apiKeySecretRef.name,
        s.ociRegistry?.credentialsSecretRef?.name,
      ]
        .filter((n): n is string => typeof n === 'string')
        .map((name) => ({ kinds: ['Secret'], name }));
    }
    default:
      return [];
  }
};

const key = (kind: string, namespace: string, name: string) => `${kind}\u0000${namespace}\u0000${name}`;

/**
 * Who refers to whom, kept in memory: answers "which objects depend on this one" for refusing
 * deletes (409 naming dependents) and for re-checking dependents when a referenced object changes.
 */
export class ReferenceIndex {
  private readonly dependents = new Map<string, Set<string>>();
  private readonly outgoing = new Map<string, string[]>();

  /** Records (or replaces) what `o` refers to. */
  set(o: KubeObject): void {
    this.remove(o);
    const ns = o.metadata.namespace ?? '';
    const from = key(o.kind, ns, o.metadata.name);
    const targets = referencesOf(o).flatMap((r) => r.kinds.map((k) => key(k, ns, r.name)));
    this.outgoing.set(from, targets);
    for (const t of targets) {
      let set = this.dependents.get(t);
      if (!set) this.dependents.set(t, (set = new Set()));
      set.add(from);
    }
  }

  remove(o: { kind: string; metadata: { namespace?: string; name: string } }): void {
    const from = key(o.kind, o.metadata.namespace ?? '', o.metadata.name);
    for (const t of this.outgoing.get(from) ?? []) {
      const set = this.dependents.get(t);
      set?.delete(from);
      if (set?.size === 0) this.dependents.delete(t);
    }
    this.outgoing.delete(from);
  }

  /** Objects that refer to (kind, namespace, name), as `{ kind, namespace, name }`. */
  dependentsOf(
    kind: string,
    namespace: string,
    name: string,
    includeAny = true,
  ): { kind: string; namespace: string; name: string }[] {
    const all = new Set([
      ...(this.dependents.get(key(kind, namespace, name)) ?? []),
      ...(includeAny ? (this.dependents.get(key(kind, namespace, ANY)) ?? []) : []),
    ]);
    return [...all].sort().map((k) => {
      const [kd, ns, n] = k.split('\u0000') as [string, string, string];
      return { kind: kd, namespace: ns, name: n };
    });
  }
}
