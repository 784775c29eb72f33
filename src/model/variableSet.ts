import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, Description, ObservedGeneration, StrictObject, envelope } from './schema.js';
import { Variables } from './variables.js';

/** Typed variables of a namespace. Sets in `paletteai-system` are system scope, others project scope. */
export const VariableSet = envelope(
  'spectrocloud.com/v1beta1',
  'VariableSet',
  ObjectMeta,
  StrictObject({
    description: Type.Optional({ ...Description, description: 'What the set is for, shown in forms.' }),
    variables: {
      ...Variables,
      description:
        'The variables of the set. With the palette.ai/profile-bundle label they apply only when that bundle is deployed, otherwise to the whole namespace.',
    },
  }),
  StrictObject({
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
  }),
  'Typed variables of a namespace.',
);
export type VariableSet = Static<typeof VariableSet>;
