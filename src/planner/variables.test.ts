import { describe, expect, it } from 'vitest';
import { bundle, resolverOf, stringVar, variableSet, workloadProfile } from '../testing/builders.js';
import { resolveVariables } from './variables.js';

const wp = workloadProfile('vllm-server', 'Model', [
  stringVar('modelId', 'meta-llama/Llama-3.1-8B-Instruct'),
  { name: 'gpuCount', variableType: 'int32', value: { int32: 1 } },
  { name: 'hfToken', variableType: 'string', secret: true },
  { name: 'maxModelLen', variableType: 'int32', validationMode: 'required' },
]);
const system = variableSet('platform', 'paletteai-system', [
  stringVar('imageRegistry', 'registry.local', { locked: true }),
  stringVar('modelId', 'system-default'),
]);
const proj = variableSet('team', 'project-melbourne', [
  stringVar('modelId', 'project-default'),
  stringVar('storageClass', 'longhorn'),
]);
const b = bundle('vllm', 'Application', {
  workloadProfiles: ['vllm-server'],
  variables: [{ name: 'gpuCount', variableType: 'int32', value: { int32: 2 } }],
});
const resolver = resolverOf([wp, system, proj, b]);
const resolve = (overrides: Record<string, string | number | boolean>) =>
  resolveVariables('project-melbourne', [b], [wp], overrides, resolver);
const byName = (r: ReturnType<typeof resolve>) => Object.fromEntries(r.variables.map((v) => [v.name, v]));

describe('variable resolution', () => {
  it('takes each value from the highest source and names that source', () => {
    const r = resolve({ maxModelLen: '8192' });
    const v = byName(r);
    expect(v.modelId).toMatchObject({ value: 'project-default', source: 'project VariableSet team' });
    expect(v.gpuCount).toMatchObject({ value: 2, source: 'ProfileBundle vllm' });
    expect(v.maxModelLen).toMatchObject({ value: 8192, source: 'deployment override' });
    expect(v.imageRegistry).toMatchObject({ value: 'registry.local', locked: true });
    expect(r.checks.filter((c) => c.result === 'fail')).toEqual([]);
    expect(r.values.maxModelLen).toBe(8192);
  });
  it('reports a required variable without a value (VAR007)', () => {
    const r = resolve({});
    expect(r.checks).toContainEqual(
      expect.objectContaining({
        code: 'VAR007',
        result: 'fail',
        message: expect.stringContaining('--set maxModelLen=VALUE'),
      }),
    );
  });
  it('refuses a deployment override of a locked variable (VAR008)', () => {
    const r = resolve({ maxModelLen: '1', imageRegistry: 'docker.io' });
    expect(r.checks).toContainEqual(expect.objectContaining({ code: 'VAR008', result: 'fail' }));
    expect(byName(r).imageRegistry?.value).toBe('registry.local');
  });
  it('refuses an override that does not fit the type (VAR009)', () => {
    const r = resolve({ maxModelLen: 'lots' });
    expect(r.checks).toContainEqual(
      expect.objectContaining({
        code: 'VAR009',
        result: 'fail',
        message: expect.stringContaining('whole number'),
      }),
    );
  });
  it('refuses an override nobody declares and suggests the closest name (VAR010)', () => {
    const r = resolve({ maxModelLen: '1', modelid: 'x' });
    expect(r.checks).toContainEqual(
      expect.objectContaining({ code: 'VAR010', message: expect.stringContaining('did you mean "modelId"') }),
    );
  });
  it('never shows a secret value', () => {
    const withSecret = variableSet('team', 'project-melbourne', [
      { name: 'hfToken', variableType: 'string', value: { string: 'hf_abc' } },
    ]);
    const r = resolveVariables(
      'project-melbourne',
      [b],
      [wp],
      { maxModelLen: '1' },
      resolverOf([wp, withSecret, b]),
    );
    expect(byName(r).hfToken?.value).toBe('(secret)');
    expect(JSON.stringify(r.variables)).not.toContain('hf_abc');
  });
});

describe('bundle-scoped VariableSets (SPEC §2.4)', () => {
  const scoped = (name: string, owner: string, modelId: string) => {
    const s = variableSet(name, 'project-melbourne', [stringVar('modelId', modelId)]);
    s.metadata.labels = { 'palette.ai/profile-bundle': owner };
    return s;
  };
  const other = bundle('other', 'Application', { workloadProfiles: ['vllm-server'] });
  const r = resolverOf([
    wp,
    system,
    proj,
    b,
    other,
    scoped('vllm-values', 'vllm', 'from-vllm-set'),
    scoped('other-values', 'other', 'from-other-set'),
  ]);
  const modelOf = (x: typeof b) =>
    resolveVariables('project-melbourne', [x], [wp], { maxModelLen: '1' }, r).variables.find(
      (v) => v.name === 'modelId',
    );

  it("applies a VariableSet labelled for a bundle to that bundle's plan only, above the project sets", () => {
    expect(modelOf(b)).toMatchObject({
      value: 'from-vllm-set',
      source: 'VariableSet vllm-values of bundle vllm',
    });
    expect(modelOf(other)).toMatchObject({
      value: 'from-other-set',
      source: 'VariableSet other-values of bundle other',
    });
  });
  it('leaves a bundle without a scoped set to the project VariableSets', () => {
    const third = bundle('third', 'Application', { workloadProfiles: ['vllm-server'] });
    expect(modelOf(third)).toMatchObject({ value: 'project-default', source: 'project VariableSet team' });
  });
});
