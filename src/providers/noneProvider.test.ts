import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from './clusterPlan.js';
import { NoneProvider, PLANNED_MESSAGE } from './noneProvider.js';
import { ProviderError } from './providerError.js';
import { bundle, pool, profile, profiles, variables } from './testing/fixtures.js';

describe('none provider', () => {
  const provider = new NoneProvider();

  it('records the plan: the infrastructure profile first, then add-ons, with layers, packs and variables', () => {
    const plan = provider.plan(pool(), bundle(), profiles(), variables());
    expect(plan.provider).toBe('none');
    expect(plan.pool).toEqual({ namespace: 'project-melbourne', name: 'gpu-pool-a', variant: 'shared' });
    expect(plan.bundle).toEqual({ name: 'edge-gpu-infra', version: '1.2.0', generation: 4 });
    expect(plan.cloudType).toBe('edge-native');
    expect(plan.profiles.map((p) => [p.name, p.type, p.version])).toEqual([
      ['edge-ubuntu-k3s-gpu', 'Infrastructure', '1.10.0'],
      ['gpu-operator', 'Add-on', '24.3.0'],
    ]);
    expect(plan.profiles[0]?.layers.map((l) => `${l.type}:${l.pack.name}@${l.pack.version}`)).toEqual([
      'os:ubuntu@22.04',
      'k8s:k3s@1.30.4',
      'cni:cilium@1.15.3',
      'csi:longhorn@1.6.1',
    ]);
    expect(plan.profiles[1]?.layers[0]?.values).toContain('driver');
    expect(plan.variables[0]).toEqual({
      name: 'gpuCount',
      value: 2,
      source: 'ComputePool spec.variables',
      secret: false,
    });
  });

  it('masks secret variable values in the plan', () => {
    const plan = provider.plan(pool(), bundle(), profiles(), variables());
    expect(plan.variables[1]).toMatchObject({ name: 'registryPassword', value: SECRET_MASK, secret: true });
    expect(JSON.stringify(plan)).not.toContain('s3cr3t-value');
  });

  it('takes the newest profile version when the bundle names none, and the exact one when it does', () => {
    const pinned = provider.plan(
      pool(true),
      bundle([{ name: 'edge-ubuntu-k3s-gpu', version: '1.0.0' }]),
      profiles(),
      [],
    );
    expect(pinned.profiles.map((p) => p.version)).toEqual(['1.0.0']);
    expect(pinned.pool.variant).toBe('dedicated');
    const byObjectName = provider.plan(pool(), bundle([{ name: 'gpu-operator-24-3-0' }]), profiles(), []);
    expect(byObjectName.profiles.map((p) => p.name)).toEqual(['gpu-operator']);
  });

  it('names every missing profile reference in one error', () => {
    const refs = [
      { name: 'nope' },
      { name: 'edge-ubuntu-k3s-gpu', version: '9.9.9' },
      { name: 'gpu-operator' },
    ];
    let caught: unknown;
    try {
      provider.plan(pool(), bundle(refs), profiles(), []);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).code).toBe('InvalidRequest');
    expect((caught as ProviderError).message).toContain('nope, edge-ubuntu-k3s-gpu@9.9.9');
    expect((caught as ProviderError).message).toContain('spec.clusterProfiles');
  });

  it('plans a stack of add-ons only without a cloud type', () => {
    const plan = provider.plan(
      pool(),
      bundle([{ name: 'gpu-operator' }]),
      [profile('gpu-operator', 'Add-on', '1.0.0')],
      [],
    );
    expect(plan.cloudType).toBeUndefined();
    expect(plan.profiles).toHaveLength(1);
  });

  it('makes no machines and reports Planned, saying so in words', async () => {
    const plan = provider.plan(pool(), bundle(), profiles(), []);
    const outcome = await provider.provision({ plan, clusterName: 'gpu-pool-a' });
    expect(outcome).toEqual({ phase: 'Planned', message: PLANNED_MESSAGE });
    expect(outcome.message).toMatch(/No machines were made/);
    expect(outcome.message).toMatch(/delivered to the registry only/);
    expect(outcome.message).toMatch(/no cluster runs them/);
    const status = await provider.status({ provider: 'palette', uid: 'x' });
    expect(status.phase).toBe('Planned');
    await expect(provider.delete({ provider: 'palette', uid: 'x' })).resolves.toBeUndefined();
  });

  it('lists no cluster profiles and delivers to no cluster', async () => {
    await expect(provider.listClusterProfiles()).resolves.toEqual([]);
    expect('deliver' in provider).toBe(false);
  });
});
