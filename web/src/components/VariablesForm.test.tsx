// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { renderUi } from '../../test/render';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkValue, checkValues, fromDeclared, VariablesForm, type FormVariable } from './VariablesForm';

afterEach(cleanup);

const v = (over: Partial<FormVariable>): FormVariable => ({
  name: 'x',
  type: 'string',
  locked: false,
  secret: false,
  required: false,
  ...over,
});

describe('variable values', () => {
  it('are checked against their type', () => {
    expect(checkValue(v({ type: 'int32' }), '12')).toBeUndefined();
    expect(checkValue(v({ type: 'int32' }), '1.5')).toBe('a whole number');
    expect(checkValue(v({ type: 'int32' }), String(2 ** 31))).toBe('out of the int32 range');
    expect(checkValue(v({ type: 'float64' }), 'abc')).toBe('a number');
    expect(checkValue(v({ type: 'bool' }), 'yes')).toBe('true or false');
    expect(checkValue(v({ locked: true, source: 'VariableSet system/x' }), 'a')).toContain(
      'locked by VariableSet system/x',
    );
    expect(checkValues([v({ name: 'a', required: true })], {})).toEqual({ a: 'required' });
  });

  it('come from a declaration without showing a secret’s value', () => {
    expect(
      fromDeclared({ name: 't', variableType: 'string', secret: true, value: { string: 's3cr3t' } }),
    ).toEqual({ name: 't', type: 'string', locked: false, secret: true, required: false });
  });
});

describe('<VariablesForm>', () => {
  it('renders an input per variable, a disabled locked one, and reports a typed value', () => {
    const onChange = vi.fn();
    renderUi(
      <VariablesForm
        variables={[
          v({ name: 'modelId', value: 'org/default', source: 'profile vllm' }),
          v({ name: 'region', locked: true, source: 'VariableSet system/defaults', value: 'us' }),
        ]}
        values={{}}
        onChange={onChange}
      />,
    );
    const model = screen.getByPlaceholderText('org/default');
    fireEvent.change(model, { target: { value: 'org/requested' } });
    expect(onChange).toHaveBeenCalledWith({ modelId: 'org/requested' });
    expect((screen.getByPlaceholderText('us') as HTMLInputElement).disabled).toBe(true);
  });
});
