import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  Ready: 'green',
  Running: 'green',
  Delivered: 'teal',
  Planned: 'blue',
  Provisioning: 'yellow',
  Deploying: 'yellow',
  Rendered: 'yellow',
  Pending: 'gray',
  Deleting: 'orange',
  Terminating: 'orange',
  Failed: 'red',
  Invalid: 'red',
};

/** A phase as a coloured badge (gray when unknown or absent). */
export const PhaseBadge = ({ phase }: { phase?: string | null | undefined }) => (
  <Badge color={COLORS[phase ?? ''] ?? 'gray'} variant="light" radius="sm">
    {phase ?? 'Unknown'}
  </Badge>
);
