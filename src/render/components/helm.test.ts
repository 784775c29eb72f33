import { describe, expect, it } from 'vitest';
import type { HelmRepository } from '../../model/index.js';
import { renderBundle } from '../renderBundle.js';
import {
  NS,
  helmRepo,
  ociRepo,
  openWebuiComponent,
  profile,
  renderInput,
  vllmComponent,
} from '../testFixtures.js';

const labels = (profileName?: string) => ({
  'app.kubernetes.io/managed-by': 'paletteai',
  'palette.ai/profile-bundle': 'vllm-llama3',
  ...(profileName ? { 'palette.ai/workload-profile': profileName } : {}),
});

describe('helm components', () => {
  it('renders a helm component as a HelmRelease that points at its HelmRepository', () => {
    const { objects, issues } = renderBundle(renderInput([profile('vllm-server', [vllmComponent()])]));
    expect(issues).toEqual([]);
    expect(objects).toEqual([
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'vllm', namespace: NS, labels: labels() },
        spec: { url: 'https://vllm-project.github.io/production-stack', interval: '10m' },
      },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'vllm-server-server', namespace: NS, labels: labels('vllm-server') },
        spec: {
          interval: '10m',
          releaseName: 'vllm-server-server',
          targetNamespace: NS,
          chart: {
            spec: {
              chart: 'vllm-stack',
              version: '0.1.5',
              sourceRef: { kind: 'HelmRepository', name: 'vllm' },
              interval: '10m',
            },
          },
          values: {
            servingEngineSpec: {
              modelSpec: [
                {
                  name: 'llama3',
                  repository: 'vllm/vllm-openai',
                  tag: 'v0.8.5',
                  modelURL: 'meta-llama/Llama-3.1-8B-Instruct',
                  replicaCount: 3,
                  requestCPU: 6,
                  requestMemory: '16Gi',
                  requestGPU: 1,
                },
              ],
            },
            routerSpec: { enableRouter: true },
          },
        },
      },
    ]);
  });

  it('creates the target namespace when the release goes to another namespace, and interpolates values', () => {
    const { objects, issues } = renderBundle(
      renderInput([profile('chat-ui', [openWebuiComponent()], 'Application')]),
    );
    expect(issues).toEqual([]);
    const release = objects.find((o) => o.kind === 'HelmRelease');
    expect(release?.spec).toMatchObject({
      releaseName: 'chat-ui-ui',
      targetNamespace: 'open-webui',
      install: { createNamespace: true },
      chart: { spec: { chart: 'open-webui', version: '5.20.0', sourceRef: { name: 'open-webui' } } },
      values: { openaiBaseApiUrl: `http://vllm-server-server-router-service.${NS}.svc/v1` },
    });
  });

  it('writes the repository once even when several components use it', () => {
    const second = { ...vllmComponent(), name: 'server-b' };
    const { objects } = renderBundle(renderInput([profile('vllm-server', [vllmComponent(), second])]));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'HelmRepository/vllm',
      'HelmRelease/vllm-server-server',
      'HelmRelease/vllm-server-server-b',
    ]);
  });

  it('strips status and server-set metadata from the repository it writes', () => {
    const stored: HelmRepository = {
      ...helmRepo('vllm', 'https://vllm-project.github.io/production-stack'),
      status: { observedGeneration: 4 },
    };
    Object.assign(stored.metadata as object, {
      uid: '7d1c',
      resourceVersion: '42',
      generation: 4,
      creationTimestamp: '2025-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
    });
    const { objects } = renderBundle(
      renderInput([profile('vllm-server', [vllmComponent()])], { repositories: [stored] }),
    );
    expect(objects[0]).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'vllm', namespace: NS, labels: labels() },
      spec: { url: 'https://vllm-project.github.io/production-stack', interval: '10m' },
    });
  });

  it('points at an OCIRepository with chartRef, using the repository ref when no version is given', () => {
    const component = {
      name: 'server',
      type: 'helm',
      properties: { repository: 'vllm-oci', values: { replicaCount: 1 } },
    };
    const { objects, issues } = renderBundle(
      renderInput([profile('vllm-server', [component])], {
        repositories: [ociRepo('vllm-oci', 'oci://ghcr.io/vllm-project/charts/vllm-stack')],
      }),
    );
    expect(issues).toEqual([]);
    expect(objects[0]).toMatchObject({ kind: 'OCIRepository', metadata: { name: 'vllm-oci' } });
    expect(objects[0]?.spec).toEqual({
      url: 'oci://ghcr.io/vllm-project/charts/vllm-stack',
      interval: '30m',
      ref: { semver: '>=1.0.0' },
    });
    expect(objects[1]?.spec).toMatchObject({ chartRef: { kind: 'OCIRepository', name: 'vllm-oci' } });
    expect(objects[1]?.spec).not.toHaveProperty('chart');
  });

  it('renders a dedicated OCIRepository per chart version when an OCI component gives a version', () => {
    const component = {
      ...vllmComponent(),
      properties: { ...vllmComponent().properties, repository: 'charts' },
    };
    const { objects, issues } = renderBundle(
      renderInput([profile('vllm-server', [component])], {
        repositories: [ociRepo('charts', 'oci://ghcr.io/vllm-project/charts/')],
      }),
    );
    expect(issues).toEqual([]);
    expect(objects[0]).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'charts-vllm-stack-0-1-5', namespace: NS, labels: labels() },
      spec: {
        url: 'oci://ghcr.io/vllm-project/charts/vllm-stack',
        interval: '30m',
        ref: { tag: '0.1.5' },
        layerSelector: {
          mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
          operation: 'copy',
        },
      },
    });
    expect(objects[1]?.spec).toMatchObject({
      chartRef: { kind: 'OCIRepository', name: 'charts-vllm-stack-0-1-5' },
    });
  });

  it('reports an unknown repository as the rules do (WP004) with the available ones, and skips the component', () => {
    const component = vllmComponent();
    (component.properties as { repository: string }).repository = 'vllm-charts';
    const { objects, issues } = renderBundle(renderInput([profile('vllm-server', [component])]));
    expect(objects).toEqual([]);
    expect(issues).toEqual([
      {
        code: 'WP004',
        severity: 'error',
        path: 'spec.workload.components[0].properties.repository',
        message:
          'workload profile "vllm-server": component "server": repository "vllm-charts" is neither a HelmRepository ' +
          'nor an OCIRepository in namespace project-melbourne (found: open-webui, vllm); create it or list it ' +
          "in a bundle's workloadProfileDependencies.",
        reason: 'MissingReference',
      },
    ]);
  });

  it('reports a repository name shared by a HelmRepository and an OCIRepository (RN001)', () => {
    const { issues } = renderBundle(
      renderInput([profile('vllm-server', [vllmComponent()])], {
        repositories: [helmRepo('vllm', 'https://example.org'), ociRepo('vllm', 'oci://example.org/vllm')],
      }),
    );
    expect(issues.map((i) => [i.code, i.message])).toEqual([['RN001', expect.stringMatching(/names both/)]]);
  });

  it('reports a missing chart and version and non-object values as the rules do (WP003)', () => {
    const component = {
      name: 'server',
      type: 'helm',
      properties: { repository: 'vllm', values: 'replicaCount: 2' },
    };
    const { objects, issues } = renderBundle(renderInput([profile('vllm-server', [component])]));
    expect(objects).toEqual([]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['WP003', 'spec.workload.components[0].properties.chart'],
      ['WP003', 'spec.workload.components[0].properties.version'],
      ['WP003', 'spec.workload.components[0].properties.values'],
    ]);
  });
});
