import { describe, expect, it } from 'vitest';
import {
  bundle,
  clusterProfile,
  codes,
  issuesOf,
  stringVar,
  variableSet,
  workloadProfile,
} from '../testing/builders.js';

const infra = clusterProfile('edge-infra');
const full = clusterProfile('edge-full', 'Full');
const addon = clusterProfile('gpu-operator', 'Add-on');
const aws = clusterProfile('aws-eks', 'Infrastructure', 'aws');
const app = workloadProfile('chat-ui', 'Application');
const model = workloadProfile('vllm-server', 'Model');
const infraWp = workloadProfile('cache-cleanup', 'Infrastructure');
const world = [infra, full, addon, aws, app, model, infraWp];

const check = (b: object) => codes(issuesOf(b, world));

describe('ProfileBundle composition rules', () => {
  it('accepts an Application bundle with one Application workload profile', () => {
    expect(check(bundle('a', 'Application', { workloadProfiles: ['chat-ui'] }))).toEqual([]);
  });
  it('rejects a bundle type outside Application, Infrastructure, Fullstack (PB001)', () => {
    const b = bundle('a', 'Application', { workloadProfiles: ['chat-ui'] });
    (b.spec as { type: string }).type = 'Fulstack';
    const issues = issuesOf(b, world);
    expect(codes(issues)).toEqual(['PB001']);
    expect(issues[0]!.message).toContain('did you mean "Fullstack"');
  });
  it('rejects two Infrastructure/Full cluster profiles in one bundle (PB002)', () => {
    expect(check(bundle('a', 'Infrastructure', { clusterProfiles: ['edge-infra', 'edge-full'] }))).toEqual([
      'PB002',
    ]);
  });
  it('accepts one Infrastructure profile with any number of Add-on profiles', () => {
    expect(check(bundle('a', 'Infrastructure', { clusterProfiles: ['edge-infra', 'gpu-operator'] }))).toEqual(
      [],
    );
  });
  it('rejects an Application bundle that holds a cluster profile (PB003)', () => {
    expect(
      check(bundle('a', 'Application', { clusterProfiles: ['gpu-operator'], workloadProfiles: ['chat-ui'] })),
    ).toEqual(['PB003']);
  });
  it('rejects an Application bundle without Application or Model workload profiles (PB003)', () => {
    expect(check(bundle('a', 'Application', { workloadProfiles: ['cache-cleanup'] }))).toEqual(['PB003']);
  });
  it('rejects an Infrastructure bundle without an Infrastructure or Full cluster profile (PB004)', () => {
    expect(check(bundle('a', 'Infrastructure', { clusterProfiles: ['gpu-operator'] }))).toEqual(['PB004']);
  });
  it('rejects an Infrastructure bundle holding an Application workload profile (PB004)', () => {
    expect(
      check(
        bundle('a', 'Infrastructure', { clusterProfiles: ['edge-infra'], workloadProfiles: ['chat-ui'] }),
      ),
    ).toEqual(['PB004']);
  });
  it('accepts an Infrastructure bundle with an Infrastructure workload profile', () => {
    expect(
      check(
        bundle('a', 'Infrastructure', {
          clusterProfiles: ['edge-infra'],
          workloadProfiles: ['cache-cleanup'],
        }),
      ),
    ).toEqual([]);
  });
  it('accepts a Fullstack bundle with a Full profile, add-ons, a model and infrastructure profiles', () => {
    expect(
      check(
        bundle('a', 'Fullstack', {
          clusterProfiles: ['edge-full', 'gpu-operator'],
          workloadProfiles: ['vllm-server', 'cache-cleanup'],
        }),
      ),
    ).toEqual([]);
  });
  it('rejects a Fullstack bundle without a cluster profile (PB005)', () => {
    expect(check(bundle('a', 'Fullstack', { workloadProfiles: ['vllm-server'] }))).toEqual(['PB005']);
  });
  it('rejects a Fullstack bundle without an Application or Model workload profile (PB005)', () => {
    expect(
      check(
        bundle('a', 'Fullstack', { clusterProfiles: ['edge-infra'], workloadProfiles: ['cache-cleanup'] }),
      ),
    ).toEqual(['PB005']);
  });
  it('rejects a bundle holding both Application and Model workload profiles (PB006)', () => {
    expect(check(bundle('a', 'Application', { workloadProfiles: ['chat-ui', 'vllm-server'] }))).toEqual([
      'PB006',
    ]);
  });
  it('rejects an Infrastructure profile whose cloud type is not edge-native (PB007)', () => {
    const issues = issuesOf(bundle('a', 'Infrastructure', { clusterProfiles: ['aws-eks'] }), world);
    expect(codes(issues)).toEqual(['PB007']);
    expect(issues[0]!.message).toContain('aws');
  });
  it('reports a missing workload profile with its path and how to fix it (PB008)', () => {
    const issues = issuesOf(
      bundle('a', 'Application', { workloadProfiles: ['chat-ui', 'missing-wp'] }),
      world,
    );
    expect(issues).toMatchObject([{ code: 'PB008', path: 'spec.workloadProfiles[1].name' }]);
    expect(issues[0]!.message).toMatch(/not found in namespace project-melbourne; create it/);
  });
  it('reports a cluster profile version that does not exist with the versions found (PB008)', () => {
    const b = bundle('a', 'Infrastructure', { clusterProfiles: ['edge-infra'] });
    b.spec.clusterProfiles![0]!.version = '9.9.9';
    const issues = issuesOf(b, world);
    expect(issues).toMatchObject([{ code: 'PB008', path: 'spec.clusterProfiles[0].version' }]);
    expect(issues[0]!.message).toContain('found: 1.0.0');
  });
  it('rejects a duplicate reference (PB010)', () => {
    expect(check(bundle('a', 'Application', { workloadProfiles: ['chat-ui', 'chat-ui'] }))).toEqual([
      'PB010',
    ]);
  });
  it('rejects a bundle variable that overrides one locked at system scope (PB009)', () => {
    const system = variableSet('platform', 'paletteai-system', [
      stringVar('imageRegistry', 'registry.local', { locked: true }),
    ]);
    const b = bundle('a', 'Application', {
      workloadProfiles: ['chat-ui'],
      variables: [stringVar('imageRegistry', 'docker.io')],
    });
    const issues = issuesOf(b, [...world, system]);
    expect(issues).toMatchObject([{ code: 'PB009', path: 'spec.variableSet.variables[0].name' }]);
    expect(issues[0]!.message).toContain('system scope');
  });
  it('accepts a bundle variable that is locked nowhere above', () => {
    const project = variableSet('team', 'project-melbourne', [stringVar('storageClass', 'longhorn')]);
    const b = bundle('a', 'Application', {
      workloadProfiles: ['chat-ui'],
      variables: [stringVar('storageClass', 'local-path')],
    });
    expect(codes(issuesOf(b, [...world, project]))).toEqual([]);
  });
  it('checks the inline variables with the variable rules', () => {
    const b = bundle('a', 'Application', {
      workloadProfiles: ['chat-ui'],
      variables: [stringVar('x', 'a'), stringVar('x', 'b')],
    });
    expect(check(b)).toEqual(['VAR001']);
  });
  it('warns when a dependency repository contradicts an existing one (PB011)', () => {
    const repo = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'vllm', namespace: 'project-melbourne' },
      spec: { url: 'https://charts.example.org' },
    };
    const b = bundle('a', 'Application', { workloadProfiles: ['chat-ui'] });
    b.spec.workloadProfileDependencies = {
      helmRepositories: [{ name: 'vllm', url: 'https://vllm-project.github.io/production-stack' }],
    };
    const issues = issuesOf(b, [...world, repo]);
    expect(issues).toMatchObject([{ code: 'PB011', severity: 'warning' }]);
  });
});

