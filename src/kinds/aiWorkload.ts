/** AIWorkload: an app or model deployment (SPEC §2.6); Model as a Service may pick any bundle. */
import {
  findKind,
  LABEL_AIWORKLOAD_TYPE,
  namespaceOf,
  type AIWorkload,
  type KindInfo,
  type KubeObject,
  type Project,
} from '../model/index.js';
import { planIssues, type PlanFields, type PlanRequest } from '../planner/index.js';
import type { Resolver } from '../rules/index.js';
import { checkAIWorkload } from '../rules/deploymentRules.js';
import { column, fieldAt, labelColumn, names, PHASE_COLUMN, text } from './columns.js';
import { evaluatedStatus } from './status.js';
import type { KindModule, KindReference } from './types.js';

const workloadOf = (o: KubeObject) => o as unknown as AIWorkload;

/** A model deployment that does not name both halves lets Model as a Service choose the bundle. */
const choosesBundle = (w: AIWorkload): boolean =>
  w.metadata.labels?.[LABEL_AIWORKLOAD_TYPE] === 'model' && (w.spec.profileBundleRefs ?? []).length < 2;

/** The app or model workflow a deployment stands for; none when its type label is not usable. */
const planRequest = (o: KubeObject, resolver: Resolver): PlanRequest | undefined => {
  const w = workloadOf(o);
  const type = w.metadata.labels?.[LABEL_AIWORKLOAD_TYPE];
  if (type !== 'app' && type !== 'model') return undefined;
  const namespace = namespaceOf(o);
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

/** Where each part of the plan request comes from in an AIWorkload (the field a user fixes). */
export const AIWORKLOAD_PLAN_FIELDS: PlanFields = {
  bundles: 'spec.profileBundleRefs',
  computePool: 'spec.computePoolRef',
  model: 'spec.model',
  overrides: 'spec.workloadDeploymentConfigs',
  // the project is the one that serves the object's namespace
  project: 'metadata.namespace',
};

export const aiWorkloadKind: KindModule = {
  info: findKind('AIWorkload') as KindInfo,
  reads: ['ProfileBundle', 'ComputePool', 'Project', 'VariableSet', 'WorkloadProfile'],
  references: (o) => {
    const w = workloadOf(o);
    const refs: KindReference[] = [
      ...(w.spec.profileBundleRefs ?? []).map((r) => ({ kinds: ['ProfileBundle'], name: r.name })),
      ...(w.spec.computePoolRef ? [{ kinds: ['ComputePool'], name: w.spec.computePoolRef.name }] : []),
    ];
    // Model as a Service may pick any bundle of the namespace, by the mappings of the Project that
    // serves the namespace: depend on all of them.
    if (choosesBundle(w))
      refs.push({ kinds: ['ProfileBundle'], name: '*' }, { kinds: ['Project'], name: '*' });
    return refs;
  },
  prefetch: async (o, reader) => {
    const ns = o.metadata.namespace ?? '';
    const w = workloadOf(o);
    await reader.variableSets(ns);
    for (const r of w.spec.profileBundleRefs ?? []) await reader.bundle(ns, r.name);
    if (w.spec.computePoolRef) {
      const pool = reader.add(await reader.get('ComputePool', ns, w.spec.computePoolRef.name));
      const bundle = (pool?.spec as { profileBundleRef?: { name: string } } | undefined)?.profileBundleRef;
      if (bundle) await reader.bundle(ns, bundle.name);
    }
    const projects = (await reader.list('Project')) as unknown as Project[];
    reader.add(projects.find((p) => p.spec.namespace === ns) as unknown as KubeObject | undefined);
    if (choosesBundle(w)) {
      for (const b of await reader.list('ProfileBundle', ns)) reader.add(b);
      for (const p of await reader.list('WorkloadProfile', ns)) reader.add(p);
    }
  },
  check: (o) => checkAIWorkload(workloadOf(o)),
  workflowChecks: (o, resolver) => planIssues(planRequest(o, resolver), AIWORKLOAD_PLAN_FIELDS, resolver),
  planRequest,
  // Pending until the deployment controller acts on it.
  // Ready once every WorkloadDeployment is delivered (Running: its pool runs them).
  readyPhases: ['Delivered', 'Running'],
  status: (o, e, now) => ({ phase: 'Pending', ...evaluatedStatus(o, e, now) }),
  columns: [
    labelColumn('Type', LABEL_AIWORKLOAD_TYPE, `app or model (label ${LABEL_AIWORKLOAD_TYPE}).`),
    column('Bundles', 'string', 'Profile bundles (spec.profileBundleRefs).', (o) =>
      names(fieldAt(o, 'spec', 'profileBundleRefs')),
    ),
    column('Pool', 'string', 'Compute pool (spec.computePoolRef.name), or "dedicated".', (o) => {
      const ref = text(fieldAt(o, 'spec', 'computePoolRef', 'name'));
      return ref ?? (fieldAt(o, 'spec', 'dedicatedComputePool') !== undefined ? 'dedicated' : null);
    }),
    PHASE_COLUMN,
  ],
};
