import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, Description, SemverString, StrictObject, StringEnum, envelope } from './schema.js';
import { Variables } from './variables.js';

export const BUNDLE_TYPES = ['Application', 'Infrastructure', 'Fullstack'] as const;
export type BundleType = (typeof BUNDLE_TYPES)[number];

const HelmRepositoryDependency = StrictObject({
  name: Type.String({ minLength: 1 }),
  url: Type.String({ pattern: '^(https?|oci)://', maxLength: 2048 }),
  type: Type.Optional(StringEnum(['default', 'oci'] as const)),
  interval: Type.Optional(Type.String()),
  secretRef: Type.Optional(StrictObject({ name: Type.String({ minLength: 1 }) })),
});

const OCIRepositoryDependency = StrictObject({
  name: Type.String({ minLength: 1 }),
  url: Type.String({ pattern: '^oci://', maxLength: 2048 }),
  ref: Type.Optional(
    StrictObject({
      tag: Type.Optional(Type.String()),
      semver: Type.Optional(Type.String()),
      digest: Type.Optional(Type.String()),
    }),
  ),
  interval: Type.Optional(Type.String()),
  secretRef: Type.Optional(StrictObject({ name: Type.String({ minLength: 1 }) })),
});

export const ProfileBundleSpec = StrictObject({
  type: StringEnum(BUNDLE_TYPES, {
    description:
      'Application (workload profiles only, for an existing pool) | Infrastructure (a cluster profile, for compute pools) | Fullstack (both)',
  }),
  version: {
    ...SemverString,
    description: 'Semantic version of this bundle; Model as a Service prefers the highest.',
  },
  description: Type.Optional({ ...Description, description: 'What the bundle is for, shown in catalogs.' }),
  clusterProfiles: Type.Optional(
    Type.Array(
      StrictObject({
        name: Type.String({
          minLength: 1,
          description: 'ClusterProfile name (or its palette.ai/cluster-profile label).',
        }),
        version: Type.Optional(
          Type.String({ minLength: 1, description: 'Profile version; newest when absent.' }),
        ),
      }),
      {
        maxItems: 64,
        description:
          'Cluster profiles (OS, Kubernetes, network, storage, add-ons): at most one Infrastructure or Full, any number of Add-on. None for Application bundles.',
      },
    ),
  ),
  workloadProfiles: Type.Optional(
    Type.Array(
      StrictObject({
        name: Type.String({ minLength: 1, description: 'WorkloadProfile name in the same namespace.' }),
        revision: Type.Optional(
          Type.Integer({ minimum: 1, description: 'Profile revision; latest when absent.' }),
        ),
      }),
      {
        maxItems: 64,
        description:
          'Workload profiles (apps, models, infrastructure dependencies); never both Application and Model.',
      },
    ),
  ),
  variableSet: Type.Optional(
    StrictObject(
      { variables: Type.Optional(Variables) },
      {
        description:
          'Bundle defaults for variables; cannot override values locked at project or system scope.',
      },
    ),
  ),
  workloadProfileDependencies: Type.Optional(
    StrictObject({
      helmRepositories: Type.Optional(Type.Array(HelmRepositoryDependency, { maxItems: 64 })),
      ociRepositories: Type.Optional(Type.Array(OCIRepositoryDependency, { maxItems: 64 })),
    }),
  ),
});

const ResolvedClusterProfile = StrictObject({
  name: Type.String(),
  type: Type.Optional(Type.String()),
  cloudType: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
});
const ResolvedWorkloadProfile = StrictObject({
  name: Type.String(),
  type: Type.Optional(Type.String()),
  revision: Type.Optional(Type.Integer()),
});

export const ProfileBundleStatus = StrictObject({
  phase: Type.Optional(StringEnum(['Pending', 'Ready', 'Invalid'] as const)),
  observedGeneration: Type.Optional(Type.Integer()),
  conditions: Type.Optional(Conditions),
  resolved: Type.Optional(
    StrictObject({
      clusterProfiles: Type.Optional(Type.Array(ResolvedClusterProfile)),
      workloadProfiles: Type.Optional(Type.Array(ResolvedWorkloadProfile)),
    }),
  ),
});

export const ProfileBundle = envelope(
  'spectrocloud.com/v1beta1',
  'ProfileBundle',
  ObjectMeta,
  ProfileBundleSpec,
  ProfileBundleStatus,
  'A reusable package of cluster profiles and workload profiles.',
);
export type ProfileBundle = Static<typeof ProfileBundle>;
