import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, StrictObject, StringEnum, envelope } from './schema.js';
import { VariableOverrides } from './variables.js';

export const WORKLOAD_DEPLOYMENT_PHASES = ['Rendered', 'Delivered', 'Failed'] as const;

/** Where the rendered manifests were delivered: a Flux OCI artifact. */
export const WorkloadDeploymentArtifact = StrictObject(
  {
    reference: Type.String({
      minLength: 1,
      description:
        'Where it is: `host[:port]/repository:tag@sha256:…` in a registry, or `oci:DIR:TAG` in the OCI image layout under the data directory.',
    }),
    digest: Type.String({
      pattern: '^sha256:[0-9a-f]{64}$',
      description: 'Digest of the OCI image manifest; the same render gives the same digest.',
    }),
    mediaType: Type.String({ description: 'Media type of the manifest (OCI image manifest v1).' }),
    size: Type.Optional(Type.Integer({ minimum: 0, description: 'Size of the manifest in bytes.' })),
  },
  { description: 'The delivered Flux OCI artifact.' },
);
export type WorkloadDeploymentArtifact = Static<typeof WorkloadDeploymentArtifact>;

/** One rendered workload profile of an AIWorkload or ComputePool; created by controllers. */
export const WorkloadDeployment = envelope(
  'spectrocloud.com/v1beta1',
  'WorkloadDeployment',
  ObjectMeta,
  StrictObject({
    owner: StrictObject(
      {
        kind: StringEnum(['AIWorkload', 'ComputePool'] as const, {
          description: 'AIWorkload or ComputePool.',
        }),
        name: Type.String({ minLength: 1, description: 'Name of the owner, in the same namespace.' }),
      },
      { description: 'The deployment or pool this WorkloadDeployment belongs to; deleted with it.' },
    ),
    profileBundle: Type.String({
      minLength: 1,
      description: 'Name of the bundle the workload profile comes from.',
    }),
    workloadProfile: StrictObject(
      {
        name: Type.String({ minLength: 1, description: 'Name of the WorkloadProfile.' }),
        revision: Type.Integer({ minimum: 1, description: 'The revision of the profile rendered.' }),
      },
      { description: 'The workload profile to render, at one revision.' },
    ),
    computePool: Type.Optional(
      Type.String({ description: 'Name of the ComputePool whose cluster runs the workload.' }),
    ),
    variables: Type.Optional({
      ...VariableOverrides,
      description:
        'Effective values of the variables the profile declares, by name; secret values are not included.',
    }),
  }),
  StrictObject({
    phase: Type.Optional(
      StringEnum(WORKLOAD_DEPLOYMENT_PHASES, {
        description:
          'Rendered (manifests packed, not delivered yet), Delivered (the artifact is in the registry or the data directory), or Failed (see the Rendered and Delivered conditions).',
      }),
    ),
    observedGeneration: Type.Optional(
      Type.Integer({ minimum: 0, description: 'The generation the controller last rendered.' }),
    ),
    conditions: Type.Optional(Conditions),
    artifact: Type.Optional(WorkloadDeploymentArtifact),
  }),
  'One rendered workload profile of a deployment.',
);
export type WorkloadDeployment = Static<typeof WorkloadDeployment>;
