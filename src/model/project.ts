import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { MODEL_SOURCES } from './aiWorkload.js';
import { Conditions, LocalObjectReference, StrictObject, StringEnum, envelope } from './schema.js';

export const LabelSelector = StrictObject({
  matchLabels: Type.Optional(Type.Record(Type.String(), Type.String())),
  matchExpressions: Type.Optional(
    Type.Array(
      StrictObject({
        key: Type.String({ minLength: 1 }),
        operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist'] as const),
        values: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  ),
});
export type LabelSelector = Static<typeof LabelSelector>;

export const MaasMapping = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 63 }),
  priority: Type.Integer({ description: 'Higher wins.' }),
  source: StringEnum(MODEL_SOURCES),
  match: Type.Record(Type.String(), Type.String(), {
    description: "Every key must match the model's attributes (id, and attributes); * globs in values.",
  }),
  profileBundleSelector: LabelSelector,
});
export type MaasMapping = Static<typeof MaasMapping>;

export const Project = envelope(
  'spectrocloud.com/v1alpha1',
  'Project',
  ObjectMeta,
  StrictObject({
    namespace: Type.String({ description: 'The namespace of the project (created with it).' }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    settingsRef: Type.Optional(LocalObjectReference),
    maasMappings: Type.Optional(Type.Array(MaasMapping, { maxItems: 256 })),
  }),
  StrictObject({
    phase: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer()),
    conditions: Type.Optional(Conditions),
  }),
  'A team: its namespace, settings and Model-as-a-Service mappings.',
);
export type Project = Static<typeof Project>;
