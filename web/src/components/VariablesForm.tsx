/**
 * A form generated from variable declarations: an input per variable by its type (text, secret,
 * switch, integer, number), the effective value and where it came from as the placeholder, locked
 * variables shown and disabled, and each value checked against its type as it is typed. Values are
 * the plain overrides a deployment, pool or bundle sends (`{ maxModelLen: "8192" }`).
 */
import { Group, NumberInput, PasswordInput, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { EffectiveVariable } from '../../../src/planner/index.js';
import type { Variable, VariableOverrides } from '../../../src/model/index.js';

/** One variable as the form shows it. */
export interface FormVariable {
  name: string;
  type: string;
  /** The value it has without an override (shown as the placeholder). */
  value?: unknown;
  /** Where that value comes from (`profile vllm-server`, `VariableSet project-melbourne/defaults`). */
  source?: string;
  locked: boolean;
  secret: boolean;
  required: boolean;
  description?: string;
}

/** From the planner's effective variables (secret values are already hidden there). */
export const fromEffective = (v: EffectiveVariable): FormVariable => ({
  name: v.name,
  type: v.type,
  ...(v.value !== undefined ? { value: v.value } : {}),
  source: v.source,
  locked: v.locked,
  secret: v.secret,
  required: v.required,
});

/** From a declaration (a profile's or a bundle's `variables`). */
export const fromDeclared = (v: Variable, source?: string): FormVariable => {
  const value = v.value ? Object.values(v.value)[0] : undefined;
  return {
    name: v.name,
    type: v.variableType,
    ...(value !== undefined && !v.secret ? { value } : {}),
    ...(source ? { source } : {}),
    locked: v.locked ?? false,
    secret: v.secret ?? false,
    required: v.validationMode === 'required',
    ...(v.description ? { description: v.description } : {}),
  };
};

const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;

/** What is wrong with `raw` as a value of `v`, or undefined when it is fine (empty = no override). */
export const checkValue = (v: FormVariable, raw: unknown): string | undefined => {
  if (raw === undefined || raw === '') return v.required && v.value === undefined ? 'required' : undefined;
  if (v.locked) return `locked${v.source ? ` by ${v.source}` : ''}: it cannot be overridden`;
  const text = String(raw).trim();
  switch (v.type) {
    case 'bool':
      return typeof raw === 'boolean' || /^(true|false)$/.test(text) ? undefined : 'true or false';
    case 'int32':
    case 'int64': {
      if (!/^-?\d+$/.test(text)) return 'a whole number';
      const n = Number(text);
      return v.type === 'int32' && (n < INT32[0] || n > INT32[1]) ? 'out of the int32 range' : undefined;
    }
    case 'float32':
    case 'float64':
      return Number.isFinite(Number(text)) && text !== '' ? undefined : 'a number';
    default:
      return undefined;
  }
};

/** Every problem of `values` by variable name (for a Next button and for the fields). */
export const checkValues = (variables: FormVariable[], values: VariableOverrides): Record<string, string> =>
  Object.fromEntries(
    variables.flatMap((v) => {
      const problem = checkValue(v, values[v.name]);
      return problem ? [[v.name, problem]] : [];
    }),
  );

const shown = (v: FormVariable) =>
  v.secret ? (v.value !== undefined ? '(secret)' : '') : v.value === undefined ? '' : String(v.value);

export const VariablesForm = ({
  variables,
  values,
  onChange,
  errors = {},
}: {
  variables: FormVariable[];
  values: VariableOverrides;
  onChange: (values: VariableOverrides) => void;
  /** Problems the server named, by variable name; shown with the form's own checks. */
  errors?: Record<string, string>;
}) => {
  if (!variables.length)
    return (
      <Text c="dimmed" size="sm">
        Nothing to set: no variables are declared.
      </Text>
    );
  const set = (name: string, value: string | number | boolean | undefined) => {
    const next = { ...values };
    if (value === undefined || value === '') delete next[name];
    else next[name] = value;
    onChange(next);
  };
  return (
    <Stack gap="sm">
      {variables.map((v) => {
        const raw = values[v.name];
        const error = errors[v.name] ?? (raw !== undefined ? checkValue(v, raw) : undefined);
        const label = (
          <Group gap={6} component="span">
            <Text span ff="monospace" fw={600}>
              {v.name}
            </Text>
            <Text span size="xs" c="dimmed">
              {v.type}
              {v.required ? ', required' : ''}
            </Text>
            {v.locked ? (
              <Tooltip label={`Locked${v.source ? ` by ${v.source}` : ''}`}>
                <IconLock size={14} aria-label="locked" />
              </Tooltip>
            ) : null}
          </Group>
        );
        const description = [
          v.description,
          v.source ? `now ${shown(v) || '(unset)'} from ${v.source}` : undefined,
        ]
          .filter(Boolean)
          .join(' — ');
        const common = { label, description, error, disabled: v.locked, placeholder: shown(v) };
        if (v.type === 'bool')
          return (
            <Switch
              key={v.name}
              label={label}
              description={description}
              error={error}
              disabled={v.locked}
              checked={raw === undefined ? v.value === true : raw === true || raw === 'true'}
              onChange={(e) => set(v.name, e.currentTarget.checked)}
            />
          );
        if (v.secret)
          return (
            <PasswordInput
              key={v.name}
              {...common}
              value={raw === undefined ? '' : String(raw)}
              onChange={(e) => set(v.name, e.currentTarget.value)}
            />
          );
        if (v.type.startsWith('int') || v.type.startsWith('float'))
          return (
            <NumberInput
              key={v.name}
              {...common}
              allowDecimal={v.type.startsWith('float')}
              value={raw === undefined ? '' : Number(raw)}
              onChange={(n) => set(v.name, n === '' ? undefined : n)}
            />
          );
        return (
          <TextInput
            key={v.name}
            {...common}
            value={raw === undefined ? '' : String(raw)}
            onChange={(e) => set(v.name, e.currentTarget.value)}
          />
        );
      })}
    </Stack>
  );
};
