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
    description: 'Application | Infrastructure | Fullstack',
  }),
  version: SemverString,
  description: Type.Optional(Description),
  clusterProfiles: Type.Optional(
    Type.Array(
      StrictObject({
        name: Type.String({ minLength: 1 }),
        version: Type.Optional(Type.String({ minLength: 1, description: 'Newest when absent.' })),
      }),
      { maxItems: 64 },
    ),
  ),
  workloadProfiles: Type.Optional(
    Type.Array(
      StrictObject({
        name: Type.String({ minLength: 1 }),
        revision: Type.Optional(Type.Integer({ minimum: 1, description: 'Latest when absent.' })),
      }),
      { maxItems: 64 },
    ),
  ),
  variableSet: Type.Optional(StrictObject({ variables: Type.Optional(Variables) })),
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
