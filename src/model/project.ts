import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { MODEL_SOURCES } from './aiWorkload.js';
import {
  Conditions,
  LocalObjectReference,
  ObservedGeneration,
  StrictObject,
  StringEnum,
  envelope,
} from './schema.js';

export const LabelSelector = StrictObject(
  {
    matchLabels: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'Labels an object must have, each key with exactly this value.',
      }),
    ),
    matchExpressions: Type.Optional(
      Type.Array(
        StrictObject({
          key: Type.String({ minLength: 1, description: 'The label key the requirement is about.' }),
          operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist'] as const, {
            description: 'In, NotIn, Exists or DoesNotExist.',
          }),
          values: Type.Optional(
            Type.Array(Type.String(), {
              description: 'The values for In and NotIn; empty for Exists and DoesNotExist.',
            }),
          ),
        }),
        { description: 'Label requirements; every one must hold.' },
      ),
    ),
  },
  {
    description:
      'A Kubernetes label selector: matchLabels and matchExpressions must all hold; an empty selector matches everything.',
  },
);
export type LabelSelector = Static<typeof LabelSelector>;

export const MaasMapping = StrictObject({
  name: Type.String({
    minLength: 1,
    maxLength: 63,
    description: 'Name of the mapping; among mappings of equal priority the first by name is tried first.',
  }),
  priority: Type.Integer({ description: 'Higher wins.' }),
  source: StringEnum(MODEL_SOURCES, {
    description: 'The model source the mapping serves: huggingface or nvidia-ngc.',
  }),
  match: Type.Record(Type.String(), Type.String(), {
    description: "Every key must match the model's attributes (id, and attributes); * globs in values.",
  }),
  profileBundleSelector: {
    ...LabelSelector,
    description:
      'Which bundles of the project namespace are candidates; among those Ready and compatible, the highest spec.version wins.',
  },
});
export type MaasMapping = Static<typeof MaasMapping>;

export const Project = envelope(
  'spectrocloud.com/v1alpha1',
  'Project',
  ObjectMeta,
  StrictObject({
    namespace: Type.String({ description: 'The namespace of the project (created with it).' }),
    description: Type.Optional(
      Type.String({ maxLength: 1024, description: 'What the project is for, at most 1024 characters.' }),
    ),
    settingsRef: Type.Optional(LocalObjectReference),
    maasMappings: Type.Optional(
      Type.Array(MaasMapping, {
        maxItems: 256,
        description:
          'Model-as-a-Service mappings, at most 256: which bundles serve a model deployment that names none.',
      }),
    ),
  }),
  StrictObject({
    phase: Type.Optional(Type.String({ description: 'Lifecycle phase of the project.' })),
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
  }),
  'A team: its namespace, settings and Model-as-a-Service mappings.',
);
export type Project = Static<typeof Project>;
