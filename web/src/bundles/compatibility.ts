/**
 * A bundle against every compute pool of its project: the workflow it would run on a pool (model
 * when it holds Model workload profiles, else app), the planner's verdict for a shared deployment
 * there, and the failed checks as the reasons for each "no".
 */
import type { ComputePool, ProfileBundle } from '../../../src/model/index.js';
import type { Check, Plan, PlanRequest } from '../../../src/planner/index.js';
import { resolveBundle, type Resolver } from '../../../src/rules/index.js';

export interface CompatibilityRow {
  pool: ComputePool;
  deployable: boolean;
  /** Failed checks (code and message); empty when deployable. */
  reasons: Check[];
}

/** `model` when the bundle holds Model workload profiles, else `app`. */
export const workflowOf = (bundle: ProfileBundle, resolver: Resolver): 'app' | 'model' =>
  resolveBundle(bundle, resolver).workloadProfiles.some((r) => r.object?.spec.type === 'Model')
    ? 'model'
    : 'app';

/**
 * Plans the bundle onto each pool. Checks of the deployment's own inputs (`overrides`: variable
 * values a deployment gives) are left out: they say what to set when deploying, not whether the
 * bundle fits the pool.
 */
export const compatibility = (
  bundle: ProfileBundle,
  pools: readonly ComputePool[],
  resolver: Resolver,
  plan: (request: PlanRequest) => Plan,
): CompatibilityRow[] => {
  const workflow = workflowOf(bundle, resolver);
  return pools.map((pool) => {
    const result = plan({
      workflow,
      pool: 'shared',
      namespace: bundle.metadata.namespace ?? 'default',
      bundles: [bundle.metadata.name],
      computePool: pool.metadata.name,
    });
    const reasons = result.checks.filter((c) => c.result === 'fail' && c.path !== 'overrides');
    return { pool, deployable: reasons.length === 0, reasons };
  });
};
