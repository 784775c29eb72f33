/**
 * The Model-as-a-Service mappings of a project, edited in place: name, priority, source, match and
 * the bundle selector's labels, with each issue (browser rules and the server's dry run) at its field.
 */
import {
  Button,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { MODEL_SOURCES, type ModelSource } from '../../../src/model/index.js';
import { errorText, fieldProps, type FieldIssue } from './fieldIssues';
import { newDraft, type MappingDraft } from './mappingDraft';
import { PairsEditor } from './PairsEditor';

const MappingFields = ({
  draft,
  index,
  issues,
  onChange,
  onRemove,
}: {
  draft: MappingDraft;
  index: number;
  issues: FieldIssue[];
  onChange: (d: MappingDraft) => void;
  onRemove: () => void;
}) => {
  const at = (field: string) => `spec.maasMappings[${index}].${field}`;
  const label = `Mapping ${draft.name || index + 1}`;
  return (
    <Fieldset legend={label} aria-label={label}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Name"
            required
            value={draft.name}
            onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })}
            {...fieldProps(issues, at('name'))}
          />
          <NumberInput
            label="Priority"
            allowDecimal={false}
            value={draft.priority}
            onChange={(v) => onChange({ ...draft, priority: typeof v === 'number' ? v : Number(v) || 0 })}
            {...fieldProps(issues, at('priority'))}
          />
          <NativeSelect
            label="Source"
            data={[...MODEL_SOURCES]}
            value={draft.source}
            onChange={(e) => onChange({ ...draft, source: e.currentTarget.value as ModelSource })}
            {...fieldProps(issues, at('source'))}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <PairsEditor
            label="Match"
            what="match key"
            pairs={draft.match}
            keyPlaceholder="id, task, …"
            valuePlaceholder="meta-llama/* (globs allowed)"
            onChange={(match) => onChange({ ...draft, match })}
            error={errorText(issues, at('match'))}
          />
          <PairsEditor
            label="Bundle selector labels"
            what="selector label"
            pairs={draft.labels}
            keyPlaceholder="palette.ai/inference-engine"
            valuePlaceholder="vllm"
            onChange={(labels) => onChange({ ...draft, labels })}
            error={errorText(issues, at('profileBundleSelector'))}
          />
        </SimpleGrid>
        {draft.expressions?.length ? (
          <Text size="xs" c="dimmed">
            Also selects by {draft.expressions.length} label expression(s), kept as they are (edit them with
            kubectl).
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button
            variant="subtle"
            color="red"
            size="compact-sm"
            leftSection={<IconTrash size={14} />}
            onClick={onRemove}
          >
            Remove mapping {draft.name || index + 1}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
};

/** Every mapping's fields, plus adding one; `onChange` receives the whole new list. */
export const MappingsEditor = ({
  drafts,
  issues,
  onChange,
}: {
  drafts: MappingDraft[];
  issues: FieldIssue[];
  onChange: (drafts: MappingDraft[]) => void;
}) => (
  <Stack gap="md">
    {drafts.length === 0 ? (
      <Text c="dimmed" size="sm">
        No mappings: a model deployment must name its bundle. Add a mapping to let the project choose one by
        the model&apos;s source and attributes.
      </Text>
    ) : null}
    {drafts.map((d, i) => (
      <MappingFields
        key={i}
        draft={d}
        index={i}
        issues={issues}
        onChange={(next) => onChange(drafts.map((x, j) => (j === i ? next : x)))}
        onRemove={() => onChange(drafts.filter((_, j) => j !== i))}
      />
    ))}
    <Group>
      <Button
        variant="light"
        leftSection={<IconPlus size={16} />}
        onClick={() => onChange([...drafts, newDraft(drafts)])}
      >
        Add mapping
      </Button>
    </Group>
  </Stack>
);
