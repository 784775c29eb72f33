import type { ClusterProfile, ComputePool, ProfileBundle } from '../model/index.js';
import { buildClusterPlan, type ClusterPlan, type ResolvedVariable } from './clusterPlan.js';
import type {
  ClusterHandle,
  ClusterStatus,
  InfrastructureProvider,
  ProvisionOutcome,
  ProvisionRequest,
} from './provider.js';

/** The message a pool on provider `none` shows: what was done, and what was not. */
export const PLANNED_MESSAGE =
  'No machines were made: the infrastructure provider is "none", so the cluster plan is recorded only. ' +
  'Deployments that target this pool are rendered and delivered to the registry only; no cluster runs them. ' +
  'Set Settings spec.infrastructureProvider to palette or kubeconfig to run them.';

/**
 * The embedded default (SPEC §6): records the plan, makes no machines, and reports `Planned` with a
 * message that says so. It offers no cluster profiles and delivers nothing to a cluster.
 */
export class NoneProvider implements InfrastructureProvider {
  readonly name = 'none' as const;

  plan(
    pool: ComputePool,
    bundle: ProfileBundle,
    profiles: readonly ClusterProfile[],
    variables: readonly ResolvedVariable[],
  ): ClusterPlan {
    return buildClusterPlan('none', pool, bundle, profiles, variables);
  }

  async provision(_request: ProvisionRequest): Promise<ProvisionOutcome> {
    return { phase: 'Planned', message: PLANNED_MESSAGE };
  }

  /** Always `Planned`: a handle cannot come from this provider, so there is nothing to follow. */
  async status(_handle: ClusterHandle): Promise<ClusterStatus> {
    return { phase: 'Planned', message: PLANNED_MESSAGE };
  }

  /** Nothing was made, so nothing is deleted. */
  async delete(_handle: ClusterHandle): Promise<void> {}

  async listClusterProfiles(): Promise<ClusterProfile[]> {
    return [];
  }
}
