/**
 * What the deployment pages compute without React: the AIWorkload the wizard creates (the same
 * object `paletteai deploy app|model` builds), which bundles and pools a deployment can use (SPEC §3
 * table), which wizard step a server cause belongs to, and the spec a rollback restores (the same
 * as `paletteai deploy rollback`).
 */
import {
  LABEL_AIWORKLOAD_TYPE,
  type AIWorkload,
  type BundleType,
  type ComputePool,
  type KubeObject,
  type ModelReference,
  type ProfileBundle,
} from '../../../src/model/index.js';
import { acceptsTypes, type PoolKind } from '../../../src/planner/index.js';

/**
 * A server cause (the client's `Cause`), declared here by shape so this module imports no web
 * module: the browser suite checks it against the CLI's object under Node's module rules.
 */
interface Cause {
  reason: string;
  message: string;
  field?: string;
}

export type DeploymentType = 'app' | 'model';

/** What the wizard collects. */
export interface DeployChoice {
  type: DeploymentType;
  name: string;
  namespace: string;
  /** One bundle, or an Infrastructure + Application pair; empty for a model lets MaaS choose. */
  bundles: string[];
  /** An existing pool, or undefined for a new dedicated one. */
  pool?: string;
  model?: { source: ModelReference['source']; id: string; attributes: Record<string, string> };
  variables: Record<string, string | number | boolean>;
}

/**
 * The AIWorkload the wizard creates: the same shape as the CLI's `aiWorkloadObject`
 * (src/cli/commands/deploy.ts), rebuilt here because web code may not import the CLI.
 */
export const aiWorkloadObject = (c: DeployChoice): KubeObject =>
  ({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'AIWorkload',
    metadata: { name: c.name, namespace: c.namespace, labels: { [LABEL_AIWORKLOAD_TYPE]: c.type } },
    spec: {
      ...(c.bundles.length ? { profileBundleRefs: c.bundles.map((b) => ({ name: b })) } : {}),
      ...(c.pool ? { computePoolRef: { name: c.pool } } : { dedicatedComputePool: {} }),
      ...(c.type === 'model' && c.model?.id
        ? {
            model: {
              source: c.model.source,
              id: c.model.id,
              ...(Object.keys(c.model.attributes).length ? { attributes: { ...c.model.attributes } } : {}),
            },
          }
        : {}),
      ...(Object.keys(c.variables).length
        ? { workloadDeploymentConfigs: [{ variables: { ...c.variables } }] }
        : {}),
    },
  }) as unknown as KubeObject;

/** The workload profile types a bundle holds, as the server resolved them (unknown until it has). */
const wpTypes = (b: ProfileBundle): string[] =>
  (b.status?.resolved?.workloadProfiles ?? []).map((w) => w.type ?? '').filter(Boolean);

/** The type of workload profile each deployment type needs. */
const NEEDS: Record<DeploymentType, string> = { app: 'Application', model: 'Model' };

/**
 * Whether bundle `b` can be one of the bundles of a deployment of `type` on `pool` (shared = an
 * existing pool): its type appears in an accepted combination of the §3 table, and a bundle carrying
 * Application or Model workload profiles carries the kind the deployment needs.
 */
export const bundleFits = (b: ProfileBundle, type: DeploymentType, pool: PoolKind): string | undefined => {
  const combos = [['Application'], ['Fullstack'], ['Infrastructure', 'Application']] as BundleType[][];
  const accepted = combos.filter((c) => acceptsTypes(type, pool, c)).flat();
  if (!accepted.includes(b.spec.type))
    return `${b.spec.type} bundles are not accepted for ${pool === 'shared' ? 'an existing pool' : 'a new dedicated pool'}`;
  if (b.spec.type === 'Infrastructure') return undefined;
  const types = wpTypes(b);
  if (types.length && !types.includes(NEEDS[type]))
    return `it holds ${[...new Set(types)].join(', ')} workload profiles, not ${NEEDS[type]} ones`;
  return undefined;
};

/** The bundles a deployment may pick, each with why not when it may not (Ready ones only). */
export const bundleOptions = (
  bundles: ProfileBundle[],
  type: DeploymentType,
  pool: PoolKind,
): { bundle: ProfileBundle; problem?: string }[] =>
  bundles.map((bundle) => {
    const problem =
      bundle.status?.phase !== 'Ready'
        ? `it is ${bundle.status?.phase ?? 'Pending'}, not Ready`
        : bundleFits(bundle, type, pool);
    return problem ? { bundle, problem } : { bundle };
  });

/** True when `names` (by their bundles' types) is an accepted combination for the workflow and pool. */
export const acceptsSelection = (
  names: string[],
  bundles: ProfileBundle[],
  type: DeploymentType,
  pool: PoolKind,
): boolean => {
  const types = names.map((n) => bundles.find((b) => b.metadata.name === n)?.spec.type);
  return types.every(Boolean) && acceptsTypes(type, pool, types as BundleType[]);
};

/** The deployment that holds a dedicated pool (names it, or made it inline), if any. */
export const claimOf = (pool: ComputePool, workloads: AIWorkload[], self?: string): string | undefined =>
  workloads.find((w) => w.metadata.name !== self && w.spec.computePoolRef?.name === pool.metadata.name)
    ?.metadata.name ??
  ((pool.metadata.ownerReferences ?? []) as { kind?: string; name?: string }[]).find(
    (o) => o.kind === 'AIWorkload' && o.name !== self,
  )?.name;

