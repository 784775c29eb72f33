import { describe, expect, it } from 'vitest';
import { dependencyRepositories, LABEL_CLUSTER_PROFILE, type KubeObject } from '../model/index.js';
import {
  bundle,
  clusterProfile,
  NS,
  project,
  resolverOf,
  variableSet,
  workloadProfile,
} from '../testing/builders.js';
import { IndexResolver } from './indexResolver.js';

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

  it('keeps namespaces apart, lists a namespace in the order added and finds projects by name and namespace', () => {
    // names that a joined "namespace/name" key would confuse: "a" + "b/c" and "a/b" + "c"
    const sets = [
      variableSet('zeta', 'team-a', []),
      variableSet('b/c', 'a', []),
      variableSet('c', 'a/b', []),
      variableSet('alpha', 'team-a', []),
      variableSet('alpha', 'team-b', []),
    ];
    const first = project('first', []);
    const second = { ...project('second', []), spec: { namespace: 'team-b', maasMappings: [] } };
    const index = new IndexResolver([...sets, first, second] as unknown as KubeObject[]);
    expect(index.variableSets('team-a').map((v) => v.metadata.name)).toEqual(['alpha', 'zeta']);
    expect(index.variableSets('a').map((v) => v.metadata.name)).toEqual(['b/c']);
    expect(index.variableSets('a/b').map((v) => v.metadata.name)).toEqual(['c']);
    expect(index.variableSets('team')).toEqual([]);
    expect(index.first('VariableSet', 'team-b', 'alpha')).toBe(sets[4]);
    expect(index.first('VariableSet', 'team-c', 'alpha')).toBeUndefined();
    expect(index.project('second')).toBe(second);
    expect(index.project('third')).toBeUndefined();
    expect(index.projectForNamespace(NS)).toBe(first);
    expect(index.projectForNamespace('team-b')).toBe(second);
    expect(index.hasSecret(NS, 'nothing')).toBe(false);
  });

  it('answers the newest version of a profile, the first added of equal ones, and a pinned one exactly', () => {
    // versions of "edge" by name and by the cluster-profile label; "v1.2.0" and "1.2.0" are the same version
    const versioned = (name: string, version: string) => {
      const cp = clusterProfile(name, 'Infrastructure', 'edge-native', version);
      cp.metadata.labels = { [LABEL_CLUSTER_PROFILE]: 'edge' };
      return cp;
    };
    const cps = [
      clusterProfile('edge', 'Infrastructure', 'edge-native', '1.0.0'),
      versioned('edge-v12', 'v1.2.0'),
      versioned('edge-v11', '1.1.0'),
      versioned('edge-v12b', '1.2.0'),
      versioned('edge-draft', 'draft'), // not a version: older than any
    ];
    const wps = [1, 3, 2, 3].map((revision, i) => ({
      ...workloadProfile('chat'),
      status: { revision },
      metadata: { name: 'chat', namespace: NS, uid: `wp-${i}` },
    }));
    const index = new IndexResolver([...cps, ...wps] as unknown as KubeObject[]);
    expect(index.clusterProfile(NS, 'edge')).toBe(cps[1]);
    expect(index.clusterProfile(NS, 'edge', '1.1.0')).toBe(cps[2]);
    expect(index.clusterProfile(NS, 'edge', '2.0.0')).toBeUndefined();
    expect(index.clusterProfileVersions(NS, 'edge')).toEqual(['1.0.0', 'v1.2.0', '1.1.0', '1.2.0', 'draft']);
    expect(index.clusterProfile(NS, 'edge-draft')).toBe(cps[4]);
    expect(index.clusterProfile('elsewhere', 'edge')).toBeUndefined();
    expect(index.workloadProfile(NS, 'chat')).toBe(wps[1]);
    expect(index.workloadProfile(NS, 'chat', 2)).toBe(wps[2]);
    expect(index.workloadProfile(NS, 'other')).toBeUndefined();
  });
});
