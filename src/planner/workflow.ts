import type { BundleType, WorkloadProfileType } from '../model/index.js';

export const WORKFLOWS = ['compute-pool', 'app', 'model'] as const;
export type Workflow = (typeof WORKFLOWS)[number];
export const POOL_KINDS = ['shared', 'dedicated'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];

/** What a workflow does with one part of a bundle: deploy it, ignore it, or it does not apply ("—"). */
export type Treatment = 'deploy' | 'ignore' | 'n/a';

interface Row {
  /** Accepted bundle combinations, by type. */
  accepts: BundleType[][];
  clusterProfiles: Treatment;
  wp: Record<WorkloadProfileType, Treatment>;
}

/** The workflow table of SPEC §3, one row per workflow × pool kind. */
export const WORKFLOW_TABLE: Record<Workflow, Record<PoolKind, Row>> = {
  'compute-pool': {
    shared: {
      accepts: [['Infrastructure'], ['Fullstack']],
      clusterProfiles: 'deploy',
      wp: { Application: 'ignore', Model: 'ignore', Infrastructure: 'deploy' },
    },
    dedicated: {
      accepts: [['Infrastructure'], ['Fullstack']],
      clusterProfiles: 'deploy',
      wp: { Application: 'ignore', Model: 'ignore', Infrastructure: 'deploy' },
    },
  },
  app: {
    dedicated: {
      accepts: [['Fullstack'], ['Infrastructure', 'Application']],
      clusterProfiles: 'deploy',
      wp: { Application: 'deploy', Model: 'n/a', Infrastructure: 'deploy' },
    },
    shared: {
      accepts: [['Application'], ['Fullstack']],
      clusterProfiles: 'ignore',
      wp: { Application: 'deploy', Model: 'n/a', Infrastructure: 'ignore' },
    },
  },
  model: {
    dedicated: {
      accepts: [['Fullstack'], ['Infrastructure', 'Application']],
      clusterProfiles: 'deploy',
      wp: { Application: 'n/a', Model: 'deploy', Infrastructure: 'deploy' },
    },
    shared: {
      accepts: [['Application'], ['Fullstack']],
      clusterProfiles: 'ignore',
      wp: { Application: 'n/a', Model: 'deploy', Infrastructure: 'ignore' },
    },
  },
};

export const WORKFLOW_WORDS: Record<Workflow, string> = {
  'compute-pool': 'a compute pool deployment',
  app: 'an app deployment',
  model: 'a model deployment',
};

/** Describes the accepted combinations in words: `a Fullstack bundle, or an Infrastructure + an Application bundle`. */
export const describeAccepted = (workflow: Workflow, pool: PoolKind): string =>
  WORKFLOW_TABLE[workflow][pool].accepts
    .map((combo) => combo.map((t) => `${/^[AEIOU]/.test(t) ? 'an' : 'a'} ${t}`).join(' + ') + ' bundle')
    .join(', or ');

/** True when the multiset of bundle types is one of the row's accepted combinations. */
export const acceptsTypes = (workflow: Workflow, pool: PoolKind, types: readonly BundleType[]): boolean =>
  WORKFLOW_TABLE[workflow][pool].accepts.some(
    (combo) => combo.length === types.length && [...combo].sort().join() === [...types].sort().join(),
  );

/** Why a part is not deployed, in words a user can act on. */
export const ignoreReason = (
  workflow: Workflow,
  pool: PoolKind,
  part: 'ClusterProfile' | WorkloadProfileType,
  poolName?: string,
): string => {
  const treatment =
    part === 'ClusterProfile'
      ? WORKFLOW_TABLE[workflow][pool].clusterProfiles
      : WORKFLOW_TABLE[workflow][pool].wp[part];
  if (treatment === 'n/a') {
    return `${WORKFLOW_WORDS[workflow]} deploys ${workflow === 'app' ? 'Application' : 'Model'} workload profiles, not ${part} ones`;
  }
  if (workflow === 'compute-pool') {
    return `a compute pool deploys infrastructure only; ${part} workload profiles are deployed by ${part === 'Model' ? 'model' : 'app'} deployments onto the pool`;
  }
  const pool_ = poolName ? `the existing pool "${poolName}"` : 'the existing pool';
  return part === 'ClusterProfile'
    ? `${pool_} already runs its cluster profiles; they are not deployed again`
    : `${pool_} manages its own infrastructure; Infrastructure workload profiles are deployed with the pool`;
};
