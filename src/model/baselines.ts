/**
 * One realistic, valid object of every kind (SPEC §2 examples), typed by its schema. Tests derive
 * their cases from these with `structuredClone` and change one field at a time.
 */
import type { AIWorkload } from './aiWorkload.js';
import type { ClusterProfile } from './clusterProfile.js';
import type { ComponentDefinition } from './componentDefinition.js';
import type { ComputePool } from './computePool.js';
import type { Event, Namespace, Secret } from './core.js';
import type { HelmRepository, OCIRepository } from './fluxSources.js';
import type { ProfileBundle } from './profileBundle.js';
import type { Project } from './project.js';
import type { Settings } from './settings.js';
import type { VariableSet } from './variableSet.js';
import type { WorkloadDeployment } from './workloadDeployment.js';
import type { WorkloadProfile } from './workloadProfile.js';

export const profileBundleBaseline: ProfileBundle = {
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: {
    name: 'vllm-llama3',
    namespace: 'project-melbourne',
    labels: { 'palette.ai/inference-engine': 'vllm' },
  },
  spec: {
    type: 'Fullstack',
    version: '1.2.0',
    description: 'Llama 3 on vLLM with its own GPU cluster',
    clusterProfiles: [{ name: 'edge-ubuntu-k3s-gpu', version: '1.0.0' }, { name: 'gpu-operator' }],
    workloadProfiles: [{ name: 'vllm-server', revision: 3 }],
    variableSet: {
      variables: [
        {
          name: 'modelId',
          variableType: 'string',
          value: { string: 'meta-llama/Llama-3.1-8B-Instruct' },
          description: 'Hugging Face id of the model to serve',
          validationMode: 'optional',
          inputType: 'text',
        },
      ],
    },
    workloadProfileDependencies: {
      helmRepositories: [{ name: 'vllm', url: 'https://example.org/charts' }],
      ociRepositories: [],
    },
  },
  status: {
    phase: 'Ready',
    conditions: [],
    resolved: { clusterProfiles: [], workloadProfiles: [] },
  },
};

export const workloadProfileBaseline: WorkloadProfile = {
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'WorkloadProfile',
  metadata: { name: 'vllm-server', namespace: 'project-melbourne' },
  spec: {
    type: 'Model',
    description: 'vLLM OpenAI-compatible server',
    variables: [{ name: 'modelId', variableType: 'string', validationMode: 'required' }],
    workload: {
      components: [
        {
          name: 'server',
          type: 'helm',
          deploymentPriority: 1,
          properties: {
            repository: 'vllm',
            chart: 'vllm-stack',
            version: '0.1.5',
            values: { model: '{{ .var.modelId }}' },
          },
        },
      ],
    },
  },
  status: { revision: 3 },
};

export const clusterProfileBaseline: ClusterProfile = {
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'ClusterProfile',
  metadata: { name: 'edge-ubuntu-k3s-gpu', namespace: 'project-melbourne' },
  spec: {
    type: 'Infrastructure',
    cloudType: 'edge-native',
    version: '1.0.0',
    description: 'Ubuntu 22.04 with K3s, Cilium and Longhorn for edge GPU hosts',
    layers: [
      { type: 'os', pack: { name: 'ubuntu', version: '22.04', registry: 'public' } },
      { type: 'k8s', pack: { name: 'k3s', version: '1.30.4', registry: 'public' } },
      { type: 'cni', pack: { name: 'cilium', version: '1.15.3', registry: 'public' } },
      { type: 'csi', pack: { name: 'longhorn', version: '1.6.1', registry: 'public' }, values: '' },
    ],
  },
};

export const componentDefinitionBaseline: ComponentDefinition = {
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ComponentDefinition',
  metadata: { name: 'cron-task', namespace: 'project-melbourne' },
  spec: {
    description: 'Runs an image on a schedule',
    schema: {
      type: 'object',
      required: ['image', 'schedule'],
      properties: { image: { type: 'string' }, schedule: { type: 'string' } },
    },
    template: [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: '{{ .name }}' },
        spec: {
          schedule: '{{ .properties.schedule }}',
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [{ name: 'main', image: '{{ .properties.image }}' }],
                },
              },
            },
          },
        },
      },
    ],
  },
};

export const variableSetBaseline: VariableSet = {
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'VariableSet',
  metadata: { name: 'defaults', namespace: 'project-melbourne' },
  spec: {
    description: 'Project-wide defaults',
    variables: [
      {
        name: 'maxModelLen',
        variableType: 'int32',
        value: { int32: 8192 },
        description: 'Longest context the server accepts',
        validationMode: 'optional',
        locked: false,
        inputType: 'text',
        secret: false,
      },
      { name: 'hfToken', variableType: 'string', secret: true, validationMode: 'optional' },
    ],
  },
};

export const computePoolBaseline: ComputePool = {
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'ComputePool',
  metadata: { name: 'gpu-pool-a', namespace: 'project-melbourne' },
  spec: {
    profileBundleRef: { name: 'edge-gpu-infra' },
    clusterVariant: { shared: {} },
    variables: { gpuCount: 2 },
  },
  status: {
    phase: 'Running',
    inferenceEngine: 'vllm',
    deployed: { clusterProfiles: [], workloadProfiles: [] },
  },
};

