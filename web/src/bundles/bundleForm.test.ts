import { describe, expect, it } from 'vitest';
import { bundle, clusterProfile, NS, workloadProfile } from '../../../src/testing/builders.js';
import {
  addonProfiles,
  bumpMinor,
  CLUSTER,
  draftFrom,
  emptyDraft,
  GENERAL,
  mainProfiles,
  nextVersionName,
  offeredWorkloads,
  placeCause,
  stepProblems,
  toBundle,
  VARIABLES,
  WORKLOAD,
} from './bundleForm';

const cps = [
  clusterProfile('edge-infra'),
  clusterProfile('edge-full', 'Full'),
  clusterProfile('aws-infra', 'Infrastructure', 'aws'),
  clusterProfile('gpu-operator', 'Add-on'),
  clusterProfile('monitoring', 'Add-on', 'aws'),
];
const wps = [
  workloadProfile('webui', 'Application'),
  workloadProfile('vllm', 'Model'),
  workloadProfile('metrics', 'Infrastructure'),
];
const names = (list: { metadata: { name: string } }[]) => list.map((w) => w.metadata.name);

describe('the cluster profile step', () => {
  it('offers only edge-native Infrastructure or Full profiles as the main profile', () => {
    expect(mainProfiles(cps)).toEqual(['edge-full', 'edge-infra']);
  });
  it('offers Add-on profiles (any cloud type) in their own picker', () => {
    expect(addonProfiles(cps)).toEqual(['gpu-operator', 'monitoring']);
  });
});

describe('the workload profile step', () => {
  it('offers only the types the bundle type allows', () => {
    expect(names(offeredWorkloads('Application', wps, []))).toEqual(['webui', 'vllm']);
    expect(names(offeredWorkloads('Infrastructure', wps, []))).toEqual(['metrics']);
    expect(names(offeredWorkloads('Fullstack', wps, []))).toEqual(['webui', 'vllm', 'metrics']);
  });
  it('never offers Model next to Application, nor Application next to Model (PB006)', () => {
    expect(names(offeredWorkloads('Fullstack', wps, ['webui']))).toEqual(['webui', 'metrics']);
    expect(names(offeredWorkloads('Application', wps, ['vllm']))).toEqual(['vllm']);
  });
  it('blocks Next until an Application bundle has an Application or Model profile', () => {
    const types = new Map(wps.map((w) => [w.metadata.name, w.spec.type]));
    const draft = { ...emptyDraft(), name: 'a', type: 'Application' as const };
    expect(stepProblems(WORKLOAD, draft, types).workloads).toMatch(/^PB003/);
    expect(stepProblems(WORKLOAD, { ...draft, workloads: [{ name: 'vllm' }] }, types)).toEqual({});
    expect(stepProblems(CLUSTER, draft, types)).toEqual({});
    expect(stepProblems(CLUSTER, { ...draft, type: 'Fullstack' }, types).main).toMatch(/^PB005/);
  });
});

describe('the general step', () => {
  it('wants a DNS-1123 name and a semver version', () => {
    const p = stepProblems(GENERAL, { ...emptyDraft(), name: 'Bad_Name', version: '1.0' }, new Map());
    expect(Object.keys(p).sort()).toEqual(['name', 'version']);
    expect(stepProblems(GENERAL, { ...emptyDraft(), name: 'ok', version: 'v1.2.3-rc.1' }, new Map())).toEqual(
      {},
    );
  });
});

describe('clone and new version', () => {
  const original = bundle('vllm-llama3', 'Fullstack', {
    clusterProfiles: ['gpu-operator', 'edge-infra'],
    workloadProfiles: ['vllm'],
    version: '1.2.3',
    engine: 'vllm',
    variables: [{ name: 'gpus', variableType: 'int32', value: { int32: 2 } }],
  });
  it('a new version is a new name (next free -vN) with the minor version bumped', () => {
    expect(bumpMinor('1.2.3')).toBe('1.3.0');
    expect(nextVersionName('vllm-llama3', ['vllm-llama3', 'vllm-llama3-v2'])).toBe('vllm-llama3-v3');
    expect(nextVersionName('vllm-llama3-v3', ['vllm-llama3-v2', 'vllm-llama3-v3'])).toBe('vllm-llama3-v4');
    const d = draftFrom(original, 'version', ['vllm-llama3'], cps);
    expect([d.name, d.version, d.engine]).toEqual(['vllm-llama3-v2', '1.3.0', 'vllm']);
  });
  it('a clone keeps the spec: the same object under a new name', () => {
    const d = draftFrom(original, 'clone', [], cps);
    expect(d.main).toEqual({ name: 'edge-infra' });
    const copy = toBundle({ ...d, name: 'mine' }, NS, new Map([['gpus', 'int32']]));
    expect(copy.metadata).toEqual({ name: 'mine', namespace: NS, labels: original.metadata.labels });
    // The main profile first, then the add-ons.
    expect(copy.spec.clusterProfiles).toEqual([{ name: 'edge-infra' }, { name: 'gpu-operator' }]);
    expect({ ...copy.spec, clusterProfiles: undefined }).toEqual({
      ...original.spec,
      clusterProfiles: undefined,
    });
  });
});

describe('server causes', () => {
  const draft = {
    ...emptyDraft(),
    name: 'b',
    main: { name: 'edge-infra' },
    addons: [{ name: 'gpu-operator' }],
    values: { gpus: 4 },
  };
  const declared = new Map([['gpus', 'int32']]);
  const at = (field?: string, reason = 'PB008') =>
    placeCause({ reason, message: 'm', ...(field ? { field } : {}) }, draft, NS, declared);
  it('land at their step and field', () => {
    expect(at('spec.version', 'SCH004')).toEqual({ step: GENERAL, field: 'version' });
    expect(at(undefined, 'AlreadyExists')).toEqual({ step: GENERAL, field: 'name' });
    expect(at('metadata.labels["palette.ai/inference-engine"]', 'MD004')).toEqual({
      step: GENERAL,
      field: 'engine',
    });
    expect(at('metadata.labels.team', 'MD004')).toEqual({ step: GENERAL, field: 'labels' });
    expect(at('spec.clusterProfiles[0].name')).toEqual({ step: CLUSTER, field: 'main' });
    expect(at('spec.clusterProfiles[1].name')).toEqual({ step: CLUSTER, field: 'addons' });
    expect(at('spec.workloadProfiles')).toEqual({ step: WORKLOAD, field: 'workloads' });
    expect(at('spec.variableSet.variables[0].name', 'PB009')).toEqual({ step: VARIABLES, field: 'var:gpus' });
  });
  it('values become declarations of the profile variable’s type', () => {
    expect(toBundle(draft, NS, declared).spec.variableSet).toEqual({
      variables: [{ name: 'gpus', variableType: 'int32', value: { int32: 4 } }],
    });
  });
});
