/** Small rendered objects and an origin for the delivery tests. Every call returns fresh values. */
import type { KubeObject } from '../model/index.js';
import type { ArtifactOrigin } from './fluxArtifact.js';

export const objects = (modelId = 'meta-llama/Llama-3.1-8B-Instruct'): KubeObject[] => [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'vllm-config', namespace: 'project-melbourne' },
    data: { modelId },
  } as KubeObject,
  {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'vllm', namespace: 'project-melbourne' },
    spec: { url: 'https://vllm-project.github.io/production-stack', interval: '10m' },
  } as KubeObject,
];

export const origin = (): ArtifactOrigin => ({
  source: 'paletteai://project-melbourne/WorkloadDeployment/chat-vllm-server',
  revision: 'generation-1',
  created: '2026-11-30T09:00:00Z',
});
