/**
 * What the Compute Pool workflow deploys of a bundle and what it ignores with the reason: the
 * create form's preview (the planner in the browser) and the detail page's `status.plan` (what the
 * controller recorded) show the same parts.
 */
import type { Check, IgnoredPart } from '../../../src/planner/index.js';
import { PlanParts } from '../components/PlanParts';

export interface PoolPlan {
  deploy: { clusterProfiles: string[]; workloadProfiles: string[] };
  ignored: IgnoredPart[] | { kind: string; name: string; bundle: string; reason: string }[];
}

/** Deployed parts, ignored parts with reasons, and (for a preview) the checks that failed. */
export const PlanView = ({ plan, checks = [] }: { plan: PoolPlan; checks?: Check[] }) => (
  <PlanParts
    plan={plan}
    failed={checks.filter((c) => c.result === 'fail')}
    failedTitle="The pool cannot be built from this plan"
  />
);
