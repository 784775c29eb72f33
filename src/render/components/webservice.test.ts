import { describe, expect, it } from 'vitest';
import { renderBundle } from '../renderBundle.js';
import { NS, embeddingsComponent, profile, renderInput } from '../testFixtures.js';

const render = (properties: Record<string, unknown>) =>
  renderBundle(renderInput([profile('embeddings', [{ name: 'tei', type: 'webservice', properties }])]));

describe('webservice components', () => {
  it('renders a webservice as a Deployment and a ClusterIP Service named after the component', () => {
    const { objects, issues } = renderBundle(renderInput([profile('embeddings', [embeddingsComponent()])]));
    expect(issues).toEqual([]);
    const labels = {
      'app.kubernetes.io/name': 'embeddings',
      'app.kubernetes.io/instance': 'embeddings',
      'app.kubernetes.io/part-of': 'vllm-llama3',
      'app.kubernetes.io/managed-by': 'paletteai',
    };
    const selector = { 'app.kubernetes.io/name': 'embeddings', 'app.kubernetes.io/instance': 'embeddings' };
    const metadata = {
      name: 'embeddings',
      namespace: NS,
      labels: {
        ...labels,
        'palette.ai/profile-bundle': 'vllm-llama3',
        'palette.ai/workload-profile': 'embeddings',
      },
    };
    expect(objects).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          replicas: 3,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: 'embeddings',
                  image: 'ghcr.io/huggingface/text-embeddings-inference:1.5',
                  ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
                  env: [
                    { name: 'HF_HUB_OFFLINE', value: 'false' },
                    { name: 'MAX_BATCH_TOKENS', value: '16384' },
                    { name: 'MODEL_ID', value: 'BAAI/bge-large-en-v1.5' },
                  ],
                  resources: {
                    requests: { cpu: '2', memory: '8Gi' },
                    limits: { memory: '8Gi', 'nvidia.com/gpu': 1 },
                  },
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata,
        spec: {
          type: 'ClusterIP',
          selector,
          ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
        },
      },
    ]);
  });

  it('defaults the port to 8080 and replicas to 1', () => {
    const { objects } = render({ image: 'nginx:1.27' });
    expect(objects[0]?.spec).toMatchObject({ replicas: 1 });
    expect(JSON.stringify(objects[0])).toContain('"containerPort":8080');
    expect(objects[1]?.spec).toMatchObject({ ports: [{ port: 8080, targetPort: 8080 }] });
  });

  it('reports a webservice without image as the rules do (WP005) and renders nothing for it', () => {
    const { objects, issues } = render({ port: 8000 });
    expect(objects).toEqual([]);
    expect(issues).toEqual([
      {
        code: 'WP005',
        severity: 'error',
        path: 'spec.workload.components[0].properties.image',
        message:
          'workload profile "embeddings": component "tei": a webservice component needs properties.image, ' +
          'e.g. ghcr.io/open-webui/open-webui:0.5.4; found nothing.',
      },
    ]);
  });

  it('reports properties of the wrong type or out of range as the rules do (WP005)', () => {
    const { issues } = render({
      image: 'nginx',
      port: '80a',
      replicas: -1,
      gpu: 0.5,
      env: ['A=1'],
      resources: 'big',
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['WP005', 'spec.workload.components[0].properties.port'],
      ['WP005', 'spec.workload.components[0].properties.replicas'],
      ['WP005', 'spec.workload.components[0].properties.gpu'],
      ['WP005', 'spec.workload.components[0].properties.env'],
      ['WP005', 'spec.workload.components[0].properties.resources'],
    ]);
  });
});
