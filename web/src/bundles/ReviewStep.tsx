/** The wizard's last step: the server's verdict on the bundle (live dry run) and its YAML with the issues at their lines. */
import { Alert, Anchor, List, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { ProfileBundle } from '../../../src/model/index.js';
import type { Cause } from '../api/client';
import { ErrorAlert } from '../components/states';
import { YamlView } from '../components/yaml/YamlView';
import { toYaml } from '../components/yaml/yamlLines';
import { STEPS } from './bundleForm';
import type { DryRun } from '../api/dryRun';

export const ReviewStep = ({
  object,
  dry,
  placed,
  onGo,
}: {
  object: ProfileBundle;
  dry: DryRun;
  placed: { cause: Cause; step: number }[];
  onGo: (step: number) => void;
}) => {
  const text = useMemo(() => toYaml(object), [object]);
  const issues = useMemo(
    () =>
      dry.causes.map((c) => ({ code: c.reason, message: c.message, ...(c.field ? { field: c.field } : {}) })),
    [dry.causes],
  );
  return (
    <Stack gap="md">
      {dry.error ? (
        <ErrorAlert error={dry.error} title="Could not check the bundle with the server" />
      ) : dry.checking || !dry.checked ? (
        <Text c="dimmed" role="status">
          Checking with the server…
        </Text>
      ) : placed.length ? (
        <Alert
          color="red"
          title={`The server would refuse this bundle (${placed.length} issue${placed.length > 1 ? 's' : ''})`}
        >
          <List size="sm">
            {placed.map((p, i) => (
              <List.Item key={i}>
                <Text span ff="monospace" fw={600}>
                  {p.cause.reason}
                </Text>{' '}
                {p.cause.field ? (
                  <Text span ff="monospace" c="dimmed">
                    {p.cause.field}:{' '}
                  </Text>
                ) : null}
                {p.cause.message}{' '}
                {p.step < STEPS.length - 1 ? (
                  <Anchor component="button" type="button" size="sm" onClick={() => onGo(p.step)}>
                    Fix in {STEPS[p.step]}
                  </Anchor>
                ) : null}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Alert color="green" title="The server accepts this bundle" role="status">
          Create stores it; its phase becomes Ready once every profile it names resolves.
        </Alert>
      )}
      <Title order={4}>YAML</Title>
      <YamlView value={text} issues={issues} label="Bundle YAML" height="360px" />
    </Stack>
  );
};
