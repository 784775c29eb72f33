/** ComputePool: a cluster built from an Infrastructure or Fullstack bundle (SPEC §2.5). */
import { findKind, namespaceOf, type ComputePool, type KindInfo, type KubeObject } from '../model/index.js';
import { planIssues, type PlanFields, type PlanRequest } from '../planner/index.js';
import type { Resolver } from '../rules/index.js';
import { checkComputePool } from '../rules/deploymentRules.js';
import { asRecord, column, fieldAt, pathColumn, PHASE_COLUMN } from './columns.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

const poolOf = (o: KubeObject) => o as unknown as ComputePool;

/** The Compute Pool workflow a pool stands for; none while its bundle is not there. */
const planRequest = (o: KubeObject, resolver: Resolver): PlanRequest | undefined => {
  const pool = poolOf(o);
  const namespace = namespaceOf(o);
  if (!resolver.profileBundle(namespace, pool.spec.profileBundleRef.name)) return undefined;
  return {
    workflow: 'compute-pool',
    pool: pool.spec.clusterVariant.dedicated ? 'dedicated' : 'shared',
    namespace,
    bundles: [pool.spec.profileBundleRef.name],
    overrides: pool.spec.variables ?? {},
    // a pool's own values, not a deployment's: say so where each value came from
    overridesFrom: `ComputePool ${pool.metadata.name} spec.variables`,
  };
};

const PLAN_FIELDS: PlanFields = {
  bundles: 'spec.profileBundleRef',
  computePool: 'spec.computePoolRef',
  model: 'spec.model',
  overrides: 'spec.variables',
  project: 'metadata.namespace',
};

export const computePoolKind: KindModule = {
  info: findKind('ComputePool') as KindInfo,
  reads: ['ProfileBundle', 'VariableSet'],
  references: (o) => [{ kinds: ['ProfileBundle'], name: poolOf(o).spec.profileBundleRef.name }],
  prefetch: async (o, reader) => {
    const ns = o.metadata.namespace ?? '';
    await reader.variableSets(ns);
    await reader.bundle(ns, poolOf(o).spec.profileBundleRef.name);
  },
  check: (o, resolver) => checkComputePool(poolOf(o), resolver),
  workflowChecks: (o, resolver) => planIssues(planRequest(o, resolver), PLAN_FIELDS, resolver),
  planRequest,
  // Pending until the compute-pool controller acts on it.
  // Ready once deployments can use it: Planned (provider none) or Running.
  readyPhases: ['Planned', 'Running'],
  status: (o, e, now) => ({ phase: 'Pending', ...evaluatedStatus(o, e, now) }),
  immutableFields: [['spec', 'clusterVariant']],
  columns: [
    pathColumn('Bundle', 'string', 'Infrastructure bundle (spec.profileBundleRef.name).', [
      'spec',
      'profileBundleRef',
      'name',
    ]),
    column('Variant', 'string', 'shared or dedicated (spec.clusterVariant).', (o) => {
      const v = asRecord(fieldAt(o, 'spec', 'clusterVariant'));
      return 'dedicated' in v ? 'dedicated' : 'shared' in v ? 'shared' : null;
    }),
    PHASE_COLUMN,
  ],
};
