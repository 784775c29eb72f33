/**
 * The rules and the renderer check the properties of built-in components with the same function
 * (model/componentTypes.ts): on the same properties they must give the same verdict, with the same
 * codes, paths and messages (the renderer prefixes the profile and component).
 */
import { describe, expect, it } from 'vitest';
import type { Issue, WorkloadProfile } from '../../model/index.js';
import { issuesOf } from '../../testing/builders.js';
import { renderBundle } from '../renderBundle.js';
import { helmRepo, ociRepo, profile, renderInput } from '../testFixtures.js';

const PREFIX = 'workload profile "app": component "c": ';

const repositories = [
  helmRepo('vllm', 'https://vllm-project.github.io/production-stack'),
  ociRepo('nim', 'oci://nvcr.io/nim'),
];

const rulesVerdict = (type: string, properties: Record<string, unknown>) => {
  const wp: WorkloadProfile = profile('app', [{ name: 'c', type, properties }]);
  return issuesOf(wp, repositories)
    .filter((i) => /^WP00[3-6]$/.test(i.code))
    .map(({ code, path, message }) => ({ code, path, message }));
};

const renderVerdict = (type: string, properties: Record<string, unknown>) => {
  const { issues, objects } = renderBundle(
    renderInput([profile('app', [{ name: 'c', type, properties }])], { repositories, values: {} }),
  );
  return {
    objects: objects.filter((o) => o.metadata.labels?.['palette.ai/workload-profile'] === 'app').length,
    issues: issues.map(({ code, path, message }: Issue) => ({
      code,
      path,
      message: message.startsWith(PREFIX) ? message.slice(PREFIX.length) : message,
    })),
  };
};

const cases: [string, string, Record<string, unknown>][] = [
  ['webservice replicas above 1000', 'webservice', { image: 'nginx', replicas: 1001 }],
  ['webservice replicas below 0', 'webservice', { image: 'nginx', replicas: -1 }],
  ['webservice gpu above 64', 'webservice', { image: 'nginx', gpu: 65 }],
  ['webservice fractional gpu', 'webservice', { image: 'nginx', gpu: 0.5 }],
  ['webservice port out of range', 'webservice', { image: 'nginx', port: 70000 }],
  ['webservice without image', 'webservice', { port: 80 }],
  ['webservice with a misspelt property', 'webservice', { image: 'nginx', replica: 2 }],
  ['webservice env as a list', 'webservice', { image: 'nginx', env: ['A=1'] }],
  ['webservice env value as an object', 'webservice', { image: 'nginx', env: { A: { b: 1 } } }],
  ['webservice resources as a string', 'webservice', { image: 'nginx', resources: 'big' }],
  ['helm without chart or version', 'helm', { repository: 'vllm' }],
  ['helm with a number version', 'helm', { repository: 'vllm', chart: 'vllm-stack', version: 1 }],
  ['helm values as a string', 'helm', { repository: 'vllm', chart: 'x', version: '1.0.0', values: 'a: 1' }],
  [
    'helm with an empty releaseName',
    'helm',
    { repository: 'vllm', chart: 'x', version: '1.0.0', releaseName: '' },
  ],
  ['helm with a misspelt property', 'helm', { repository: 'vllm', chart: 'x', version: '1.0.0', valuse: {} }],
  ['helm on an OCIRepository with version but no chart', 'helm', { repository: 'nim', version: '1.7.0' }],
  ['helm without repository', 'helm', { chart: 'x', version: '1.0.0' }],
  ['manifests with an empty list', 'manifests', { objects: [] }],
  ['manifests objects as an object', 'manifests', { objects: { a: 1 } }],
  [
    'manifests object without kind',
    'manifests',
    { objects: [{ apiVersion: 'v1', metadata: { name: 'x' } }] },
  ],
  [
    'manifests object with non-string labels',
    'manifests',
    { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: 1 } } }] },
  ],
  ['manifests with a misspelt property', 'manifests', { object: [] }],
];

describe('built-in component properties: rules and renderer agree', () => {
  it.each(cases)('%s', (_what, type, properties) => {
    const rules = rulesVerdict(type, properties);
    const render = renderVerdict(type, properties);
    expect(rules.length).toBeGreaterThan(0);
    expect(render.issues).toEqual(rules);
    expect(render.objects).toBe(0);
  });

  it.each([
    ['webservice at the limits', 'webservice', { image: 'nginx', replicas: 1000, gpu: 64, port: 65535 }],
    [
      'webservice with env values of every kind',
      'webservice',
      { image: 'nginx', env: { A: 'x', B: 1, C: true } },
    ],
    ['helm on a HelmRepository', 'helm', { repository: 'vllm', chart: 'vllm-stack', version: '0.1.5' }],
    ['helm on an OCIRepository without chart and version', 'helm', { repository: 'nim' }],
    [
      'manifests',
      'manifests',
      { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }] },
    ],
  ])('both accept %s', (_what, type, properties) => {
    expect(rulesVerdict(type, properties)).toEqual([]);
    const render = renderVerdict(type, properties);
    expect(render.issues).toEqual([]);
    expect(render.objects).toBeGreaterThan(0);
  });

  it('reports a helm repository that does not resolve as WP004 (MissingReference) in both', () => {
    const props = { repository: 'vlm', chart: 'vllm-stack', version: '0.1.5' };
    const wp = profile('app', [{ name: 'c', type: 'helm', properties: props }]);
    const rules = issuesOf(wp, repositories).filter((i) => i.code === 'WP004');
    const { issues } = renderBundle(renderInput([wp], { repositories, values: {} }));
    expect(rules).toMatchObject([{ code: 'WP004', reason: 'MissingReference' }]);
    expect(issues).toEqual([{ ...rules[0], message: `${PREFIX}${rules[0]!.message}` }]);
  });
});