describe('versioned cluster profiles', () => {
  const v = (version: string) => {
    const cp = clusterProfile(
      `edge-infra-${version.replace(/\./g, '-')}`,
      'Infrastructure',
      'edge-native',
      version,
    );
    cp.metadata.labels = { 'palette.ai/cluster-profile': 'edge-infra' };
    return cp;
  };
  const versions = [v('1.1.0'), v('1.10.0'), v('1.2.0')];
  it('resolves a pinned version through the palette.ai/cluster-profile label', () => {
    const b = bundle('a', 'Infrastructure', { clusterProfiles: ['edge-infra'] });
    b.spec.clusterProfiles![0]!.version = '1.2.0';
    expect(codes(issuesOf(b, versions))).toEqual([]);
  });
  it('takes the newest version by semver when none is pinned', async () => {
    const { resolverOf } = await import('../testing/builders.js');
    expect(resolverOf(versions).clusterProfile('project-melbourne', 'edge-infra')?.spec.version).toBe(
      '1.10.0',
    );
  });
  it('names the versions it found when a pinned one is missing (PB008)', () => {
    const b = bundle('a', 'Infrastructure', { clusterProfiles: ['edge-infra'] });
    b.spec.clusterProfiles![0]!.version = '2.0.0';
    expect(issuesOf(b, versions)[0]!.message).toContain('found: 1.1.0, 1.10.0, 1.2.0');
  });
});
