import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, Description, FreeObject, ObservedGeneration, StrictObject, envelope } from './schema.js';

export const ComponentDefinition = envelope(
  'spectrocloud.com/v1beta1',
  'ComponentDefinition',
  ObjectMeta,
  StrictObject({
    description: Type.Optional({
      ...Description,
      description: 'What the component does, shown in catalogs.',
    }),
    schema: FreeObject('JSON Schema of the component properties.'),
    template: Type.Array(FreeObject('A Kubernetes object; strings may hold {{ .properties.x }}.'), {
      minItems: 1,
      maxItems: 64,
      description:
        'The Kubernetes objects the component renders to, 1 to 64; strings may hold {{ .name }}, {{ .properties.x }} and {{ .var.y }}.',
    }),
  }),
  StrictObject({
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
  }),
  'A reusable component template.',
);
export type ComponentDefinition = Static<typeof ComponentDefinition>;
