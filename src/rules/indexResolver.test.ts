import { describe, expect, it } from 'vitest';
import { dependencyRepositories } from '../model/index.js';
import { bundle, NS, resolverOf } from '../testing/builders.js';

describe('IndexResolver', () => {
  it("resolves a bundle's dependency repositories as the model builds them (interval and secretRef kept)", () => {
    const b = bundle('chat', 'Application');
    b.spec.workloadProfileDependencies = {
      helmRepositories: [
        { name: 'private', url: 'https://charts.example.org', interval: '1h', secretRef: { name: 'creds' } },
      ],
      ociRepositories: [{ name: 'nim', url: 'oci://nvcr.io/nim', ref: { tag: '1.7.0' } }],
    };
    const resolver = resolverOf([b]);
    const [helm, oci] = dependencyRepositories(b, NS);
    expect(resolver.repository(NS, 'private')).toEqual(helm);
    expect(resolver.repository(NS, 'nim')).toEqual(oci);
    expect(helm?.spec).toMatchObject({ interval: '1h', secretRef: { name: 'creds' } });
    expect(resolver.repositoryNames(NS)).toEqual(['nim', 'private']);
  });
});
