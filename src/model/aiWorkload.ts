import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import {
  Conditions,
  FreeObject,
  LocalObjectReference,
  ObservedGeneration,
  StrictObject,
  StringEnum,
  envelope,
} from './schema.js';
import { VariableOverrides } from './variables.js';
import { PaletteClusterDeploymentConfig, PlanDeploy, PlanIgnored } from './computePool.js';

export const MODEL_SOURCES = ['huggingface', 'nvidia-ngc'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

export const ModelReference = StrictObject(
  {
    source: StringEnum(MODEL_SOURCES, {
      description: 'Where the model comes from: huggingface or nvidia-ngc.',
    }),
    id: Type.String({
      minLength: 1,
      maxLength: 512,
      description:
        'Model id in its source, e.g. meta-llama/Llama-3.1-8B-Instruct; bound to the modelId variable of the Model workload profiles.',
    }),
    revision: Type.Optional(
      Type.String({
        description: 'Revision of the model in its source, e.g. a Hugging Face branch, tag or commit.',
      }),
    ),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description:
          "Attributes of the model, e.g. { task: text-generation }, that Model-as-a-Service mappings' match compares.",
      }),
    ),
  },
  { description: 'The model to deploy: its source, id and attributes.' },
);
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

const PlanFailedCheck = StrictObject({
  code: Type.String({ description: 'The rule code, e.g. IE001.' }),
  field: Type.String({ description: 'The field of the AIWorkload to fix.' }),
  message: Type.String({ description: 'What failed and how to fix it.' }),
});

const EffectiveVariableStatus = StrictObject({
  name: Type.String({ description: 'Variable name.' }),
  type: Type.String({ description: 'Variable type, e.g. string or int32.' }),
  value: Type.Optional(Type.Unknown({ description: 'The effective value; "(secret)" for a secret.' })),
  source: Type.String({ description: 'The source that set the value.' }),
  locked: Type.Boolean({ description: 'A source locked the value; later sources could not override it.' }),
  secret: Type.Boolean({ description: 'The value lives in a Secret and is not shown.' }),
  required: Type.Boolean({ description: 'A source declared the variable required.' }),
});

/** The workload profile a WorkloadDeployment rendered, at its revision. */
const RenderedProfile = StrictObject(
  {
    name: Type.String({ description: 'Name of the workload profile.' }),
    revision: Type.Integer({ minimum: 1, description: 'The revision of it that was rendered.' }),
  },
  { description: 'The workload profile the artifact was rendered from, at its revision.' },
);

/** `workloadDeploymentConfigs` of the spec, and of the spec a history entry recorded. */
const WorkloadDeploymentConfigs = (options: { maxItems?: number; description: string }) =>
  Type.Array(
    StrictObject({
      workloadProfile: Type.Optional(
        Type.String({ description: 'Name of the workload profile the values are meant for.' }),
      ),
      variables: Type.Optional({
        ...VariableOverrides,
        description:
          'Values for variables by name, e.g. { maxModelLen: "8192" }; the values of every config apply to each deployed profile that declares the variable.',
      }),
    }),
    options,
  );

export const AIWorkload = envelope(
  'spectrocloud.com/v1alpha1',
  'AIWorkload',
  ObjectMeta,
  StrictObject({
    profileBundleRefs: Type.Optional(
      Type.Array(LocalObjectReference, {
        minItems: 1,
        maxItems: 2,
        description:
          "One bundle, or an Infrastructure and an Application bundle; omitted for a model, Model as a Service chooses from the project's mappings.",
      }),
    ),
    computePoolRef: Type.Optional(LocalObjectReference),
    dedicatedComputePool: Type.Optional(
      StrictObject(
        {
          variables: Type.Optional({
            ...VariableOverrides,
            description: "Values for the variables of the pool's bundle by name, e.g. { gpuCount: 2 }.",
          }),
          paletteClusterDeploymentConfig: Type.Optional(PaletteClusterDeploymentConfig),
        },
        { description: 'A new dedicated pool made for (and deleted with) this deployment.' },
      ),
    ),
    model: Type.Optional({
      ...ModelReference,
      description:
        'For a model deployment: the model to serve; Model as a Service matches it when no bundle is named.',
    }),
    workloadDeploymentConfigs: Type.Optional(
      WorkloadDeploymentConfigs({
        maxItems: 64,
        description:
          'Deployment overrides of variable values, the highest-priority source; changing them re-renders.',
      }),
    ),
  }),
  StrictObject({
    phase: Type.Optional(
      StringEnum(AIWORKLOAD_PHASES, {
        description:
          'Pending, Deploying, Delivered (every workload delivered, the pool only Planned), Running, Failed or Deleting.',
      }),
    ),
    observedGeneration: Type.Optional(ObservedGeneration),
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
          deploy: PlanDeploy,
          ignored: PlanIgnored,
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
          workloadDeployment: Type.String({ description: 'Name of the WorkloadDeployment.' }),
          reference: Type.Optional(Type.String({ description: 'OCI reference of the rendered workload.' })),
          digest: Type.Optional(Type.String({ description: 'sha256 digest of the artifact manifest.' })),
          workloadProfile: Type.Optional(RenderedProfile),
        }),
        { description: 'What each WorkloadDeployment of the deployment delivered.' },
      ),
    ),
    endpoints: Type.Optional(
      Type.Array(
        StrictObject({
          component: Type.String({ description: 'Name of the webservice component.' }),
          workloadProfile: Type.String({ description: 'Name of the workload profile that holds it.' }),
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
          artifacts: Type.Array(
            StrictObject({
              workloadDeployment: Type.String({ description: 'Name of the WorkloadDeployment.' }),
              digest: Type.String({ description: 'sha256 digest of the artifact it had delivered.' }),
              workloadProfile: Type.Optional(RenderedProfile),
            }),
            { description: 'The artifact each WorkloadDeployment had delivered at this revision.' },
          ),
          spec: Type.Optional(
            StrictObject(
              {
                profileBundleRefs: Type.Optional(
                  Type.Array(LocalObjectReference, { description: 'spec.profileBundleRefs at the time.' }),
                ),
                model: Type.Optional({ ...ModelReference, description: 'spec.model at the time.' }),
                workloadDeploymentConfigs: Type.Optional(
                  WorkloadDeploymentConfigs({
                    description: 'spec.workloadDeploymentConfigs at the time, secret values masked.',
                  }),
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
