/** Rows of key/value inputs (a mapping's match, a selector's labels): add, edit, remove. */
import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Pair } from './mappingDraft';

export const PairsEditor = ({
  label,
  what,
  pairs,
  onChange,
  keyPlaceholder,
  valuePlaceholder,
  error,
}: {
  /** Heading of the rows, e.g. "Match". */
  label: string;
  /** What one row is, for the buttons and input names, e.g. "match key". */
  what: string;
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  error?: string;
}) => {
  const set = (i: number, p: Partial<Pair>) => onChange(pairs.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {pairs.length === 0 ? (
        <Text size="sm" c="dimmed">
          None.
        </Text>
      ) : null}
      {pairs.map((p, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={`${label} key ${i + 1}`}
            placeholder={keyPlaceholder}
            value={p.key}
            onChange={(e) => set(i, { key: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <TextInput
            aria-label={`${label} value ${i + 1}`}
            placeholder={valuePlaceholder}
            value={p.value}
            onChange={(e) => set(i, { value: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Remove ${what} ${p.key || i + 1}`}
            onClick={() => onChange(pairs.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {error ? (
        <Text size="xs" c="red">
          {error}
        </Text>
      ) : null}
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...pairs, { key: '', value: '' }])}
        >
          Add {what}
        </Button>
      </Group>
    </Stack>
  );
};
