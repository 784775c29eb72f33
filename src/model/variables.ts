import { Type, type Static } from '@sinclair/typebox';
import { Description, StrictObject, StringEnum } from './schema.js';

export const VARIABLE_TYPES = ['string', 'bool', 'int32', 'int64', 'float32', 'float64'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** A typed value: exactly one key, equal to the variable's type, e.g. `{ int32: 2 }`. */
export const VariableValue = StrictObject(
  {
    string: Type.Optional(
      Type.String({ maxLength: 65536, description: 'Value of a string variable, at most 65536 characters.' }),
    ),
    bool: Type.Optional(Type.Boolean({ description: 'Value of a bool variable.' })),
    int32: Type.Optional(Type.Integer({ description: 'Value of an int32 variable.' })),
    // No description of its own: published as "One of: integer, string.", which the CRD tests pin.
    int64: Type.Optional(Type.Union([Type.Integer(), Type.String({ pattern: '^-?[0-9]{1,19}$' })])),
    float32: Type.Optional(Type.Number({ description: 'Value of a float32 variable.' })),
    float64: Type.Optional(Type.Number({ description: 'Value of a float64 variable.' })),
  },
  { minProperties: 1, maxProperties: 1, description: 'One key equal to variableType, e.g. { int32: 2 }.' },
);
export type VariableValue = Static<typeof VariableValue>;

/** A variable: the item shape shared by VariableSet, bundle `variableSet` and profile `variables`. */
export const Variable = StrictObject({
  name: Type.String({
    pattern: '^[A-Za-z_][A-Za-z0-9_-]*$',
    maxLength: 253,
    description:
      'Variable name: a letter or _ first, then letters, digits, _ or -; templates read it as {{ .var.NAME }}.',
  }),
  variableType: StringEnum(VARIABLE_TYPES, {
    description: 'Type of the value: string, bool, int32, int64, float32 or float64.',
  }),
  value: Type.Optional(VariableValue),
  description: Type.Optional({
    ...Description,
    description: 'What the variable is for, shown in forms; at most 1024 characters.',
  }),
  validationMode: Type.Optional(
    StringEnum(['required', 'optional'] as const, {
      description: 'required: some source must give a value before a deployment; optional when absent.',
    }),
  ),
  locked: Type.Optional(
    Type.Boolean({
      description:
        'When true, no later source (bundle, deployment) may override the value; not allowed together with validationMode required.',
    }),
  ),
  inputType: Type.Optional(
    StringEnum(['text', 'multiline'] as const, {
      description: 'How forms edit the value: text (one line) or multiline; text when absent.',
    }),
  ),
  secret: Type.Optional(
    Type.Boolean({
      description:
        'When true, the value lives in a Secret and is given at deployment, never in plain text; status shows it as "(secret)".',
    }),
  ),
});
export type Variable = Static<typeof Variable>;

export const Variables = Type.Array(Variable, {
  maxItems: 512,
  description: 'Typed variables, at most 512; templates read each as {{ .var.NAME }}.',
});

/** Plain override values (`{ replicas: 2 }`) given by a deployment, a pool or the CLI. */
export const VariableOverrides = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
  {
    description:
      "Values for the bundle's variables by name, e.g. { replicas: 2 }; string, number or boolean.",
  },
);
export type VariableOverrides = Static<typeof VariableOverrides>;
