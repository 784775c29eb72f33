import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import {
  Conditions,
  Description,
  FreeObject,
  ObservedGeneration,
  StrictObject,
  StringEnum,
  envelope,
} from './schema.js';
import { Variables } from './variables.js';

export const WORKLOAD_PROFILE_TYPES = ['Application', 'Model', 'Infrastructure'] as const;
export type WorkloadProfileType = (typeof WORKLOAD_PROFILE_TYPES)[number];

/** Component types every installation knows; any other type names a ComponentDefinition. */
export const BUILTIN_COMPONENT_TYPES = ['helm', 'manifests', 'webservice'] as const;

export const Component = StrictObject({
  name: Type.String({
    minLength: 1,
    maxLength: 63,
    description: 'Name of the component, unique in the profile, at most 63 characters.',
  }),
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
  description: Type.Optional({ ...Description, description: 'What the profile deploys, shown in catalogs.' }),
  variables: Type.Optional({
    ...Variables,
    description: 'Variables the templates of this profile read ({{ .var.NAME }}), with their defaults.',
  }),
  workload: StrictObject(
    {
      components: Type.Array(Component, {
        minItems: 1,
        maxItems: 128,
        description: 'What to deploy, 1 to 128 components, rendered in deploymentPriority order.',
      }),
    },
    { description: 'The workload: its components.' },
  ),
});

/** How many earlier revisions a WorkloadProfile keeps readable in `status.history`. */
export const WORKLOAD_PROFILE_HISTORY = 10;

/**
 * How much of its earlier specs (as JSON) a WorkloadProfile keeps: a profile with big inline
 * manifests keeps fewer than {@link WORKLOAD_PROFILE_HISTORY}, so that the whole object still fits a
 * request body (3 MiB) when a client sends it back, as `kubectl edit` and `replace` do.
 */
export const WORKLOAD_PROFILE_HISTORY_BYTES = 1024 * 1024;

export const WorkloadProfile = envelope(
  'spectrocloud.com/v1beta1',
  'WorkloadProfile',
  ObjectMeta,
  WorkloadProfileSpec,
  StrictObject({
    revision: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'Revision of the spec, from 1; increases on every spec change, and old revisions stay readable.',
      }),
    ),
    history: Type.Optional(
      Type.Array(
        StrictObject({
          revision: Type.Integer({ minimum: 1, description: 'The revision this spec was.' }),
          spec: { ...WorkloadProfileSpec, description: 'The spec at that revision.' },
        }),
        {
          maxItems: WORKLOAD_PROFILE_HISTORY,
          description:
            `The last ${WORKLOAD_PROFILE_HISTORY} earlier revisions (fewer when their specs pass 1 MiB), oldest ` +
            'first: what a bundle that pins one (spec.workloadProfiles[].revision) and its deployments render. Kept by the server.',
        },
      ),
    ),
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
  }),
  'What to deploy for an application, a model or an infrastructure dependency.',
);
export type WorkloadProfile = Static<typeof WorkloadProfile>;
