import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import {
  Conditions,
  FreeObject,
  LocalObjectReference,
  ObservedGeneration,
  StrictObject,
  StringEnum,
  envelope,
} from './schema.js';
import { VariableOverrides } from './variables.js';

/**
 * Lifecycle of a pool (SPEC §6): `Planned` when the infrastructure provider is `none` (the cluster
 * plan is recorded, no machines are made).
 */
export const POOL_PHASES = ['Pending', 'Provisioning', 'Running', 'Planned', 'Failed', 'Deleting'] as const;

/** A part of the bundle the workflow does not deploy, and why. */
const IgnoredPart = StrictObject({
  kind: Type.String({ description: 'ClusterProfile or WorkloadProfile.' }),
  name: Type.String({ description: 'Name of the profile.' }),
  bundle: Type.String({ description: 'The bundle it comes from.' }),
  reason: Type.String({ description: 'Why the workflow leaves it out (SPEC §3 table).' }),
});

/**
 * Where a Palette pool's edge-native cluster runs: its edge hosts by machine pool, and the
 * control-plane endpoint reserved for it (PaletteAI's `paletteClusterDeploymentConfig`). Only the
 * `palette` infrastructure provider reads it.
 */
export const PaletteClusterDeploymentConfig = StrictObject(
  {
    controlPlaneEndpoint: Type.Optional(
      StrictObject(
        {
          host: Type.String({
            minLength: 1,
            maxLength: 253,
            description: 'The virtual IP reserved for the control plane, or its DDNS name.',
          }),
          type: Type.Optional(StringEnum(['VIP', 'DDNS'] as const, { description: 'VIP unless given.' })),
        },
        { description: 'The Kubernetes API endpoint of the cluster (Palette: the edge VIP).' },
      ),
    ),
    machinePools: Type.Array(
      StrictObject({
        name: Type.String({
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
          maxLength: 63,
          description: 'Name of the machine pool, a DNS-1123 label.',
        }),
        controlPlane: Type.Optional(
          Type.Boolean({ description: 'This pool runs the control plane; exactly one pool does.' }),
        ),
        controlPlaneAsWorker: Type.Optional(
          Type.Boolean({ description: 'Workloads may run on the control-plane nodes too (default true).' }),
        ),
        edgeHostUids: Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
          minItems: 1,
          maxItems: 1000,
          description: 'Palette edge host uids (Clusters → Edge Hosts) that form this pool.',
        }),
        labels: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 63 }), {
            maxItems: 32,
            description:
              'Palette labels of the machine pool, at most 32; [control-plane] for the control-plane pool and [worker] for others when absent.',
          }),
        ),
      }),
      { minItems: 1, maxItems: 16, description: 'The machine pools of the cluster.' },
    ),
  },
  {
    description:
      'Palette provider only: the edge hosts of each machine pool and the control-plane endpoint of the cluster it creates.',
  },
);
export type PaletteClusterDeploymentConfig = Static<typeof PaletteClusterDeploymentConfig>;

/** What a workflow deploys of its bundles (`status.plan.deploy` of pools and deployments). */
export const PlanDeploy = StrictObject(
  {
    clusterProfiles: Type.Array(Type.String(), { description: 'Names of the cluster profiles deployed.' }),
    workloadProfiles: Type.Array(Type.String(), {
      description: 'Names of the workload profiles deployed, each as a WorkloadDeployment.',
    }),
  },
  { description: 'What the workflow deploys.' },
);

/** What a workflow leaves out of its bundles (`status.plan.ignored` of pools and deployments). */
export const PlanIgnored = Type.Array(IgnoredPart, {
  description: 'What the workflow leaves out, each with the reason; nothing is dropped silently.',
});

export const ComputePool = envelope(
  'spectrocloud.com/v1alpha1',
  'ComputePool',
  ObjectMeta,
  StrictObject({
    profileBundleRef: LocalObjectReference,
    clusterVariant: StrictObject(
      {
        shared: Type.Optional(
          StrictObject(
            {},
            { description: 'Set to {} for a shared pool, which hosts any number of deployments.' },
          ),
        ),
        dedicated: Type.Optional(
          StrictObject(
            {},
            { description: 'Set to {} for a dedicated pool, which hosts exactly one deployment.' },
          ),
        ),
      },
      { description: 'Exactly one of shared / dedicated (immutable).' },
    ),
    variables: Type.Optional({
      ...VariableOverrides,
      description:
        "Values for the bundle's variables by name, e.g. { gpuCount: 2 }; they override its defaults.",
    }),
    paletteClusterDeploymentConfig: Type.Optional(PaletteClusterDeploymentConfig),
  }),
  StrictObject({
    phase: Type.Optional(
      StringEnum(POOL_PHASES, {
        description:
          'Pending, Provisioning, Running, Planned (provider none: the cluster is recorded, not made), Failed or Deleting.',
      }),
    ),
    inferenceEngine: Type.Optional(
      Type.String({ description: "Copied from the bundle's palette.ai/inference-engine label." }),
    ),
    bundle: Type.Optional(
      StrictObject(
        {
          name: Type.String({ description: 'Name of the bundle.' }),
          version: Type.String({ description: "The bundle's spec.version the pool was built from." }),
          generation: Type.Integer({
            description: "The bundle's metadata.generation the pool was built from.",
          }),
        },
        { description: 'The bundle the pool was built from; UpToDate=False when it has changed since.' },
      ),
    ),
    cluster: Type.Optional(
      StrictObject(
        {
          provider: Type.String({ description: 'none, palette or kubeconfig (from the Settings).' }),
          uid: Type.Optional(
            Type.String({ description: "The provider's cluster id, once provisioning started." }),
          ),
          plan: Type.Optional(
            FreeObject(
              'The cluster plan: profile stack with layers and packs, and the resolved variables (secrets masked).',
            ),
          ),
        },
        { description: 'The cluster the provider made (or, with provider none, only planned) for the pool.' },
      ),
    ),
    plan: Type.Optional(
      StrictObject(
        { deploy: PlanDeploy, ignored: PlanIgnored },
        {
          description:
            'What the Compute Pool workflow deploys of the bundle, and what it ignored with the reason.',
        },
      ),
    ),
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
    deployed: Type.Optional(
      StrictObject(
        {
          clusterProfiles: Type.Optional(
            Type.Array(Type.String(), { description: 'Names of the cluster profiles deployed on the pool.' }),
          ),
          workloadProfiles: Type.Optional(
            Type.Array(Type.String(), {
              description: 'Names of the workload profiles deployed on the pool.',
            }),
          ),
        },
        { description: 'What is deployed on the pool.' },
      ),
    ),
  }),
  'A shared or dedicated cluster built from an infrastructure bundle.',
);
export type ComputePool = Static<typeof ComputePool>;