/** Why an existing pool cannot take a new deployment, or undefined when it can. */
export const poolProblem = (pool: ComputePool, workloads: AIWorkload[]): string | undefined => {
  const phase = pool.status?.phase;
  if (phase === 'Failed' || phase === 'Deleting') return `it is ${phase}`;
  if (pool.spec.clusterVariant.dedicated) {
    const claim = claimOf(pool, workloads);
    if (claim) return `dedicated to ${claim}`;
  }
  return undefined;
};

/** The wizard step a server cause belongs to, by the field it names. */
export type Step = 'what' | 'where' | 'variables' | 'review';
export const stepOfField = (field: string | undefined): Step => {
  if (!field) return 'review';
  if (/^spec\.(profileBundleRefs|model)/.test(field) || field.startsWith('metadata.name')) return 'what';
  if (/^spec\.(computePoolRef|dedicatedComputePool)/.test(field)) return 'where';
  if (field.startsWith('spec.workloadDeploymentConfigs')) return 'variables';
  return 'review';
};

/** The causes of a refusal grouped by step (those with no field go to review). */
export const causesByStep = (causes: Cause[]): Record<Step, Cause[]> => {
  const out: Record<Step, Cause[]> = { what: [], where: [], variables: [], review: [] };
  for (const c of causes) out[stepOfField(c.field)].push(c);
  return out;
};

/** The variable a `spec.workloadDeploymentConfigs[0].variables.NAME` cause is about. */
export const variableOfField = (field: string | undefined): string | undefined =>
  /^spec\.workloadDeploymentConfigs\[\d+\]\.variables\.([^.[]+)/.exec(field ?? '')?.[1];

export type HistoryEntry = NonNullable<NonNullable<AIWorkload['status']>['history']>[number];
type Configs = NonNullable<AIWorkload['spec']['workloadDeploymentConfigs']>;

/**
 * The spec a rollback to `entry` writes, as `paletteai deploy rollback` does: the recorded bundles,
 * model and configs replace the current ones; masked secret values keep the current value (status
 * never holds secrets).
 */
export const rollbackSpec = (current: AIWorkload, entry: HistoryEntry): AIWorkload['spec'] => {
  const recorded = entry.spec;
  if (!recorded)
    throw new Error(`revision ${entry.generation} was recorded without its spec; it cannot be restored`);
  const spec = { ...current.spec };
  delete spec.profileBundleRefs;
  delete spec.model;
  delete spec.workloadDeploymentConfigs;
  const now = current.spec.workloadDeploymentConfigs;
  const configs: Configs | undefined = recorded.workloadDeploymentConfigs?.map((c, i) => ({
    ...c,
    ...(c.variables
      ? {
          variables: Object.fromEntries(
            Object.entries(c.variables).map(([k, v]) => [k, v === '(secret)' ? now?.[i]?.variables?.[k] : v]),
          ) as Configs[number]['variables'],
        }
      : {}),
  }));
  return {
    ...spec,
    ...(recorded.profileBundleRefs ? { profileBundleRefs: recorded.profileBundleRefs } : {}),
    ...(recorded.model ? { model: recorded.model } : {}),
    ...(configs ? { workloadDeploymentConfigs: configs } : {}),
  };
};

/**
 * The bundles the first choice offers for a deployment of `type`: those that fit an existing pool
 * or a new dedicated one (a Model deployment may also leave it empty, or give only the Infrastructure
 * half, for Model as a Service to choose). The rest come with why not.
 */
export const firstBundleOptions = (bundles: ProfileBundle[], type: DeploymentType) =>
  bundles.map((bundle) => {
    const shared = bundleOptions([bundle], type, 'shared')[0]!.problem;
    const dedicated = bundleOptions([bundle], type, 'dedicated')[0]!.problem;
    // An Application bundle is also the second half of a pair; offered first as a one-bundle choice.
    return shared && dedicated
      ? { bundle, problem: shared === dedicated ? shared : `${shared}; ${dedicated}` }
      : { bundle };
  });

/** The Application bundles that complete an Infrastructure + Application pair. */
export const pairBundleOptions = (bundles: ProfileBundle[], type: DeploymentType) =>
  bundleOptions(bundles, type, 'dedicated').filter((o) => o.bundle.spec.type === 'Application');

/**
 * Which pool kinds a choice of bundles can go to: an existing pool (`shared` rows of §3) or a new
 * dedicated pool the bundles make; each with why not.
 */
export const poolKindsFor = (
  names: string[],
  bundles: ProfileBundle[],
  type: DeploymentType,
): Record<PoolKind, string | undefined> => {
  const types = names.map((n) => bundles.find((b) => b.metadata.name === n)?.spec.type ?? 'unknown');
  if (type === 'model' && names.length === 0) return { shared: undefined, dedicated: undefined };
  if (type === 'model' && types.length === 1 && types[0] === 'Infrastructure')
    return { shared: 'an Infrastructure bundle makes its own pool', dedicated: undefined };
  const words = types.join(' + ');
  return {
    shared: acceptsTypes(type, 'shared', types as BundleType[])
      ? undefined
      : `${words} cannot go onto an existing pool (it takes an Application or a Fullstack bundle)`,
    dedicated: acceptsTypes(type, 'dedicated', types as BundleType[])
      ? undefined
      : `${words} cannot make a pool (it takes a Fullstack bundle, or an Infrastructure + Application pair)`,
  };
};
