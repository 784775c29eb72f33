/**
 * What the pool pages compute from objects: the pool a form describes (the same object as
 * `paletteai pool create`), the bundles a pool may be built from, which deployments run on a pool,
 * and where the server's issues belong in the form.
 */
import type {
  AIWorkload,
  ComputePool,
  KubeObject,
  PaletteClusterDeploymentConfig,
  ProfileBundle,
  VariableOverrides,
} from '../../../src/model/index.js';
import { ApiError, type Cause } from '../api/client';

export type Variant = 'shared' | 'dedicated';

import { LABEL_COMPUTE_POOL, LABEL_OWNER_AIWORKLOAD } from '../../../src/model/index.js';
export { LABEL_COMPUTE_POOL, LABEL_OWNER_AIWORKLOAD };

/** shared or dedicated, as `spec.clusterVariant` says (undefined when it says neither). */
export const variantOf = (p: ComputePool): Variant | undefined =>
  p.spec.clusterVariant.dedicated ? 'dedicated' : p.spec.clusterVariant.shared ? 'shared' : undefined;

/** The ComputePool the create form sends: the CLI's `pool create` object plus the Palette config. */
export const poolObject = (input: {
  name: string;
  namespace: string;
  bundle: string;
  variant: Variant;
  variables: VariableOverrides;
  palette?: PaletteClusterDeploymentConfig | undefined;
}): KubeObject =>
  ({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ComputePool',
    metadata: { name: input.name, namespace: input.namespace },
    spec: {
      profileBundleRef: { name: input.bundle },
      clusterVariant: { [input.variant]: {} },
      ...(Object.keys(input.variables).length ? { variables: input.variables } : {}),
      ...(input.palette ? { paletteClusterDeploymentConfig: input.palette } : {}),
    },
  }) as unknown as KubeObject;

/** A bundle offered by the pool form's picker; `disabled` says why it cannot be chosen yet. */
export interface BundleChoice {
  bundle: ProfileBundle;
  disabled?: string;
}

const conditionMessage = (b: ProfileBundle, type: string) =>
  (b.status?.conditions ?? []).find((c) => c.type === type && c.status !== 'True')?.message;

/**
 * The bundles a Compute Pool may be built from: Infrastructure and Fullstack only (SPEC §3), the
 * Ready ones first (by name), the others after them, disabled with the reason their status gives.
 */
export const bundleChoices = (bundles: readonly ProfileBundle[]): BundleChoice[] => {
  const eligible = bundles.filter((b) => b.spec.type === 'Infrastructure' || b.spec.type === 'Fullstack');
  const byName = (a: BundleChoice, b: BundleChoice) =>
    a.bundle.metadata.name.localeCompare(b.bundle.metadata.name);
  const choices = eligible.map((b): BundleChoice => {
    const phase = b.status?.phase ?? 'Pending';
    if (phase === 'Ready') return { bundle: b };
    const why = conditionMessage(b, 'Valid') ?? conditionMessage(b, 'ResolvedRefs');
    return { bundle: b, disabled: `${phase}${why ? `: ${why}` : ' (not checked by the server yet)'}` };
  });
  return [
    ...choices.filter((c) => !c.disabled).sort(byName),
    ...choices.filter((c) => c.disabled).sort(byName),
  ];
};

/** The AIWorkloads running on pool `name`: those naming it, and the one that made it (dedicated). */
export const workloadsOnPool = (pool: ComputePool, workloads: readonly AIWorkload[]): AIWorkload[] => {
  const owner = pool.metadata.labels?.[LABEL_OWNER_AIWORKLOAD];
  return workloads.filter(
    (w) =>
      w.spec.computePoolRef?.name === pool.metadata.name ||
      (w.spec.dedicatedComputePool !== undefined && w.metadata.name === owner),
  );
};

/** How many AIWorkloads run on each pool, by pool name (for the list's Deployments column). */
export const deploymentsByPool = (workloads: readonly AIWorkload[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const w of workloads) {
    // A dedicatedComputePool is named after its AIWorkload.
    const pool = w.spec.computePoolRef?.name ?? (w.spec.dedicatedComputePool ? w.metadata.name : undefined);
    if (pool) counts.set(pool, (counts.get(pool) ?? 0) + 1);
  }
  return counts;
};

/** The form's fields the server's issues can be about. */
export type PoolField = 'name' | 'bundle' | 'variant' | 'variables' | 'palette';

/** The server's issues sorted to the form's fields; `variables` by variable name, `rest` unplaced. */
export interface PlacedIssues {
  fields: Partial<Record<PoolField, string>>;
  variables: Record<string, string>;
  rest: Cause[];
}

const FIELD_PREFIXES: [string, PoolField][] = [
  ['metadata.name', 'name'],
  ['spec.profileBundleRef', 'bundle'],
  ['spec.clusterVariant', 'variant'],
  ['spec.paletteClusterDeploymentConfig', 'palette'],
  ['spec.variables', 'variables'],
];

const say = (c: Cause) => `${c.reason}: ${c.message}`;

/**
 * Places an error's causes at the form's fields (`spec.variables.x` at variable x). An
 * AlreadyExists refusal carries no cause: it is about the name.
 */
export const placeIssues = (error: Error | undefined): PlacedIssues => {
  const placed: PlacedIssues = { fields: {}, variables: {}, rest: [] };
  if (!(error instanceof ApiError)) return placed;
  if (error.reason === 'AlreadyExists') {
    placed.fields.name = `AlreadyExists: ${error.message}`;
    return placed;
  }
  for (const c of error.causes) {
    const hit = FIELD_PREFIXES.find(
      ([p]) => c.field === p || c.field?.startsWith(`${p}.`) || c.field?.startsWith(`${p}[`),
    );
    if (!hit) {
      placed.rest.push(c);
      continue;
    }
    const [prefix, field] = hit;
    const variable = field === 'variables' ? c.field!.slice(prefix.length + 1).split(/[.[]/)[0] : '';
    if (variable) placed.variables[variable] = say(c);
    else placed.fields[field] = [placed.fields[field], say(c)].filter(Boolean).join(' ');
  }
  return placed;
};
