import { describe, expect, it } from 'vitest';
import type { HelmRepository } from '../model/index.js';
import { cleanRepository, dependencyRepositories } from './repositories.js';
import { NS, bundle } from './testFixtures.js';

describe('dependencyRepositories', () => {
  it('turns the bundle dependencies into Flux repositories with a 10m interval by default', () => {
    expect(dependencyRepositories(bundle(), NS)).toEqual([
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'vllm', namespace: NS },
        spec: { url: 'https://vllm-project.github.io/production-stack', interval: '10m' },
      },
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'open-webui', namespace: NS },
        spec: { url: 'https://helm.openwebui.com', interval: '1h' },
      },
    ]);
  });

  it('turns OCI dependencies into OCIRepositories with their ref and secret', () => {
    const b = bundle();
    b.spec.workloadProfileDependencies = {
      ociRepositories: [
        {
          name: 'nim',
          url: 'oci://nvcr.io/nim/charts/nim-llm',
          ref: { tag: '1.3.0' },
          secretRef: { name: 'ngc-pull' },
        },
      ],
    };
    expect(dependencyRepositories(b, 'ml')).toEqual([
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'OCIRepository',
        metadata: { name: 'nim', namespace: 'ml' },
        spec: {
          url: 'oci://nvcr.io/nim/charts/nim-llm',
          ref: { tag: '1.3.0' },
          interval: '10m',
          secretRef: { name: 'ngc-pull' },
        },
      },
    ]);
  });

  it('returns nothing for a bundle without dependencies', () => {
    const b = bundle();
    delete b.spec.workloadProfileDependencies;
    expect(dependencyRepositories(b, NS)).toEqual([]);
  });
});

describe('cleanRepository', () => {
  it("applies the spec alone: the hub's labels, annotations, server fields and status stay behind", () => {
    const stored = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: {
        name: 'vllm',
        namespace: 'hub-ns',
        uid: 'u-1',
        resourceVersion: '42',
        generation: 3,
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { team: 'ml' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"huge":"json"}', note: 'hello' },
        managedFields: [{ manager: 'kubectl' }],
      },
      spec: { url: 'https://vllm-project.github.io/production-stack' },
      status: { phase: 'Ready' },
    } as unknown as HelmRepository;
    const applied = cleanRepository(stored, 'spoke-ns');
    // A metadata-only edit re-delivered every deployment using the repository, with the
    // annotations (kubectl's whole last-applied-configuration) in the artifact.
    expect(applied).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'vllm', namespace: 'spoke-ns' },
      spec: { url: 'https://vllm-project.github.io/production-stack', interval: '10m' },
    });
    expect(cleanRepository({ ...stored, metadata: { ...stored.metadata, labels: {} } }, 'spoke-ns')).toEqual(
      applied,
    );
    (applied.spec as Record<string, unknown>).url = 'changed';
    expect(stored.spec.url).toBe('https://vllm-project.github.io/production-stack'); // a copy
  });
});
