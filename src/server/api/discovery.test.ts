import { describe, expect, it } from 'vitest';
import { KINDS, VIEWS } from '../../model/registry.js';
import { aggregatedDiscovery } from './aggregated.js';
import {
  RESOURCE_VERBS,
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreApiVersions,
  findResource,
  resourceFor,
  servedGroupVersions,
  version,
} from './discovery.js';

describe('version', () => {
  it('reports Kubernetes 1.32 with a paletteai suffix', () => {
    const v = version({ platform: 'linux/amd64' });
    expect(v).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.0-paletteai',
      platform: 'linux/amd64',
    });
    expect(v.gitCommit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('legacy discovery', () => {
  it('serves only v1 at /api', () => {
    expect(coreApiVersions('127.0.0.1:8443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:8443' }],
    });
  });

  it('lists the named groups with their preferred versions at /apis', () => {
    const list = apiGroupList();
    expect(list.kind).toBe('APIGroupList');
    expect(list.groups).toEqual([
      {
        name: 'spectrocloud.com',
        versions: [
          { groupVersion: 'spectrocloud.com/v1beta1', version: 'v1beta1' },
          { groupVersion: 'spectrocloud.com/v1alpha1', version: 'v1alpha1' },
        ],
        preferredVersion: { groupVersion: 'spectrocloud.com/v1beta1', version: 'v1beta1' },
      },
      {
        name: 'source.toolkit.fluxcd.io',
        versions: [{ groupVersion: 'source.toolkit.fluxcd.io/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'source.toolkit.fluxcd.io/v1', version: 'v1' },
      },
      // core v1 Events again, with the newer field names
      {
        name: 'events.k8s.io',
        versions: [{ groupVersion: 'events.k8s.io/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'events.k8s.io/v1', version: 'v1' },
      },
      // kubectl auth can-i / whoami
      {
        name: 'authorization.k8s.io',
        versions: [{ groupVersion: 'authorization.k8s.io/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'authorization.k8s.io/v1', version: 'v1' },
      },
      {
        name: 'authentication.k8s.io',
        versions: [
          { groupVersion: 'authentication.k8s.io/v1', version: 'v1' },
          // kubectl 1.27's `auth whoami`
          { groupVersion: 'authentication.k8s.io/v1beta1', version: 'v1beta1' },
        ],
        preferredVersion: { groupVersion: 'authentication.k8s.io/v1', version: 'v1' },
      },
      {
        name: 'auth.paletteai.spectrocloud.com',
        versions: [{ groupVersion: 'auth.paletteai.spectrocloud.com/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'auth.paletteai.spectrocloud.com/v1', version: 'v1' },
      },
    ]);
    expect(apiGroup('spectrocloud.com')?.kind).toBe('APIGroup');
    expect(apiGroup('apps')).toBeUndefined();
  });

  it('publishes every kind exactly once, with its status subresource', () => {
    const seen: string[] = [];
    for (const { group, version: v } of servedGroupVersions()) {
      const list = apiResourceList(group, v);
      expect(list?.kind).toBe('APIResourceList');
      expect(list?.groupVersion).toBe(group ? `${group}/${v}` : 'v1');
      for (const r of list?.resources ?? []) if (!r.name.includes('/')) seen.push(r.kind);
    }
    expect(seen.sort()).toEqual(
      [
        ...KINDS.map((k) => k.kind),
        ...VIEWS.map((k) => k.kind),
        'SelfSubjectAccessReview',
        'SelfSubjectReview', // v1
        'SelfSubjectReview', // v1beta1 (kubectl 1.27)
        'APIToken',
      ].sort(),
    );
  });

  it('describes a resource the way kubectl api-resources reads it', () => {
    const list = apiResourceList('spectrocloud.com', 'v1beta1');
    const pb = list?.resources.find((r) => r.name === 'profilebundles');
    expect(pb).toMatchObject({
      singularName: 'profilebundle',
      namespaced: true,
      kind: 'ProfileBundle',
      verbs: RESOURCE_VERBS,
      shortNames: ['pb'],
      categories: ['paletteai'],
    });
    expect(pb?.storageVersionHash).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(list?.resources.find((r) => r.name === 'profilebundles/status')).toMatchObject({
      kind: 'ProfileBundle',
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('serves namespaces (cluster-scoped, with status), secrets and events (no status) at /api/v1', () => {
    const list = apiResourceList('', 'v1');
    expect(list?.resources.map((r) => r.name)).toEqual([
      'namespaces',
      'namespaces/status',
      'secrets',
      'events',
    ]);
    expect(list?.resources[0]).toMatchObject({ namespaced: false, shortNames: ['ns'] });
    expect(list?.resources[0]?.verbs).not.toContain('deletecollection');
    expect(list?.resources[2]).not.toHaveProperty('categories');
  });

  it('puts Flux kinds in no category', () => {
    const list = apiResourceList('source.toolkit.fluxcd.io', 'v1');
    expect(list?.resources.every((r) => !('categories' in r))).toBe(true);
  });

  it('is undefined for an unknown group-version', () => {
    expect(apiResourceList('spectrocloud.com', 'v1')).toBeUndefined();
    expect(apiResourceList('apps', 'v1')).toBeUndefined();
    expect(apiResourceList('', 'v2')).toBeUndefined();
  });
});

describe('findResource / resourceFor', () => {
  it('maps group/version/plural to the kind, and back', () => {
    expect(findResource('spectrocloud.com', 'v1alpha1', 'clusterprofiles')?.kind).toBe('ClusterProfile');
    expect(findResource('', 'v1', 'secrets')?.kind).toBe('Secret');
    expect(findResource('spectrocloud.com', 'v1beta1', 'clusterprofiles')).toBeUndefined();
    expect(resourceFor('AIWorkload')).toMatchObject({ plural: 'aiworkloads', group: 'spectrocloud.com' });
    expect(resourceFor('Pod')).toBeUndefined();
  });
});

describe('aggregated discovery (apidiscovery.k8s.io/v2)', () => {
  it('has the core group as one unnamed item', () => {
    const api = aggregatedDiscovery('api');
    expect(api).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    expect(api.items).toHaveLength(1);
    expect(api.items[0]?.metadata.name).toBeUndefined();
    const ns = api.items[0]?.versions[0]?.resources.find((r) => r.resource === 'namespaces');
    expect(ns).toMatchObject({ scope: 'Cluster', singularResource: 'namespace', shortNames: ['ns'] });
  });

  it('matches the legacy documents resource for resource', () => {
    for (const group of aggregatedDiscovery('apis').items) {
      expect(group.versions[0]?.version).toBe(apiGroup(group.metadata.name ?? '')?.preferredVersion.version);
      for (const v of group.versions) {
        expect(v.freshness).toBe('Current');
        const legacy = apiResourceList(group.metadata.name ?? '', v.version)?.resources ?? [];
        for (const r of v.resources) {
          const l = legacy.find((x) => x.name === r.resource);
          expect(r.responseKind).toEqual({ group: group.metadata.name, version: v.version, kind: l?.kind });
          expect(r.scope).toBe(l?.namespaced ? 'Namespaced' : 'Cluster');
          expect(r.verbs).toEqual(l?.verbs);
          expect(r.categories).toEqual(l?.categories);
          expect((r.subresources ?? []).map((s) => `${r.resource}/${s.subresource}`)).toEqual(
            legacy.filter((x) => x.name.startsWith(`${r.resource}/`)).map((x) => x.name),
          );
        }
      }
    }
  });
});
