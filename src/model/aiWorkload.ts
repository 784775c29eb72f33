import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import {
  Conditions,
  FreeObject,
  LocalObjectReference,
  StrictObject,
  StringEnum,
  envelope,
} from './schema.js';
import { VariableOverrides } from './variables.js';
import { PaletteClusterDeploymentConfig } from './computePool.js';

export const MODEL_SOURCES = ['huggingface', 'nvidia-ngc'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

export const ModelReference = StrictObject({
  source: StringEnum(MODEL_SOURCES),
  id: Type.String({ minLength: 1, maxLength: 512 }),
  revision: Type.Optional(Type.String()),
  attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type ModelReference = Static<typeof ModelReference>;

/**
 * Lifecycle of a deployment (SPEC §6): `Delivered` when every WorkloadDeployment is delivered and
 * the pool is `Planned` (no cluster runs it), `Running` when the pool runs.
 */
export const AIWORKLOAD_PHASES = [
  'Pending',
  'Deploying',
  'Delivered',
  'Running',
  'Failed',
  'Deleting',
] as const;

const PlanIgnoredPart = StrictObject({
  kind: Type.String({ description: 'ClusterProfile or WorkloadProfile.' }),
  name: Type.String(),
  bundle: Type.String({ description: 'The bundle it comes from.' }),
  reason: Type.String({ description: 'Why the workflow leaves it out (SPEC §3 table).' }),
});

const PlanFailedCheck = StrictObject({
  code: Type.String({ description: 'The rule code, e.g. IE001.' }),
  field: Type.String({ description: 'The field of the AIWorkload to fix.' }),
  message: Type.String({ description: 'What failed and how to fix it.' }),
});

const EffectiveVariableStatus = StrictObject({
  name: Type.String(),
  type: Type.String(),
  value: Type.Optional(Type.Unknown({ description: 'The effective value; "(secret)" for a secret.' })),
  source: Type.String({ description: 'The source that set the value.' }),
  locked: Type.Boolean(),
  secret: Type.Boolean(),
  required: Type.Boolean(),
});

export const AIWorkload = envelope(
  'spectrocloud.com/v1alpha1',
  'AIWorkload',
  ObjectMeta,
  StrictObject({
    profileBundleRefs: Type.Optional(Type.Array(LocalObjectReference, { minItems: 1, maxItems: 2 })),
    computePoolRef: Type.Optional(LocalObjectReference),
    dedicatedComputePool: Type.Optional(
      StrictObject(
        {
          variables: Type.Optional(VariableOverrides),
          paletteClusterDeploymentConfig: Type.Optional(PaletteClusterDeploymentConfig),
        },
        { description: 'A new dedicated pool made for (and deleted with) this deployment.' },
      ),
    ),
    model: Type.Optional(ModelReference),
    workloadDeploymentConfigs: Type.Optional(
      Type.Array(
        StrictObject({
          workloadProfile: Type.Optional(Type.String()),
          variables: Type.Optional(VariableOverrides),
        }),
        { maxItems: 64 },
      ),
    ),
  }),
  StrictObject({
    phase: Type.Optional(StringEnum(AIWORKLOAD_PHASES)),
    observedGeneration: Type.Optional(Type.Integer()),
    conditions: Type.Optional(Conditions),
    selection: Type.Optional(
      FreeObject(
        'Model as a Service: the project, the model, the mapping used, the chosen bundle, and a verdict for every mapping and every candidate bundle.',
      ),
    ),
    plan: Type.Optional(
      StrictObject(
        {
          bundles: Type.Array(Type.String(), { description: 'The bundles planned (named or chosen).' }),
          deploy: StrictObject({
            clusterProfiles: Type.Array(Type.String()),
            workloadProfiles: Type.Array(Type.String()),
          }),
          ignored: Type.Array(PlanIgnoredPart),
          failedChecks: Type.Array(PlanFailedCheck, {
            description: 'The checks that failed; the plan is allowed when there are none.',
          }),
        },
        { description: 'What the deployment deploys and what it ignores, each with a reason (SPEC §3).' },
      ),
    ),
    variables: Type.Optional(
      Type.Array(EffectiveVariableStatus, {
        description: 'Effective values with the source that set each; secret values read "(secret)".',
      }),
    ),
    artifacts: Type.Optional(
      Type.Array(
        StrictObject({
          workloadDeployment: Type.String(),
          reference: Type.Optional(Type.String({ description: 'OCI reference of the rendered workload.' })),
          digest: Type.Optional(Type.String({ description: 'sha256 digest of the artifact manifest.' })),
        }),
        { description: 'What each WorkloadDeployment of the deployment delivered.' },
      ),
    ),
    endpoints: Type.Optional(
      Type.Array(
        StrictObject({
          component: Type.String(),
          workloadProfile: Type.String(),
          url: Type.String({ description: 'http://<component>.<namespace>.svc:<port>' }),
        }),
        { description: 'Service URLs of the webservice components deployed.' },
      ),
    ),
    history: Type.Optional(
      Type.Array(
        StrictObject({
          generation: Type.Integer({ description: "The AIWorkload's metadata.generation delivered." }),
          time: Type.String({ description: 'When the set of digests was first seen delivered.' }),
          artifacts: Type.Array(StrictObject({ workloadDeployment: Type.String(), digest: Type.String() })),
          spec: Type.Optional(
            StrictObject(
              {
                profileBundleRefs: Type.Optional(Type.Array(LocalObjectReference)),
                model: Type.Optional(ModelReference),
                workloadDeploymentConfigs: Type.Optional(
                  Type.Array(
                    StrictObject({
                      workloadProfile: Type.Optional(Type.String()),
                      variables: Type.Optional(VariableOverrides),
                    }),
                  ),
                ),
              },
              {
                description: 'What the deployment asked for then: what `paletteai deploy rollback` restores.',
              },
            ),
          ),
        }),
        { maxItems: 10, description: 'The last 10 delivered revisions, oldest first.' },
      ),
    ),
  }),
  'An application or model deployment.',
);
export type AIWorkload = Static<typeof AIWorkload>;
