import type { ClusterProfile, Issue, ProfileBundle, WorkloadProfile } from '../model/index.js';
import { issue } from './issues.js';
import { namespaceOf, type Resolver } from './resolver.js';

export interface ResolvedRef<T> {
  name: string;
  index: number;
  /** Undefined when the reference does not resolve (reported as PB008). */
  object?: T;
}

export interface BundleContents {
  clusterProfiles: ResolvedRef<ClusterProfile>[];
  workloadProfiles: ResolvedRef<WorkloadProfile>[];
  /** PB008 (missing) and PB010 (duplicate) issues. */
  issues: Issue[];
}

/** Resolves every reference of a bundle, reporting missing and duplicate ones. */
export const resolveBundle = (bundle: ProfileBundle, resolver: Resolver): BundleContents => {
  const ns = namespaceOf(bundle);
  const issues: Issue[] = [];
  const seenCp = new Map<string, number>();
  const clusterProfiles = (bundle.spec.clusterProfiles ?? []).map((ref, index) => {
    const path = ['spec', 'clusterProfiles', index, 'name'];
    const dup = seenCp.get(ref.name);
    if (dup !== undefined) {
      issues.push(
        issue(
          'PB010',
          path,
          `cluster profile "${ref.name}" is referenced twice (also at spec.clusterProfiles[${dup}]); remove one.`,
        ),
      );
    } else seenCp.set(ref.name, index);
    const object = resolver.clusterProfile(ns, ref.name, ref.version);
    if (!object) {
      const versions = resolver.clusterProfileVersions(ns, ref.name);
      issues.push(
        issue(
          'PB008',
          ref.version !== undefined && versions.length ? ['spec', 'clusterProfiles', index, 'version'] : path,
          versions.length && ref.version !== undefined
            ? `cluster profile "${ref.name}" has no version ${ref.version} in namespace ${ns} (found: ${versions.join(', ')}); pick one of those or drop version to take the newest.`
            : `cluster profile "${ref.name}" not found in namespace ${ns}; create it (kind ClusterProfile) or fix the name.`,
        ),
      );
    }
    return { name: ref.name, index, ...(object ? { object } : {}) };
  });
  const seenWp = new Map<string, number>();
  const workloadProfiles = (bundle.spec.workloadProfiles ?? []).map((ref, index) => {
    const path = ['spec', 'workloadProfiles', index, 'name'];
    const dup = seenWp.get(ref.name);
    if (dup !== undefined) {
      issues.push(
        issue(
          'PB010',
          path,
          `workload profile "${ref.name}" is referenced twice (also at spec.workloadProfiles[${dup}]); remove one.`,
        ),
      );
    } else seenWp.set(ref.name, index);
    const object = resolver.workloadProfile(ns, ref.name, ref.revision);
    if (!object) {
      const latest = resolver.workloadProfile(ns, ref.name);
      issues.push(
        issue(
          'PB008',
          latest && ref.revision !== undefined ? ['spec', 'workloadProfiles', index, 'revision'] : path,
          latest && ref.revision !== undefined
            ? `workload profile "${ref.name}" has no revision ${ref.revision} (latest is ${latest.status?.revision ?? 1}); use that or drop revision to take the latest.`
            : `workload profile "${ref.name}" not found in namespace ${ns}; create it (kind WorkloadProfile) or fix the name.`,
        ),
      );
    }
    return { name: ref.name, index, ...(object ? { object } : {}) };
  });
  return { clusterProfiles, workloadProfiles, issues };
};

export const isInfraCp = (cp: ClusterProfile): boolean =>
  cp.spec.type === 'Infrastructure' || cp.spec.type === 'Full';
export const isAppOrModel = (wp: WorkloadProfile): boolean =>
  wp.spec.type === 'Application' || wp.spec.type === 'Model';
