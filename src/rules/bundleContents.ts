import {
  WORKLOAD_PROFILE_HISTORY,
  type ClusterProfile,
  type Issue,
  type ProfileBundle,
  type WorkloadProfile,
} from '../model/index.js';
import { issue, missingReference } from './issues.js';
import { namespaceOf, placeOf, readableRevisions, revisionOf, type Resolver } from './resolver.js';

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

/**
 * Resolves one list of references: reports duplicates (PB010) and references that do not resolve
 * (PB008), pointing at the pinned field (`version`/`revision`) when only the pin is wrong.
 */
const resolveList = <R extends { name: string }, T>(
  refs: readonly R[],
  field: 'clusterProfiles' | 'workloadProfiles',
  words: string,
  find: (ref: R, index: number) => T | undefined,
  /** Why a pinned reference failed though the name exists (undefined: the name does not exist). */
  pinProblem: (ref: R) => { pin: string; message: string } | undefined,
  notFound: string,
  issues: Issue[],
): ResolvedRef<T>[] => {
  const seen = new Map<string, number>();
  return refs.map((ref, index) => {
    const path = ['spec', field, index, 'name'];
    const dup = seen.get(ref.name);
    if (dup !== undefined) {
      issues.push(
        issue(
          'PB010',
          path,
          `${words} "${ref.name}" is referenced twice (also at spec.${field}[${dup}]); remove one.`,
        ),
      );
    } else seen.set(ref.name, index);
    const object = find(ref, index);
    if (!object) {
      const pinned = pinProblem(ref);
      issues.push(
        pinned
          ? missingReference('PB008', ['spec', field, index, pinned.pin], pinned.message)
          : missingReference('PB008', path, `${words} "${ref.name}" ${notFound}`),
      );
    }
    return object ? { name: ref.name, index, object } : { name: ref.name, index };
  });
};

/** PB008's message for a pinned revision that cannot be read: not made yet, or no longer kept. */
const missingRevision = (name: string, revision: number, latest: WorkloadProfile): string => {
  const newest = revisionOf(latest);
  const why =
    revision > newest
      ? `has no revision ${revision} (the latest is ${newest})`
      : `no longer keeps revision ${revision} (it keeps up to ${WORKLOAD_PROFILE_HISTORY} earlier ones, 1 MiB of specs; readable: ${readableRevisions(latest)})`;
  return `workload profile "${name}" ${why}; pin one it has, or drop revision to take the latest.`;
};

/** Resolves every reference of a bundle, reporting missing and duplicate ones. */
export const resolveBundle = (bundle: ProfileBundle, resolver: Resolver): BundleContents => {
  const ns = namespaceOf(bundle);
  const place = placeOf(resolver, ns);
  const issues: Issue[] = [];
  const clusterProfiles = resolveList(
    bundle.spec.clusterProfiles ?? [],
    'clusterProfiles',
    'cluster profile',
    (ref) => resolver.clusterProfile(ns, ref.name, ref.version),
    (ref) => {
      const versions = resolver.clusterProfileVersions(ns, ref.name);
      return ref.version !== undefined && versions.length
        ? {
            pin: 'version',
            message: `cluster profile "${ref.name}" has no version ${ref.version} in ${place} (found: ${versions.join(', ')}); pick one of those or drop version to take the newest.`,
          }
        : undefined;
    },
    `not found in ${place}; create it (kind ClusterProfile) or fix the name.`,
    issues,
  );
  /**
   * In files, a profile without status.revision has revisions only a server counts: its pin cannot
   * be checked here, so the file's spec stands in for it, with a warning that says so.
   */
  const uncountedPin = (
    ref: { name: string; revision?: number },
    index: number,
  ): WorkloadProfile | undefined => {
    if (!resolver.pinsCheckedByServer || ref.revision === undefined) return undefined;
    const latest = resolver.workloadProfile(ns, ref.name);
    if (!latest || latest.status?.revision !== undefined) return undefined;
    issues.push(
      missingReference(
        'PB008',
        ['spec', 'workloadProfiles', index, 'revision'],
        `revision ${ref.revision} of workload profile "${ref.name}" cannot be checked here: its file carries no status.revision (a server counts revisions as the spec changes), so the checks read the file's spec; the server checks the pin when the bundle is applied.`,
        'warning',
      ),
    );
    return latest;
  };
  const workloadProfiles = resolveList(
    bundle.spec.workloadProfiles ?? [],
    'workloadProfiles',
    'workload profile',
    (ref, index) => resolver.workloadProfile(ns, ref.name, ref.revision) ?? uncountedPin(ref, index),
    (ref) => {
      const latest = ref.revision !== undefined ? resolver.workloadProfile(ns, ref.name) : undefined;
      return latest
        ? { pin: 'revision', message: missingRevision(ref.name, ref.revision!, latest) }
        : undefined;
    },
    `not found in ${place}; create it (kind WorkloadProfile) or fix the name.`,
    issues,
  );
  return { clusterProfiles, workloadProfiles, issues };
};

export const isInfraCp = (cp: ClusterProfile): boolean =>
  cp.spec.type === 'Infrastructure' || cp.spec.type === 'Full';
export const isAppOrModel = (wp: WorkloadProfile): boolean =>
  wp.spec.type === 'Application' || wp.spec.type === 'Model';
