import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, Description, StrictObject, envelope } from './schema.js';
import { Variables } from './variables.js';

/** Typed variables of a namespace. Sets in `paletteai-system` are system scope, others project scope. */
export const VariableSet = envelope(
  'spectrocloud.com/v1beta1',
  'VariableSet',
  ObjectMeta,
  StrictObject({ description: Type.Optional(Description), variables: Variables }),
  StrictObject({
    observedGeneration: Type.Optional(Type.Integer()),
    conditions: Type.Optional(Conditions),
  }),
  'Typed variables of a namespace.',
);
export type VariableSet = Static<typeof VariableSet>;
