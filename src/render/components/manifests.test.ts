import { describe, expect, it } from 'vitest';
import { renderBundle } from '../renderBundle.js';
import { NS, profile, renderInput } from '../testFixtures.js';

const render = (objects: unknown) =>
  renderBundle(
    renderInput([profile('gpu-quota', [{ name: 'quota', type: 'manifests', properties: { objects } }])], {
      values: { gpuQuota: 4 },
    }),
  );

const quota = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'gpu-quota', labels: { team: 'ml' } },
  spec: { hard: { 'requests.nvidia.com/gpu': '{{ .var.gpuQuota }}' } },
};

describe('manifests components', () => {
  it('renders inline objects in order, namespacing the namespaced ones', () => {
    const priority = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'inference' },
      value: 1000,
    };
    const elsewhere = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'other' } };
    const { objects, issues } = renderBundle(
      renderInput(
        [
          profile('gpu-quota', [
            { name: 'quota', type: 'manifests', properties: { objects: [quota, priority, elsewhere] } },
          ]),
        ],
        { values: { gpuQuota: 4 } },
      ),
    );
    expect(issues).toEqual([]);
    expect(objects.map((o) => [o.kind, o.metadata.namespace])).toEqual([
      ['ResourceQuota', NS],
      ['PriorityClass', undefined],
      ['ConfigMap', 'other'],
    ]);
    expect(objects[0]).toEqual({
      ...quota,
      metadata: {
        name: 'gpu-quota',
        namespace: NS,
        labels: {
          team: 'ml',
          'app.kubernetes.io/managed-by': 'paletteai',
          'palette.ai/profile-bundle': 'vllm-llama3',
          'palette.ai/workload-profile': 'gpu-quota',
        },
      },
      spec: { hard: { 'requests.nvidia.com/gpu': 4 } },
    });
  });

  it('keeps labels the object already has instead of overwriting them', () => {
    const own = { ...quota, metadata: { name: 'q', labels: { 'app.kubernetes.io/managed-by': 'helm' } } };
    const { objects } = render([own]);
    expect(objects[0]?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'helm' });
  });

  it.each([
    ['a string', 'kind: ConfigMap', /expected a Kubernetes object, found "kind: ConfigMap"/],
    ['an object without kind', { apiVersion: 'v1', metadata: { name: 'x' } }, /needs a string kind/],
    [
      'an object without metadata.name',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
      /metadata\.name/,
    ],
    [
      'an object with non-string labels',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: 1 } } },
      /labels must be a map of strings/,
    ],
  ])('reports %s in objects as the rules do (WP006) and skips the component', (_what, bad, message) => {
    const { objects, issues } = render([quota, bad]);
    expect(objects).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'WP006',
      path: 'spec.workload.components[0].properties.objects[1]',
    });
    expect(issues[0]?.message).toMatch(message);
  });

  it('reports objects that are not a list (WP006)', () => {
    expect(render({ quota }).issues.map((i) => [i.code, i.path])).toEqual([
      ['WP006', 'spec.workload.components[0].properties.objects'],
    ]);
  });
});
