import { describe, expect, it } from 'vitest';
import {
  aiWorkload,
  bundle,
  clusterProfile,
  codes,
  issuesOf,
  mapping,
  NS,
  pool,
  project,
  workloadProfile,
} from '../testing/builders.js';

describe('cluster profile rules', () => {
  it('accepts Infrastructure, Add-on and Full profiles built in layer order', () => {
    for (const t of ['Infrastructure', 'Add-on', 'Full'] as const)
      expect(codes(issuesOf(clusterProfile('p', t)))).toEqual([]);
  });
  it('rejects an Infrastructure profile whose layers are out of order (CP001)', () => {
    const cp = clusterProfile('p');
    cp.spec.layers.reverse();
    const issues = issuesOf(cp);
    expect(codes(issues)).toEqual(['CP001']);
    expect(issues[0]!.message).toContain('found csi, cni, k8s, os');
  });
  it('rejects an Add-on profile with an os layer (CP002)', () => {
    const cp = clusterProfile('p', 'Add-on');
    cp.spec.layers.push({ type: 'os', pack: { name: 'ubuntu', version: '22.04' } });
    expect(codes(issuesOf(cp))).toEqual(['CP002']);
  });
  it('rejects a Full profile whose add-on comes before the infrastructure layers (CP003)', () => {
    const cp = clusterProfile('p', 'Full');
    cp.spec.layers.unshift(cp.spec.layers.pop()!);
    expect(codes(issuesOf(cp))).toEqual(['CP003']);
  });
  it('rejects a pack listed twice (CP004)', () => {
    const cp = clusterProfile('p', 'Add-on');
    cp.spec.layers.push({ type: 'addon', pack: { name: 'p-pack', version: '2.0.0' } });
    expect(codes(issuesOf(cp))).toEqual(['CP004']);
  });
});

describe('component definition rules', () => {
  const def = (schema: Record<string, unknown>, template: Record<string, unknown>[]) => ({
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'ComponentDefinition',
    metadata: { name: 'cron-task', namespace: NS },
    spec: { schema, template },
  });
  const cron = [
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: '{{ .name }}' },
      spec: { schedule: '{{ .properties.schedule }}' },
    },
  ];
  it('accepts a schema that declares what the template reads', () => {
    expect(
      codes(issuesOf(def({ type: 'object', properties: { schedule: { type: 'string' } } }, cron))),
    ).toEqual([]);
  });
  it('rejects a schema that is not JSON Schema (CD001)', () => {
    expect(codes(issuesOf(def({ type: 'objekt' }, cron)))).toContain('CD001');
  });
  it('rejects $ref to a file or URL (CD002)', () => {
    expect(codes(issuesOf(def({ $ref: 'http://169.254.169.254/latest' }, cron)))).toContain('CD002');
  });
  it('rejects a template object without a kind (CD003)', () => {
    expect(
      codes(
        issuesOf(
          def({ type: 'object', properties: { schedule: {} } }, [
            { apiVersion: 'v1', metadata: { name: 'x' } },
          ]),
        ),
      ),
    ).toEqual(['CD003']);
  });
  it('rejects a template reading an undeclared property (CD004)', () => {
    expect(codes(issuesOf(def({ type: 'object', properties: {} }, cron)))).toEqual(['CD004']);
  });
});

describe('project rules', () => {
  it('accepts mappings of distinct priorities', () => {
    expect(
      codes(
        issuesOf(
          project('melbourne', [
            mapping('a', 1, { id: 'meta-llama/*' }, 'vllm'),
            mapping('b', 2, { id: 'meta-llama/*' }, 'vllm'),
          ]),
        ),
      ),
    ).toEqual([]);
  });
  it('rejects two mappings with one name (PRJ001)', () => {
    expect(
      codes(
        issuesOf(
          project('melbourne', [mapping('a', 1, { id: 'x' }, 'vllm'), mapping('a', 2, { id: 'y' }, 'vllm')]),
        ),
      ),
    ).toEqual(['PRJ001']);
  });
  it('warns about equal-priority mappings that can match one model (PRJ002)', () => {
    const issues = issuesOf(
      project('melbourne', [
        mapping('a', 5, { id: 'meta-llama/*' }, 'vllm'),
        mapping('b', 5, { task: 'text-generation' }, 'sglang'),
      ]),
    );
    expect(issues).toMatchObject([{ code: 'PRJ002', severity: 'warning' }]);
  });
  it('does not warn about equal-priority mappings that cannot overlap', () => {
    expect(
      codes(
        issuesOf(
          project('melbourne', [
            mapping('a', 5, { id: 'meta-llama/*' }, 'vllm'),
            mapping('b', 5, { id: 'mistralai/*' }, 'vllm'),
          ]),
        ),
      ),
    ).toEqual([]);
  });
  it('rejects a project namespace that is not a DNS label (PRJ003)', () => {
    const p = project('melbourne', []);
    p.spec.namespace = 'Project_Melbourne';
    expect(codes(issuesOf(p))).toEqual(['PRJ003']);
  });
});

