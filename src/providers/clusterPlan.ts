import {
  LABEL_CLUSTER_PROFILE,
  compareVersions,
  greatest,
  type ClusterProfile,
  type ClusterProfileType,
  type ComputePool,
  type Layer,
  type ProfileBundle,
} from '../model/index.js';
import { ProviderError } from './providerError.js';

/** The value recorded in place of a secret variable's value. */
export const SECRET_MASK = '(secret)';

/** Which infrastructure provider a project uses (Settings `spec.infrastructureProvider`). */
export type ProviderName = 'none' | 'palette' | 'kubeconfig';

/**
 * A variable's effective value as the caller resolved it (the planner's `EffectiveVariable` fits),
 * with the source that set it.
 */
export interface ResolvedVariable {
  name: string;
  value?: unknown;
  source: string;
  secret?: boolean;
}

/** A variable as recorded in a plan: secret values are replaced by {@link SECRET_MASK}. */
export interface PlannedVariable {
  name: string;
  value?: unknown;
  source: string;
  secret: boolean;
}

/** One layer of a planned profile: the pack and its values, as the ClusterProfile holds them. */
export interface PlannedLayer {
  type: Layer['type'];
  pack: Layer['pack'];
  values?: string;
}

/** One cluster profile of the stack, resolved to an exact version. */
export interface PlannedProfile {
  name: string;
  version: string;
  type: ClusterProfileType;
  cloudType: string;
  /** The Palette profile uid, when the profile was read from Palette. */
  uid?: string;
  layers: PlannedLayer[];
}

/**
 * The cluster plan a ComputePool records in its status: the profile stack (the Infrastructure or
 * Full profile first, then Add-on profiles in bundle order) with layers and packs, and the resolved
 * variables with their sources.
 */
export interface ClusterPlan {
  provider: ProviderName;
  pool: { namespace: string; name: string; variant: 'shared' | 'dedicated' };
  bundle: { name: string; version: string; generation?: number };
  /** Cloud type of the Infrastructure or Full profile; absent when the stack has none. */
  cloudType?: string;
  profiles: PlannedProfile[];
  variables: PlannedVariable[];
}

const profileKey = (p: ClusterProfile): string =>
  p.metadata.labels?.[LABEL_CLUSTER_PROFILE] ?? p.metadata.name;

/** The profile a bundle reference names: by name or label, the exact version if given, else the newest. */
const resolveRef = (
  ref: { name: string; version?: string },
  profiles: readonly ClusterProfile[],
): ClusterProfile | undefined =>
  greatest(
    profiles.filter(
      (p) =>
        (p.metadata.name === ref.name || profileKey(p) === ref.name) &&
        (!ref.version || p.spec.version === ref.version),
    ),
    (a, b) => compareVersions(a.spec.version, b.spec.version),
  );

const planned = (p: ClusterProfile): PlannedProfile => ({
  name: profileKey(p),
  version: p.spec.version,
  type: p.spec.type,
  cloudType: p.spec.cloudType,
  ...(p.spec.uid ? { uid: p.spec.uid } : {}),
  layers: p.spec.layers.map((l) => ({
    type: l.type,
    pack: { ...l.pack },
    ...(l.values !== undefined ? { values: l.values } : {}),
  })),
});

/**
 * Builds the plan of a pool from its bundle, the ClusterProfiles the bundle may reference and the
 * variables resolved for the pool. Every bundle reference without a matching profile is named in
 * one `InvalidRequest` error.
 */
export const buildClusterPlan = (
  provider: ProviderName,
  pool: ComputePool,
  bundle: ProfileBundle,
  profiles: readonly ClusterProfile[],
  variables: readonly ResolvedVariable[],
): ClusterPlan => {
  const refs = bundle.spec.clusterProfiles ?? [];
  const missing: string[] = [];
  const stack: PlannedProfile[] = [];
  for (const ref of refs) {
    const found = resolveRef(ref, profiles);
    if (found) stack.push(planned(found));
    else missing.push(ref.version ? `${ref.name}@${ref.version}` : ref.name);
  }
  if (missing.length > 0) {
    throw new ProviderError(
      'InvalidRequest',
      `bundle "${bundle.metadata.name}" references cluster profiles that were not found: ${missing.join(', ')}; create them or fix spec.clusterProfiles`,
    );
  }
  // Infrastructure or Full first (Palette applies the base stack before add-ons); stable otherwise.
  const base = stack.filter((p) => p.type !== 'Add-on');
  const addOns = stack.filter((p) => p.type === 'Add-on');
  return {
    provider,
    pool: {
      namespace: pool.metadata.namespace ?? 'default',
      name: pool.metadata.name,
      variant: pool.spec.clusterVariant.dedicated ? 'dedicated' : 'shared',
    },
    bundle: {
      name: bundle.metadata.name,
      version: bundle.spec.version,
      ...(bundle.metadata.generation !== undefined ? { generation: bundle.metadata.generation } : {}),
    },
    ...(base[0] ? { cloudType: base[0].cloudType } : {}),
    profiles: [...base, ...addOns],
    variables: variables.map((v) => ({
      name: v.name,
      ...(v.value !== undefined ? { value: v.secret ? SECRET_MASK : v.value } : {}),
      source: v.source,
      secret: v.secret ?? false,
    })),
  };
};
