/** The variables a workload profile declares: name, type, default, required, description. */
import { ActionIcon, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { VARIABLE_TYPES, type VariableType } from '../../../src/model/index.js';
import { newKey, type VariableDraft } from './profileDraft';

export const VariablesEditor = ({
  variables,
  onChange,
  errors,
}: {
  variables: VariableDraft[];
  onChange: (next: VariableDraft[]) => void;
  /** Problems by field (`spec.variables[0]`). */
  errors: Record<string, string>;
}) => {
  const set = (i: number, patch: Partial<VariableDraft>) =>
    onChange(variables.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <Stack gap="xs">
      {variables.length === 0 ? (
        <Text c="dimmed" size="sm">
          No variables: components can use {'{{ .var.NAME }}'} for values set per deployment.
        </Text>
      ) : null}
      {variables.map((v, i) => (
        <Stack key={v.key} gap={2} role="group" aria-label={`Variable ${i + 1}`}>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label={`Variable ${i + 1} name`}
              value={v.name}
              onChange={(e) => set(i, { name: e.currentTarget.value })}
              w={200}
            />
            <Select
              label={`Variable ${i + 1} type`}
              data={[...VARIABLE_TYPES]}
              value={v.type}
              onChange={(t) => t && set(i, { type: t as VariableType })}
              allowDeselect={false}
              w={120}
            />
            <TextInput
              label={`Variable ${i + 1} default`}
              value={v.value}
              onChange={(e) => set(i, { value: e.currentTarget.value })}
              w={200}
            />
            <TextInput
              label={`Variable ${i + 1} description`}
              value={v.description}
              onChange={(e) => set(i, { description: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <Checkbox
              label="Required"
              checked={v.required}
              onChange={(e) => set(i, { required: e.currentTarget.checked })}
              mb={8}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label={`Remove variable ${i + 1}`}
              onClick={() => onChange(variables.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
          {errors[`spec.variables[${i}]`] ? (
            <Text c="red" size="xs" role="alert">
              {errors[`spec.variables[${i}]`]}
            </Text>
          ) : null}
        </Stack>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() =>
            onChange([
              ...variables,
              { key: newKey(), name: '', type: 'string', value: '', required: false, description: '' },
            ])
          }
        >
          Add variable
        </Button>
      </Group>
    </Stack>
  );
};
