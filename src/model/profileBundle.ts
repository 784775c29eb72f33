import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import {
  Conditions,
  Description,
  ObservedGeneration,
  SemverString,
  StrictObject,
  StringEnum,
  envelope,
} from './schema.js';
import { HELM_REPOSITORY_ADDRESS, ociRef } from './fluxSources.js';
import { Variables } from './variables.js';

export const BUNDLE_TYPES = ['Application', 'Infrastructure', 'Fullstack'] as const;
export type BundleType = (typeof BUNDLE_TYPES)[number];

const INTERVAL_DESCRIPTION = 'Flux reconcile interval, a Go duration such as 10m; 10m when absent.';

/** `secretRef` of a repository dependency: the Flux object's own `secretRef`. */
const DependencySecretRef = (what: string) =>
  StrictObject(
    { name: Type.String({ minLength: 1, description: 'Name of the Secret, in the same namespace.' }) },
    { description: `Secret with the credentials for the ${what} (Flux secretRef).` },
  );

const HelmRepositoryDependency = StrictObject({
  name: Type.String({
    minLength: 1,
    description: 'Name of the HelmRepository; helm components name it in properties.repository.',
  }),
  ...HELM_REPOSITORY_ADDRESS,
  interval: Type.Optional(Type.String({ description: INTERVAL_DESCRIPTION })),
  secretRef: Type.Optional(DependencySecretRef('chart repository')),
});

const OCIRepositoryDependency = StrictObject({
  name: Type.String({
    minLength: 1,
    description: 'Name of the OCIRepository; helm components name it in properties.repository.',
  }),
  url: Type.String({
    pattern: '^oci://',
    maxLength: 2048,
    description: 'Address of the artifact repository, oci://host/path.',
  }),
  ref: Type.Optional(ociRef("Which artifact to pull; Flux's latest tag when absent.", 'Tag to pull.')),
  interval: Type.Optional(Type.String({ description: INTERVAL_DESCRIPTION })),
  secretRef: Type.Optional(DependencySecretRef('registry')),
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
      {
        variables: Type.Optional({
          ...Variables,
          description: 'Default values of variables for this bundle, same item shape as a VariableSet.',
        }),
      },
      {
        description:
          'Bundle defaults for variables; cannot override values locked at project or system scope.',
      },
    ),
  ),
  workloadProfileDependencies: Type.Optional(
    StrictObject(
      {
        helmRepositories: Type.Optional(
          Type.Array(HelmRepositoryDependency, {
            maxItems: 64,
            description: 'Flux HelmRepository objects to create, at most 64.',
          }),
        ),
        ociRepositories: Type.Optional(
          Type.Array(OCIRepositoryDependency, {
            maxItems: 64,
            description: 'Flux OCIRepository objects to create, at most 64.',
          }),
        ),
      },
      {
        description:
          "Repositories the bundle's workload profiles pull from, created in the namespace when missing.",
      },
    ),
  ),
});

const ResolvedClusterProfile = StrictObject({
  name: Type.String({ description: 'The name the reference gives (spec.clusterProfiles[].name).' }),
  type: Type.Optional(
    Type.String({ description: 'Type of the profile found: Infrastructure, Add-on or Full.' }),
  ),
  cloudType: Type.Optional(
    Type.String({ description: 'Cloud type of the profile found, e.g. edge-native.' }),
  ),
  version: Type.Optional(Type.String({ description: 'Version of the profile found.' })),
});
const ResolvedWorkloadProfile = StrictObject({
  name: Type.String({ description: 'The name the reference gives (spec.workloadProfiles[].name).' }),
  type: Type.Optional(
    Type.String({ description: 'Type of the profile found: Application, Model or Infrastructure.' }),
  ),
  revision: Type.Optional(Type.Integer({ description: 'Revision of the profile found.' })),
});

export const ProfileBundleStatus = StrictObject({
  phase: Type.Optional(
    StringEnum(['Pending', 'Ready', 'Invalid'] as const, {
      description:
        'Ready when every reference resolves and every rule passes; Pending while a reference is missing; Invalid when a rule fails.',
    }),
  ),
  observedGeneration: Type.Optional(ObservedGeneration),
  conditions: Type.Optional(Conditions),
  resolved: Type.Optional(
    StrictObject(
      {
        clusterProfiles: Type.Optional(
          Type.Array(ResolvedClusterProfile, { description: 'The cluster profiles found, in spec order.' }),
        ),
        workloadProfiles: Type.Optional(
          Type.Array(ResolvedWorkloadProfile, { description: 'The workload profiles found, in spec order.' }),
        ),
      },
      { description: 'What each reference resolved to; a reference that does not resolve is left out.' },
    ),
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
