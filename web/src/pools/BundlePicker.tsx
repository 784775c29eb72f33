/**
 * The pool form's bundle picker: only Infrastructure and Fullstack bundles (the Compute Pool
 * workflow accepts nothing else), Ready ones first; the others shown disabled with the reason.
 */
import { Group, Radio, Stack, Text } from '@mantine/core';
import { LABEL_INFERENCE_ENGINE, type ProfileBundle } from '../../../src/model/index.js';
import { PhaseBadge } from '../components/PhaseBadge';
import { bundleChoices } from './poolModel';

export const BundlePicker = ({
  bundles,
  value,
  onChange,
  error,
}: {
  bundles: readonly ProfileBundle[];
  value: string;
  onChange: (name: string) => void;
  error?: string | undefined;
}) => {
  const choices = bundleChoices(bundles);
  return (
    <Radio.Group
      label="Bundle"
      description="An Infrastructure or Fullstack bundle: its cluster profiles make the pool's cluster."
      value={value}
      onChange={onChange}
      error={error}
      withAsterisk
    >
      {choices.length === 0 ? (
        <Text size="sm" c="dimmed" mt="xs">
          No Infrastructure or Fullstack bundle in this project: import one from the Studio first.
        </Text>
      ) : (
        <Stack gap={6} mt="xs">
          {choices.map(({ bundle: b, disabled }) => (
            <Radio
              key={b.metadata.name}
              value={b.metadata.name}
              disabled={!!disabled}
              label={
                <Group gap="xs" component="span">
                  <Text span fw={600}>
                    {b.metadata.name}
                  </Text>
                  <Text span size="sm" c="dimmed">
                    {b.spec.type} {b.spec.version}
                    {b.metadata.labels?.[LABEL_INFERENCE_ENGINE]
                      ? ` · engine ${b.metadata.labels[LABEL_INFERENCE_ENGINE]}`
                      : ''}
                  </Text>
                  <PhaseBadge phase={b.status?.phase} />
                </Group>
              }
              description={disabled ?? b.spec.description}
            />
          ))}
        </Stack>
      )}
    </Radio.Group>
  );
};
