import type { Issue } from '../model/index.js';
import type { Resolver } from '../rules/index.js';
import { planWorkflow } from './plan.js';
import type { PlanField, PlanRequest } from './types.js';

/**
 * Where each part of a plan request comes from in the object it was made of (an AIWorkload's
 * `spec.profileBundleRefs`, a ComputePool's `spec.profileBundleRef`, …), so that a check's
 * {@link PlanField} points at the field a user would fix. The kind modules say.
 */
export type PlanFields = Readonly<Record<PlanField, string>>;

/**
 * The planner's checks of a request as issues of the object it was made of, so `validate` and
 * admission report workflow, compatibility, Model-as-a-Service and variable problems of deployments.
 * Failures, and the IE003 warning; a check that fails for a missing reference keeps its `reason`
 * (`MissingReference`).
 */
export const planIssues = (
  request: PlanRequest | undefined,
  fields: PlanFields,
  resolver: Resolver,
): Issue[] => {
  if (!request) return [];
  const { plan } = planWorkflow(request, resolver);
  return plan.checks
    .filter((c) => c.result === 'fail' || c.code === 'IE003')
    .map((c) => ({
      code: c.code,
      severity: c.result === 'fail' ? 'error' : 'warning',
      path: fields[c.path],
      message: c.message,
      ...(c.reason && c.result === 'fail' ? { reason: c.reason } : {}),
    }));
};
