import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * Generates `count` realistic objects (cluster profiles, workload profiles and bundles that
 * reference them, ~1.5 KiB each) in files of `perFile` documents. Returns the JSON text of the same
 * objects, for the JSON.parse floor.
 */
export const generateObjects = (count: number): object[] => {
  const objects: object[] = [];
  // Annotations as real manifests carry them (owners, docs, change notes) bring objects to ~1.5 KiB.
  const annotations = (i: number) => ({
    'palette.ai/owner': `platform-team-${i % 17}@example.com`,
    'palette.ai/docs': `https://docs.example.com/platform/bundles/gpu-inference/${i}`,
    'palette.ai/change-note':
      'Raised the default context length and pinned the CUDA base image after the driver upgrade of the edge fleet; validated on L4 and A10 nodes.',
  });
  for (let i = 0; objects.length < count; i++) {
    const ns = `team-${i % 100}`;
    objects.push({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ClusterProfile',
      metadata: {
        name: `edge-gpu-${i}`,
        namespace: ns,
        labels: { 'palette.ai/tier': 'gpu', 'app.kubernetes.io/part-of': 'bench' },
        annotations: annotations(i),
      },
      spec: {
        type: 'Infrastructure',
        cloudType: 'edge-native',
        version: `1.${i % 7}.0`,
        description: 'Ubuntu 22.04, K3s, Cilium and Longhorn for edge GPU nodes',
        layers: [
          { type: 'os', pack: { name: 'ubuntu', version: '22.04', registry: 'public' } },
          { type: 'k8s', pack: { name: 'k3s', version: '1.30.4', registry: 'public' } },
          { type: 'cni', pack: { name: 'cilium', version: '1.15.3', registry: 'public' } },
          {
            type: 'csi',
            pack: { name: 'longhorn', version: '1.6.1', registry: 'public' },
            values: 'defaultReplicaCount: 2\n',
          },
        ],
      },
    });
    if (objects.length >= count) break;
    objects.push({
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'WorkloadProfile',
      metadata: { name: `vllm-${i}`, namespace: ns, annotations: annotations(i) },
      spec: {
        type: 'Model',
        description: 'vLLM OpenAI-compatible server',
        variables: [
          { name: 'modelId', variableType: 'string', value: { string: 'meta-llama/Llama-3.1-8B-Instruct' } },
          { name: 'gpuCount', variableType: 'int32', value: { int32: 1 } },
        ],
        workload: {
          components: [
            {
              name: 'server',
              type: 'webservice',
              deploymentPriority: 1,
              properties: {
                image: 'vllm/vllm-openai:v0.6.3',
                port: 8000,
                replicas: 1,
                gpu: 1,
                env: { MODEL: '{{ .var.modelId }}', GPUS: '{{ .var.gpuCount }}' },
              },
            },
          ],
        },
      },
    });
    if (objects.length >= count) break;
    objects.push({
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'ProfileBundle',
      metadata: {
        name: `vllm-bundle-${i}`,
        namespace: ns,
        labels: { 'palette.ai/inference-engine': 'vllm' },
        annotations: annotations(i),
      },
      spec: {
        type: 'Fullstack',
        version: `1.${i % 13}.0`,
        description: 'Llama 3 on vLLM with its own GPU cluster',
        clusterProfiles: [{ name: `edge-gpu-${i}` }],
        workloadProfiles: [{ name: `vllm-${i}` }],
        variableSet: { variables: [{ name: 'maxModelLen', variableType: 'int32', value: { int32: 8192 } }] },
      },
    });
  }
  return objects;
};

export const writeObjects = async (dir: string, objects: object[], perFile: number): Promise<number> => {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  for (let f = 0; f * perFile < objects.length; f++) {
    const text = objects
      .slice(f * perFile, (f + 1) * perFile)
      .map((o) => stringify(o))
      .join('---\n');
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, `objects-${String(f).padStart(4, '0')}.yaml`), text);
  }
  return bytes;
};
