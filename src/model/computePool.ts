import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, LocalObjectReference, StrictObject, StringEnum, envelope } from './schema.js';
import { VariableOverrides } from './variables.js';

export const POOL_PHASES = ['Pending', 'Provisioning', 'Running', 'Failed', 'Deleting'] as const;

export const ComputePool = envelope(
  'spectrocloud.com/v1alpha1',
  'ComputePool',
  ObjectMeta,
  StrictObject({
    profileBundleRef: LocalObjectReference,
    clusterVariant: StrictObject(
      {
        shared: Type.Optional(StrictObject({})),
        dedicated: Type.Optional(StrictObject({})),
      },
      { description: 'Exactly one of shared / dedicated (immutable).' },
    ),
    variables: Type.Optional(VariableOverrides),
  }),
  StrictObject({
    phase: Type.Optional(StringEnum(POOL_PHASES)),
    inferenceEngine: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer()),
    conditions: Type.Optional(Conditions),
    deployed: Type.Optional(
      StrictObject({
        clusterProfiles: Type.Optional(Type.Array(Type.String())),
        workloadProfiles: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  }),
  'A shared or dedicated cluster built from an infrastructure bundle.',
);
export type ComputePool = Static<typeof ComputePool>;
