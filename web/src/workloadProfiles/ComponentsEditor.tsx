/**
 * The components of a workload profile: add, remove and reorder them; each has a name, a type (the
 * built-in helm, manifests, webservice, or a ComponentDefinition of the project), a deployment
 * priority and its properties as YAML. Problems show at the field they name.
 */
import {
  ActionIcon,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { move, newComponent, PROPERTY_TEMPLATES, TYPES, type ComponentDraft } from './profileDraft';

const DESCRIPTIONS: Record<string, string> = {
  helm: 'A Flux HelmRelease: repository, chart, version, values',
  webservice: 'A Deployment and a Service: image, port, replicas, env, gpu',
  manifests: 'Kubernetes objects as they are: objects',
};

export const ComponentsEditor = ({
  components,
  onChange,
  errors,
  warnings = {},
  definitions = [],
}: {
  components: ComponentDraft[];
  onChange: (next: ComponentDraft[]) => void;
  /** Problems by field (`spec.workload.components[0].properties`). */
  errors: Record<string, string>;
  /** Warnings by component index (shown under the properties; they do not block Create). */
  warnings?: Record<number, string>;
  /** ComponentDefinition names of the project (custom types). */
  definitions?: string[];
}) => {
  const set = (i: number, patch: Partial<ComponentDraft>) =>
    onChange(components.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const setType = (i: number, type: string) => {
    const c = components[i]!;
    // An untouched template follows the type; anything the user typed stays.
    const untouched = c.properties === PROPERTY_TEMPLATES[c.type] || c.properties.trim() === '{}';
    set(i, { type, ...(untouched ? { properties: PROPERTY_TEMPLATES[type] ?? '{}\n' } : {}) });
  };
  const typeData = [
    { group: 'Built-in', items: TYPES.map((t) => t as string) },
    ...(definitions.length ? [{ group: 'Component definitions', items: definitions }] : []),
  ];
  const at = (i: number, f: string) => errors[`spec.workload.components[${i}].${f}`];
  return (
    <Stack gap="sm">
      {errors['spec.workload.components'] ? (
        <Text c="red" size="sm" role="alert">
          {errors['spec.workload.components']}
        </Text>
      ) : null}
      {components.map((c, i) => (
        <Paper key={c.key} withBorder p="sm" role="group" aria-label={`Component ${i + 1}`}>
          <Group align="flex-start" wrap="nowrap">
            <Stack gap="xs" style={{ flex: 1 }}>
              <Group align="flex-start" grow>
                <TextInput
                  label={`Component ${i + 1} name`}
                  value={c.name}
                  error={at(i, 'name')}
                  onChange={(e) => set(i, { name: e.currentTarget.value })}
                  required
                />
                <Select
                  label={`Component ${i + 1} type`}
                  data={typeData}
                  value={c.type}
                  error={at(i, 'type')}
                  description={DESCRIPTIONS[c.type] ?? 'A ComponentDefinition of this project'}
                  onChange={(t) => t && setType(i, t)}
                  allowDeselect={false}
                />
                <TextInput
                  label={`Component ${i + 1} priority`}
                  description="Lower deploys first"
                  value={c.priority}
                  inputMode="numeric"
                  error={at(i, 'deploymentPriority')}
                  onChange={(e) => set(i, { priority: e.currentTarget.value })}
                />
              </Group>
              <Textarea
                label={`Component ${i + 1} properties (YAML)`}
                rows={Math.min(16, Math.max(3, c.properties.split('\n').length))}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                value={c.properties}
                error={at(i, 'properties')}
                description={
                  warnings[i] ? (
                    <Text span size="xs" c="orange.8">
                      {warnings[i]}
                    </Text>
                  ) : undefined
                }
                onChange={(e) => set(i, { properties: e.currentTarget.value })}
              />
            </Stack>
            <Stack gap={4} pt={24}>
              <Tooltip label="Move up">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move component ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => onChange(move(components, i, i - 1))}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Move down">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move component ${i + 1} down`}
                  disabled={i === components.length - 1}
                  onClick={() => onChange(move(components, i, i + 1))}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Remove">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove component ${i + 1}`}
                  disabled={components.length === 1}
                  onClick={() => onChange(components.filter((_, j) => j !== i))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Stack>
          </Group>
        </Paper>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() => onChange([...components, newComponent(components.length)])}
        >
          Add component
        </Button>
      </Group>
    </Stack>
  );
};
