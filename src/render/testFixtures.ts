/**
 * Realistic objects for the render tests: the vLLM production stack and Open WebUI charts, a GPU
 * webservice and the `cron-task` ComponentDefinition of SPEC §2.9. Every call returns fresh objects.
 */
import type {
  Component,
  ComponentDefinition,
  HelmRepository,
  OCIRepository,
  ProfileBundle,
  WorkloadProfile,
} from '../model/index.js';
import type { RenderInput } from './renderBundle.js';

export const NS = 'project-melbourne';

export const bundle = (): ProfileBundle => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: { name: 'vllm-llama3', namespace: NS, labels: { 'palette.ai/inference-engine': 'vllm' } },
  spec: {
    type: 'Application',
    version: '1.2.0',
    workloadProfiles: [{ name: 'vllm-server' }, { name: 'chat-ui' }],
    workloadProfileDependencies: {
      helmRepositories: [
        { name: 'vllm', url: 'https://vllm-project.github.io/production-stack' },
        { name: 'open-webui', url: 'https://helm.openwebui.com', interval: '1h' },
      ],
    },
  },
});

export const helmRepo = (name: string, url: string): HelmRepository => ({
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'HelmRepository',
  metadata: { name, namespace: NS },
  spec: { url, interval: '10m' },
});

export const ociRepo = (name: string, url: string): OCIRepository => ({
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'OCIRepository',
  metadata: { name, namespace: NS },
  spec: { url, interval: '30m', ref: { semver: '>=1.0.0' } },
});

export const profile = (
  name: string,
  components: Component[],
  type: WorkloadProfile['spec']['type'] = 'Model',
): WorkloadProfile => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'WorkloadProfile',
  metadata: { name, namespace: NS },
  spec: { type, workload: { components } },
});

/** The vLLM production stack, serving the model named by the `modelId` variable. */
export const vllmComponent = (): Component => ({
  name: 'server',
  type: 'helm',
  deploymentPriority: 1,
  properties: {
    repository: 'vllm',
    chart: 'vllm-stack',
    version: '0.1.5',
    values: {
      servingEngineSpec: {
        modelSpec: [
          {
            name: 'llama3',
            repository: 'vllm/vllm-openai',
            tag: 'v0.8.5',
            modelURL: '{{ .var.modelId }}',
            replicaCount: '{{ .var.replicas }}',
            requestCPU: 6,
            requestMemory: '16Gi',
            requestGPU: 1,
          },
        ],
      },
      routerSpec: { enableRouter: true },
    },
  },
});

/** Open WebUI, pointed at the vLLM router of the same namespace. */
export const openWebuiComponent = (): Component => ({
  name: 'ui',
  type: 'helm',
  properties: {
    repository: 'open-webui',
    chart: 'open-webui',
    version: '5.20.0',
    targetNamespace: 'open-webui',
    values: {
      ollama: { enabled: false },
      pipelines: { enabled: false },
      openaiBaseApiUrl: 'http://vllm-server-server-router-service.{{ .namespace }}.svc/v1',
    },
  },
});

/** Text embeddings on one GPU. */
export const embeddingsComponent = (): Component => ({
  name: 'embeddings',
  type: 'webservice',
  properties: {
    image: 'ghcr.io/huggingface/text-embeddings-inference:1.5',
    port: 80,
    replicas: '{{ .var.replicas }}',
    env: { MODEL_ID: 'BAAI/bge-large-en-v1.5', MAX_BATCH_TOKENS: 16384, HF_HUB_OFFLINE: false },
    resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } },
    gpu: 1,
  },
});

/** The `cron-task` ComponentDefinition of SPEC §2.9. */
export const cronTask = (): ComponentDefinition => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ComponentDefinition',
  metadata: { name: 'cron-task', namespace: NS },
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
});

/** Warms the model cache every 30 minutes (a `cron-task` component). */
export const warmupComponent = (): Component => ({
  name: 'warmup',
  type: 'cron-task',
  properties: { image: 'curlimages/curl:8.10.1', schedule: '*/30 * * * *' },
});

/** A render of the given profiles with the vLLM and Open WebUI repositories and `cron-task`. */
export const renderInput = (
  workloadProfiles: WorkloadProfile[],
  extra: Partial<RenderInput> = {},
): RenderInput => ({
  namespace: NS,
  bundle: bundle(),
  workloadProfiles,
  repositories: [
    helmRepo('vllm', 'https://vllm-project.github.io/production-stack'),
    helmRepo('open-webui', 'https://helm.openwebui.com'),
  ],
  definitions: [cronTask()],
  values: { modelId: 'meta-llama/Llama-3.1-8B-Instruct', replicas: 3 },
  ...extra,
});
