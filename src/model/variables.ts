import { Type, type Static } from '@sinclair/typebox';
import { Description, StrictObject, StringEnum } from './schema.js';

export const VARIABLE_TYPES = ['string', 'bool', 'int32', 'int64', 'float32', 'float64'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** A typed value: exactly one key, equal to the variable's type, e.g. `{ int32: 2 }`. */
export const VariableValue = StrictObject(
  {
    string: Type.Optional(Type.String({ maxLength: 65536 })),
    bool: Type.Optional(Type.Boolean()),
    int32: Type.Optional(Type.Integer()),
    int64: Type.Optional(Type.Union([Type.Integer(), Type.String({ pattern: '^-?[0-9]{1,19}$' })])),
    float32: Type.Optional(Type.Number()),
    float64: Type.Optional(Type.Number()),
  },
  { minProperties: 1, maxProperties: 1, description: 'One key equal to variableType, e.g. { int32: 2 }.' },
);
export type VariableValue = Static<typeof VariableValue>;

/** A variable: the item shape shared by VariableSet, bundle `variableSet` and profile `variables`. */
export const Variable = StrictObject({
  name: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_-]*$', maxLength: 253 }),
  variableType: StringEnum(VARIABLE_TYPES),
  value: Type.Optional(VariableValue),
  description: Type.Optional(Description),
  validationMode: Type.Optional(StringEnum(['required', 'optional'] as const)),
  locked: Type.Optional(Type.Boolean()),
  inputType: Type.Optional(StringEnum(['text', 'multiline'] as const)),
  secret: Type.Optional(Type.Boolean()),
});
export type Variable = Static<typeof Variable>;

export const Variables = Type.Array(Variable, { maxItems: 512 });

/** Plain override values (`{ replicas: 2 }`) given by a deployment, a pool or the CLI. */
export const VariableOverrides = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
);
export type VariableOverrides = Static<typeof VariableOverrides>;
