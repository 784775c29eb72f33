/**
 * The pure parts of the AIWorkload controller: what its status says of a plan, the
 * WorkloadDeployments it wants, the endpoints it exposes and the history of what it delivered.
 */
import { AIWORKLOAD_PLAN_FIELDS, condition, type Condition, type DeliveredArtifact } from '../kinds/index.js';
import type {
  AIWorkload,
  KubeObject,
  VariableOverrides,
  WorkloadDeployment,
  WorkloadProfile,
} from '../model/index.js';
import type { PlanContext } from '../planner/index.js';
import { DEFAULT_WEBSERVICE_PORT } from '../render/components/webservice.js';

import { LABEL_OWNER_AIWORKLOAD } from '../model/index.js';
export { LABEL_OWNER_AIWORKLOAD };

/** How many delivered revisions `status.history` keeps. */
export const HISTORY_LIMIT = 10;

export type AIWorkloadStatus = NonNullable<AIWorkload['status']>;
export type HistoryEntry = NonNullable<AIWorkloadStatus['history']>[number];

export const conditionsOf = (o: KubeObject): Condition[] =>
  (o.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];

export const isTrue = (o: KubeObject, type: string): boolean =>
  conditionsOf(o).some((c) => c.type === type && c.status === 'True');

/** What the status says of a plan: the MaaS selection, the plan, the variables (secrets masked). */
export const planStatus = ({ plan }: PlanContext): Partial<AIWorkloadStatus> => ({
  ...(plan.selection ? { selection: plan.selection as unknown as Record<string, unknown> } : {}),
  plan: {
    bundles: plan.bundles,
    deploy: plan.deploy,
    ignored: plan.ignored.map((i) => ({ kind: i.kind, name: i.name, bundle: i.bundle, reason: i.reason })),
    failedChecks: plan.checks
      .filter((c) => c.result === 'fail')
      .map((c) => ({ code: c.code, field: AIWORKLOAD_PLAN_FIELDS[c.path], message: c.message })),
  },
  // The planner already shows a secret's value as "(secret)".
  variables: plan.variables.map((v) => ({
    ...v,
    ...(v.secret && v.value !== undefined ? { value: '(secret)' } : {}),
  })),
});

/** `Compatible` from the inference-engine checks (IE…) of the plan. */
export const compatibleCondition = ({ plan }: PlanContext, object: KubeObject, now: Date): Condition => {
  const ie = plan.checks.filter((c) => c.code.startsWith('IE'));
  const failed = ie.filter((c) => c.result === 'fail');
  const message = (failed.length ? failed : ie)
    .map((c) => `${c.code} ${failed.length ? `${AIWORKLOAD_PLAN_FIELDS[c.path]}: ` : ''}${c.message}`)
    .join(' ');
  return condition(
    'Compatible',
    failed.length === 0,
    failed.length ? failed[0]!.code : ie.some((c) => c.result === 'pass') ? 'EnginesMatch' : 'NotChecked',
    message || 'no inference-engine check applies to this deployment',
    object,
    now,
  );
};

/** The failed checks as one message naming each rule code, the field and the fix. */
export const failureMessage = ({ plan }: PlanContext): string =>
  plan.checks
    .filter((c) => c.result === 'fail')
    .map((c) => `${c.code} ${AIWORKLOAD_PLAN_FIELDS[c.path]}: ${c.message}`)
    .join(' ');

/** The WorkloadDeployment an AIWorkload wants for one deployed workload profile. */
export const wantedDeployment = (
  w: AIWorkload,
  bundle: string,
  profile: WorkloadProfile,
  pool: string,
  plan: PlanContext,
): KubeObject => {
  // The effective non-secret values of the variables the profile declares: this is where the
  // requested model id reaches what runs (modelId / modelSource are bound at the deployment tier).
  const variables: VariableOverrides = {};
  for (const declared of profile.spec.variables ?? []) {
    const v = plan.plan.variables.find((x) => x.name === declared.name);
    const value = plan.values[declared.name];
    if (!v || v.secret || value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      variables[declared.name] = value;
  }
  return {
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'WorkloadDeployment',
    metadata: {
      name: `${w.metadata.name}-${profile.metadata.name}`,
      namespace: w.metadata.namespace,
      labels: { [LABEL_OWNER_AIWORKLOAD]: w.metadata.name },
    },
    spec: {
      owner: { kind: 'AIWorkload', name: w.metadata.name },
      profileBundle: bundle,
      workloadProfile: { name: profile.metadata.name, revision: profile.status?.revision ?? 1 },
      computePool: pool,
      ...(Object.keys(variables).length ? { variables } : {}),
    },
  } satisfies Omit<WorkloadDeployment, 'status'> as unknown as KubeObject;
};

/** The service URLs of the webservice components of the deployed profiles. */
export const endpointsOf = (
  profiles: readonly WorkloadProfile[],
  namespace: string,
): NonNullable<AIWorkloadStatus['endpoints']> =>
  profiles.flatMap((p) =>
    p.spec.workload.components
      .filter((c) => c.type === 'webservice')
      .map((c) => {
        const port = (c.properties as { port?: unknown } | undefined)?.port;
        return {
          component: c.name,
          workloadProfile: p.metadata.name,
          url: `http://${c.name}.${namespace}.svc:${typeof port === 'number' ? port : DEFAULT_WEBSERVICE_PORT}`,
        };
      }),
  );

/** Whether a WorkloadDeployment has delivered its current spec. */
export const delivered = (wd: KubeObject | undefined): boolean => {
  if (!wd) return false;
  const status = wd.status as WorkloadDeployment['status'];
  if (status?.phase !== 'Delivered') return false;
  // A Delivered condition that observed an older generation speaks of an older spec.
  const c = conditionsOf(wd).find((x) => x.type === 'Delivered');
  return c?.observedGeneration === undefined || c.observedGeneration >= (wd.metadata.generation ?? 1);
};

/** The history with the delivered set appended when its digests are new; the last ten kept. */
export const nextHistory = (
  history: readonly HistoryEntry[],
  artifacts: readonly DeliveredArtifact[],
  generation: number,
  time: string,
  /** What the deployment asked for then (bundles, model, configs): what a rollback restores. */
  spec: HistoryEntry['spec'],
): HistoryEntry[] => {
  const set = artifacts.map((a) => ({
    workloadDeployment: a.workloadDeployment,
    digest: a.digest ?? '',
    ...(a.workloadProfile ? { workloadProfile: a.workloadProfile } : {}),
  }));
  const last = history[history.length - 1];
  const same =
    last &&
    last.artifacts.length === set.length &&
    last.artifacts.every(
      (a, i) => a.workloadDeployment === set[i]!.workloadDeployment && a.digest === set[i]!.digest,
    );
  if (same) return [...history];
  return [...history, { generation, time, artifacts: set, ...(spec ? { spec } : {}) }].slice(-HISTORY_LIMIT);
};
