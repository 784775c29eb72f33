/** Loading, empty and error states: every page shows one of these instead of a blank area. */
import { Alert, Center, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export const Loading = ({ what }: { what: string }) => (
  <Center py="xl" role="status" aria-live="polite">
    <Group gap="sm">
      <Loader size="sm" />
      <Text c="dimmed">Loading {what}…</Text>
    </Group>
  </Center>
);

export const Empty = ({ title, children }: { title: string; children?: ReactNode }) => (
  <Center py="xl">
    <Stack align="center" gap="xs" maw={520}>
      <Title order={4}>{title}</Title>
      {children ? (
        <Text c="dimmed" ta="center">
          {children}
        </Text>
      ) : null}
    </Stack>
  </Center>
);

/** An error from the server with its causes (code, field, message), or any other error. */
export const ErrorAlert = ({ error, title }: { error: Error; title?: string }) => (
  <Alert color="red" title={title ?? (error instanceof ApiError ? error.reason : 'Error')} role="alert">
    <Text size="sm">{error.message}</Text>
    {error instanceof ApiError && error.causes.length > 0 ? (
      <List size="sm" mt="xs">
        {error.causes.map((c, i) => (
          <List.Item key={i}>
            <Text span fw={600} ff="monospace">
              {c.reason}
            </Text>{' '}
            {c.field ? (
              <Text span ff="monospace" c="dimmed">
                {c.field}:{' '}
              </Text>
            ) : null}
            {c.message}
          </List.Item>
        ))}
      </List>
    ) : null}
  </Alert>
);