export const aiWorkloadBaseline: AIWorkload = {
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'AIWorkload',
  metadata: {
    name: 'llama-chat',
    namespace: 'project-melbourne',
    labels: { 'palette.ai/aiworkload-type': 'model' },
  },
  spec: {
    profileBundleRefs: [{ name: 'vllm-llama3' }],
    computePoolRef: { name: 'gpu-pool-a' },
    model: {
      source: 'huggingface',
      id: 'meta-llama/Llama-3.1-8B-Instruct',
      attributes: { task: 'text-generation' },
    },
    workloadDeploymentConfigs: [{ variables: { maxModelLen: '8192' } }],
  },
  status: {
    phase: 'Running',
    selection: {},
    plan: {
      bundles: ['vllm-llama3'],
      deploy: { clusterProfiles: [], workloadProfiles: ['vllm-server'] },
      ignored: [],
      failedChecks: [],
    },
    variables: [],
    artifacts: [],
  },
};

export const workloadDeploymentBaseline: WorkloadDeployment = {
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'WorkloadDeployment',
  metadata: { name: 'llama-chat-vllm-server', namespace: 'project-melbourne' },
  spec: {
    owner: { kind: 'AIWorkload', name: 'llama-chat' },
    profileBundle: 'vllm-llama3',
    workloadProfile: { name: 'vllm-server', revision: 3 },
    computePool: 'gpu-pool-a',
    variables: { maxModelLen: '8192' },
  },
  status: { phase: 'Rendered', conditions: [] },
};

export const projectBaseline: Project = {
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'Project',
  metadata: { name: 'melbourne', namespace: 'tenant-acme' },
  spec: {
    namespace: 'project-melbourne',
    description: 'Applied-AI team in Melbourne',
    settingsRef: { name: 'default' },
    maasMappings: [
      {
        name: 'hf-chat-on-vllm',
        priority: 100,
        source: 'huggingface',
        match: { id: 'meta-llama/*', task: 'text-generation' },
        profileBundleSelector: {
          matchLabels: { 'palette.ai/inference-engine': 'vllm' },
          matchExpressions: [{ key: 'palette.ai/tier', operator: 'In', values: ['gpu'] }],
        },
      },
    ],
  },
};

export const settingsBaseline: Settings = {
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'Settings',
  metadata: { name: 'default', namespace: 'project-melbourne' },
  spec: {
    infrastructureProvider: 'palette',
    palette: {
      endpoint: 'https://api.spectrocloud.com',
      projectUid: '5f1c0a2b3c4d5e6f7a8b9c0d',
      apiKeySecretRef: { name: 'palette-creds', key: 'apiKey' },
      packRegistries: ['public'],
    },
    huggingFace: { tokenSecretRef: { name: 'hf', key: 'token' } },
    nvidiaNgc: { apiKeySecretRef: { name: 'ngc', key: 'apiKey' } },
    ociRegistry: {
      url: 'oci://127.0.0.1:5000/paletteai',
      credentialsSecretRef: { name: 'registry-creds' },
      insecure: false,
    },
  },
};

export const helmRepositoryBaseline: HelmRepository = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'HelmRepository',
  metadata: { name: 'vllm', namespace: 'project-melbourne' },
  spec: {
    url: 'https://vllm-project.github.io/production-stack',
    type: 'default',
    interval: '10m',
    timeout: '60s',
    secretRef: { name: 'vllm-charts-auth' },
  },
};

export const ociRepositoryBaseline: OCIRepository = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'OCIRepository',
  metadata: { name: 'llama-chat-artifacts', namespace: 'project-melbourne' },
  spec: {
    url: 'oci://127.0.0.1:5000/paletteai/llama-chat',
    ref: { tag: '1.2.0' },
    interval: '5m',
    insecure: true,
  },
};

export const namespaceBaseline: Namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'project-melbourne', labels: { 'palette.ai/project': 'melbourne' } },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
};

export const secretBaseline: Secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'palette-creds', namespace: 'project-melbourne' },
  type: 'Opaque',
  immutable: false,
  data: { apiKey: 'c2VjcmV0LWFwaS1rZXk=' },
  stringData: { note: 'rotated monthly' },
};

/** Every baseline, by kind (one per kind of `KINDS`). */
export const eventBaseline: Event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'gpu-pool-a.1873b2c4d5e6f708', namespace: 'project-melbourne' },
  involvedObject: {
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ComputePool',
    name: 'gpu-pool-a',
    namespace: 'project-melbourne',
  },
  reason: 'Planned',
  message: 'no machines were made: infrastructure provider "none"',
  type: 'Normal',
  source: { component: 'paletteai-controllers' },
  count: 1,
};

export const BASELINES = {
  ProfileBundle: profileBundleBaseline,
  WorkloadProfile: workloadProfileBaseline,
  ClusterProfile: clusterProfileBaseline,
  ComponentDefinition: componentDefinitionBaseline,
  VariableSet: variableSetBaseline,
  ComputePool: computePoolBaseline,
  AIWorkload: aiWorkloadBaseline,
  WorkloadDeployment: workloadDeploymentBaseline,
  Project: projectBaseline,
  Settings: settingsBaseline,
  HelmRepository: helmRepositoryBaseline,
  OCIRepository: ociRepositoryBaseline,
  Namespace: namespaceBaseline,
  Secret: secretBaseline,
  Event: eventBaseline,
} as const;
