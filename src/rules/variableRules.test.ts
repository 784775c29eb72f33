import { describe, expect, it } from 'vitest';
import type { Variable } from '../model/index.js';
import { coerceOverride, checkVariables } from './variableRules.js';

const codesOf = (vars: Variable[]) => checkVariables(vars, ['spec', 'variables']).map((i) => i.code);

describe('variable rules', () => {
  it('accepts well-typed variables', () => {
    expect(
      codesOf([
        { name: 'replicas', variableType: 'int32', value: { int32: 2 } },
        { name: 'ratio', variableType: 'float32', value: { float32: 0.9 } },
      ]),
    ).toEqual([]);
  });
  it('rejects a duplicate name (VAR001)', () => {
    expect(
      codesOf([
        { name: 'a', variableType: 'bool' },
        { name: 'a', variableType: 'bool' },
      ]),
    ).toEqual(['VAR001']);
  });
  it('rejects a value key that differs from variableType (VAR002)', () => {
    const issues = checkVariables(
      [{ name: 'replicas', variableType: 'int32', value: { string: '2' } }],
      ['spec', 'variables'],
    );
    expect(issues).toMatchObject([{ code: 'VAR002', path: 'spec.variables[0].value' }]);
    expect(issues[0]!.message).toContain('value: { int32: ... }');
  });
  it('rejects an int32 out of range and a float32 past its maximum (VAR003)', () => {
    expect(
      codesOf([
        { name: 'a', variableType: 'int32', value: { int32: 2 ** 31 } },
        { name: 'b', variableType: 'float32', value: { float32: 1e39 } },
      ]),
    ).toEqual(['VAR003', 'VAR003']);
  });
  it('rejects an int64 that a JSON number cannot hold exactly, and accepts it as digits', () => {
    expect(codesOf([{ name: 'a', variableType: 'int64', value: { int64: 2 ** 53 + 2 } }])).toEqual([
      'VAR003',
    ]);
    expect(codesOf([{ name: 'a', variableType: 'int64', value: { int64: '9007199254740993' } }])).toEqual([]);
  });
  it('rejects locked together with required (VAR004)', () => {
    expect(codesOf([{ name: 'a', variableType: 'bool', locked: true, validationMode: 'required' }])).toEqual([
      'VAR004',
    ]);
  });
  it('rejects a plain-text value on a secret variable (VAR005)', () => {
    expect(
      codesOf([{ name: 'token', variableType: 'string', secret: true, value: { string: 'hf_xxx' } }]),
    ).toEqual(['VAR005']);
  });
  it('coerces text overrides into the declared type', () => {
    expect(coerceOverride('int32', '8192')).toEqual({ value: 8192 });
    expect(coerceOverride('bool', 'true')).toEqual({ value: true });
    expect(coerceOverride('bool', 'yes').problem).toContain('true or false');
    expect(coerceOverride('int64', '9223372036854775807')).toEqual({ value: '9223372036854775807' });
    expect(coerceOverride('float64', '').problem).toBeDefined();
  });
});
