/** Objects the settings tests start from: the example project's mappings, in a small form. */
import type { MaasMapping, Project, Settings } from '../../../src/model/index.js';

export const NS = 'project-melbourne';

const m = (name: string, priority: number, match: Record<string, string>, engine: string): MaasMapping => ({
  name,
  priority,
  source: 'huggingface',
  match,
  profileBundleSelector: { matchLabels: { 'palette.ai/inference-engine': engine } },
});

/** Project melbourne: Llama models to vLLM (100), embedding models to TEI (50). */
export const project = (): Project =>
  ({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'Project',
    metadata: { name: 'melbourne', namespace: 'tenant-acme', resourceVersion: '7' },
    spec: {
      namespace: NS,
      maasMappings: [
        m('hf-llama-on-vllm', 100, { id: 'meta-llama/*', task: 'text-generation' }, 'vllm'),
        m('hf-embeddings', 50, { task: 'feature-extraction' }, 'tei'),
      ],
    },
    status: { conditions: [] },
  }) as Project;

/** Settings default with a Hugging Face token. */
export const settings = (): Settings =>
  ({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'Settings',
    metadata: { name: 'default', namespace: NS, resourceVersion: '3' },
    spec: { infrastructureProvider: 'none', huggingFace: { tokenSecretRef: { name: 'hf', key: 'token' } } },
  }) as Settings;

/** A Secret as a list returns it: only its name matters to these pages. */
export const secret = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: NS },
});
