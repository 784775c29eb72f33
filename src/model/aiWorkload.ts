import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import {
  Conditions,
  FreeObject,
  LocalObjectReference,
  StrictObject,
  StringEnum,
  envelope,
} from './schema.js';
import { VariableOverrides } from './variables.js';

export const MODEL_SOURCES = ['huggingface', 'nvidia-ngc'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

export const ModelReference = StrictObject({
  source: StringEnum(MODEL_SOURCES),
  id: Type.String({ minLength: 1, maxLength: 512 }),
  revision: Type.Optional(Type.String()),
  attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type ModelReference = Static<typeof ModelReference>;

export const AIWorkload = envelope(
  'spectrocloud.com/v1alpha1',
  'AIWorkload',
  ObjectMeta,
  StrictObject({
    profileBundleRefs: Type.Optional(Type.Array(LocalObjectReference, { minItems: 1, maxItems: 2 })),
    computePoolRef: Type.Optional(LocalObjectReference),
    dedicatedComputePool: Type.Optional(StrictObject({ variables: Type.Optional(VariableOverrides) })),
    model: Type.Optional(ModelReference),
    workloadDeploymentConfigs: Type.Optional(
      Type.Array(
        StrictObject({
          workloadProfile: Type.Optional(Type.String()),
          variables: Type.Optional(VariableOverrides),
        }),
        { maxItems: 64 },
      ),
    ),
  }),
  StrictObject({
    phase: Type.Optional(StringEnum(['Pending', 'Deploying', 'Running', 'Failed'] as const)),
    observedGeneration: Type.Optional(Type.Integer()),
    conditions: Type.Optional(Conditions),
    selection: Type.Optional(FreeObject()),
    plan: Type.Optional(FreeObject()),
    variables: Type.Optional(Type.Array(FreeObject())),
    artifacts: Type.Optional(Type.Array(FreeObject())),
  }),
  'An application or model deployment.',
);
export type AIWorkload = Static<typeof AIWorkload>;
