import { describe, expect, it } from 'vitest';
import { dependencyRepositories } from './repositories.js';
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
