import {
  LABEL_AIWORKLOAD_TYPE,
  type AIWorkload,
  type ComputePool,
  type Issue,
  type KubeObject,
} from '../model/index.js';
import { namespaceOf, type Resolver } from '../rules/index.js';
import { planWorkflow } from './plan.js';
import type { PlanRequest } from './types.js';

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

const PATHS: Record<string, (kind: string) => string> = {
  WF004: () => 'spec.computePoolRef',
  MS001: () => 'spec.model',
  MS002: () => 'spec.model',
  VAR: (kind) => (kind === 'ComputePool' ? 'spec.variables' : 'spec.workloadDeploymentConfigs'),
  default: (kind) => (kind === 'ComputePool' ? 'spec.profileBundleRef' : 'spec.profileBundleRefs'),
};

/**
 * The planner's checks as issues of an AIWorkload or ComputePool, so `validate` reports workflow,
 * compatibility, Model-as-a-Service and variable problems of deployments found in files.
 */
export const planIssues = (object: KubeObject, resolver: Resolver): Issue[] => {
  const req = requestFor(object, resolver);
  if (!req) return [];
  const { plan } = planWorkflow(req, resolver);
  return plan.checks
    .filter((c) => c.result === 'fail' || c.code === 'IE003')
    .map((c) => {
      const pathOf = PATHS[c.code] ?? (c.code.startsWith('VAR') ? PATHS.VAR! : PATHS.default!);
      return {
        code: c.code,
        severity: c.result === 'fail' ? 'error' : 'warning',
        path: pathOf(object.kind),
        message: c.message,
      };
    });
};
