import {
  LABEL_AIWORKLOAD_TYPE,
  type AIWorkload,
  type ComputePool,
  type Issue,
  type KubeObject,
} from '../model/index.js';
import { namespaceOf, type Resolver } from '../rules/index.js';
import { planWorkflow } from './plan.js';
import type { PlanField, PlanRequest } from './types.js';

/** The plan request an AIWorkload or ComputePool stands for; undefined for other kinds or unusable ones. */
export const requestFor = (object: KubeObject, resolver: Resolver): PlanRequest | undefined => {
  const namespace = namespaceOf(object);
  if (object.kind === 'ComputePool') {
    const pool = object as unknown as ComputePool;
    if (!resolver.profileBundle(namespace, pool.spec.profileBundleRef.name)) return undefined;
    return {
      workflow: 'compute-pool',
      pool: pool.spec.clusterVariant.dedicated ? 'dedicated' : 'shared',
      namespace,
      bundles: [pool.spec.profileBundleRef.name],
      overrides: pool.spec.variables ?? {},
    };
  }
  if (object.kind !== 'AIWorkload') return undefined;
  const w = object as unknown as AIWorkload;
  const type = w.metadata.labels?.[LABEL_AIWORKLOAD_TYPE];
  if (type !== 'app' && type !== 'model') return undefined;
  const overrides = Object.assign(
    {},
    w.spec.dedicatedComputePool?.variables,
    ...(w.spec.workloadDeploymentConfigs ?? []).map((c) => c.variables ?? {}),
  ) as Record<string, string | number | boolean>;
  const project = resolver.projectForNamespace(namespace);
  return {
    workflow: type,
    pool: w.spec.computePoolRef ? 'shared' : 'dedicated',
    namespace,
    bundles: (w.spec.profileBundleRefs ?? []).map((r) => r.name),
    ...(w.spec.computePoolRef ? { computePool: w.spec.computePoolRef.name } : {}),
    ...(w.spec.model ? { model: w.spec.model } : {}),
    ...(project ? { project: project.metadata.name } : {}),
    overrides,
  };
};

/**
 * Where each part of the plan request comes from in the object, so a check's {@link PlanField}
 * points at the field a user would fix.
 */
const FIELDS: Record<'AIWorkload' | 'ComputePool', Record<PlanField, string>> = {
  AIWorkload: {
    bundles: 'spec.profileBundleRefs',
    computePool: 'spec.computePoolRef',
    model: 'spec.model',
    overrides: 'spec.workloadDeploymentConfigs',
    // the project is the one that serves the object's namespace
    project: 'metadata.namespace',
  },
  ComputePool: {
    bundles: 'spec.profileBundleRef',
    computePool: 'spec.computePoolRef',
    model: 'spec.model',
    overrides: 'spec.variables',
    project: 'metadata.namespace',
  },
};

/**
 * The planner's checks as issues of an AIWorkload or ComputePool, so `validate` reports workflow,
 * compatibility, Model-as-a-Service and variable problems of deployments found in files. A check
 * that fails for a missing reference keeps its `reason` (`MissingReference`).
 */
export const planIssues = (object: KubeObject, resolver: Resolver): Issue[] => {
  const req = requestFor(object, resolver);
  if (!req) return [];
  const { plan } = planWorkflow(req, resolver);
  const fields = FIELDS[object.kind as keyof typeof FIELDS];
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
