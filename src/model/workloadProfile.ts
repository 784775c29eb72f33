import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, Description, FreeObject, StrictObject, StringEnum, envelope } from './schema.js';
import { Variables } from './variables.js';

export const WORKLOAD_PROFILE_TYPES = ['Application', 'Model', 'Infrastructure'] as const;
export type WorkloadProfileType = (typeof WORKLOAD_PROFILE_TYPES)[number];

/** Component types every installation knows; any other type names a ComponentDefinition. */
export const BUILTIN_COMPONENT_TYPES = ['helm', 'manifests', 'webservice'] as const;

export const Component = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 63 }),
  type: Type.String({
    minLength: 1,
    description: 'helm | manifests | webservice | a ComponentDefinition name',
  }),
  deploymentPriority: Type.Optional(Type.Integer({ minimum: 0, description: 'Lower deploys first.' })),
  properties: Type.Optional(FreeObject('Properties of the component type.')),
});
export type Component = Static<typeof Component>;

export const WorkloadProfileSpec = StrictObject({
  type: StringEnum(WORKLOAD_PROFILE_TYPES, {
    description: 'Application | Model | Infrastructure (immutable)',
  }),
  description: Type.Optional(Description),
  variables: Type.Optional(Variables),
  workload: StrictObject({ components: Type.Array(Component, { minItems: 1, maxItems: 128 }) }),
});

export const WorkloadProfile = envelope(
  'spectrocloud.com/v1beta1',
  'WorkloadProfile',
  ObjectMeta,
  WorkloadProfileSpec,
  StrictObject({
    revision: Type.Optional(Type.Integer({ minimum: 1 })),
    observedGeneration: Type.Optional(Type.Integer()),
    conditions: Type.Optional(Conditions),
  }),
  'What to deploy for an application, a model or an infrastructure dependency.',
);
export type WorkloadProfile = Static<typeof WorkloadProfile>;
