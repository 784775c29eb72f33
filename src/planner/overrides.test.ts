import { describe, expect, it } from 'vitest';
import { checkOverrides, type OverridableVariable } from './variables.js';

const declared = new Map<string, OverridableVariable>([
  ['replicas', { type: 'int32' }],
  ['modelId', { type: 'string' }],
  ['gpuType', { type: 'string', lockedBy: 'system VariableSet defaults' }],
]);

describe('checkOverrides', () => {
  it('accepts overrides of declared, unlocked variables, typed', () => {
    const { values, checks } = checkOverrides({ replicas: '3', modelId: 'meta-llama/x' }, declared);
    expect(checks).toEqual([]);
    expect(values).toEqual(
      new Map<string, unknown>([
        ['replicas', 3],
        ['modelId', 'meta-llama/x'],
      ]),
    );
  });

  it('refuses unknown (VAR010), locked (VAR008) and ill-typed (VAR009) overrides, in order', () => {
    const { values, checks } = checkOverrides({ replica: 2, gpuType: 'h100', replicas: 'many' }, declared);
    expect(values.size).toBe(0);
    expect(checks.map((c) => [c.code, c.result, c.path])).toEqual([
      ['VAR010', 'fail', 'overrides'],
      ['VAR008', 'fail', 'overrides'],
      ['VAR009', 'fail', 'overrides'],
    ]);
    expect(checks[0]?.message).toContain('did you mean "replicas"');
    expect(checks[1]?.message).toContain('locked by system VariableSet defaults');
  });
});
