import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, Description, FreeObject, StrictObject, envelope } from './schema.js';

export const ComponentDefinition = envelope(
  'spectrocloud.com/v1beta1',
  'ComponentDefinition',
  ObjectMeta,
  StrictObject({
    description: Type.Optional(Description),
    schema: FreeObject('JSON Schema of the component properties.'),
    template: Type.Array(FreeObject('A Kubernetes object; strings may hold {{ .properties.x }}.'), {
      minItems: 1,
      maxItems: 64,
    }),
  }),
  StrictObject({
    observedGeneration: Type.Optional(Type.Integer()),
    conditions: Type.Optional(Conditions),
  }),
  'A reusable component template.',
);
export type ComponentDefinition = Static<typeof ComponentDefinition>;