describe('settings rules', () => {
  const settings = (spec: Record<string, unknown>) => ({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'Settings',
    metadata: { name: 'default', namespace: NS },
    spec,
  });
  it('rejects palette as provider without the palette block (ST001)', () => {
    expect(codes(issuesOf(settings({ infrastructureProvider: 'palette' })))).toEqual(['ST001']);
  });
  it('warns when a referenced Secret is missing, and is quiet when it exists', () => {
    const s = settings({ huggingFace: { tokenSecretRef: { name: 'hf', key: 'token' } } });
    expect(issuesOf(s)).toMatchObject([{ code: 'REF001', severity: 'warning' }]);
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'hf', namespace: NS },
      stringData: { token: 'x' },
    };
    expect(codes(issuesOf(s, [secret]))).toEqual([]);
  });
  it('names the field of the kubeconfig Secret the kubeconfig provider would read', () => {
    const s = settings({
      infrastructureProvider: 'kubeconfig',
      kubeconfig: { secretRef: { name: 'spoke' } },
    });
    expect(issuesOf(s)).toMatchObject([
      {
        code: 'REF001',
        path: 'spec.kubeconfig.secretRef.name',
        message: expect.stringContaining('"spoke"'),
      },
    ]);
  });
});

describe('deployment rules', () => {
  const world = [
    clusterProfile('edge'),
    workloadProfile('chat', 'Application'),
    bundle('infra', 'Infrastructure', { clusterProfiles: ['edge'] }),
    bundle('chat', 'Application', { workloadProfiles: ['chat'] }),
    pool('pool-a', 'infra'),
  ];
  it('accepts a shared pool of an Infrastructure bundle', () =>
    expect(codes(issuesOf(pool('p', 'infra'), world))).toEqual([]));
  it('rejects a pool that is both shared and dedicated (CPL001)', () => {
    const p = pool('p', 'infra');
    p.spec.clusterVariant.dedicated = {};
    expect(codes(issuesOf(p, world))).toEqual(['CPL001']);
  });
  it('rejects a pool of a bundle that does not exist (REF001)', () =>
    expect(codes(issuesOf(pool('p', 'nope'), world))).toEqual(['REF001']));
  it('rejects a pool built from an Application bundle through the planner (WF001)', () =>
    expect(codes(issuesOf(pool('p', 'chat'), world))).toEqual(['WF001']));
  it('accepts an app deployment on a shared pool', () =>
    expect(
      codes(
        issuesOf(
          aiWorkload('w', 'app', {
            profileBundleRefs: [{ name: 'chat' }],
            computePoolRef: { name: 'pool-a' },
          }),
          world,
        ),
      ),
    ).toEqual([]));
  it('rejects an AIWorkload without the type label (AIW001)', () => {
    const w = aiWorkload('w', 'app', {
      profileBundleRefs: [{ name: 'chat' }],
      computePoolRef: { name: 'pool-a' },
    });
    w.metadata.labels = {};
    expect(codes(issuesOf(w, world))).toEqual(['AIW001']);
  });
  it('rejects an AIWorkload naming both a pool and a dedicated pool (AIW002)', () => {
    expect(
      codes(
        issuesOf(
          aiWorkload('w', 'app', {
            profileBundleRefs: [{ name: 'chat' }],
            computePoolRef: { name: 'pool-a' },
            dedicatedComputePool: {},
          }),
          world,
        ),
      ),
    ).toContain('AIW002');
  });
  it('rejects a model deployment without a model (AIW003)', () => {
    expect(
      codes(issuesOf(aiWorkload('w', 'model', { computePoolRef: { name: 'pool-a' } }), world)),
    ).toContain('AIW003');
  });
  it('reports the planner checks of an AIWorkload at its fields (WF004)', () => {
    const issues = issuesOf(
      aiWorkload('w', 'app', { profileBundleRefs: [{ name: 'chat' }], computePoolRef: { name: 'missing' } }),
      world,
    );
    expect(issues).toMatchObject([{ code: 'WF004', path: 'spec.computePoolRef' }]);
  });
});
