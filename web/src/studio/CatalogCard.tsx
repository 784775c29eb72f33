/** One catalog bundle as a card: name (a link to its page), type, version, description, labels. */
import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { to } from '../app/paths';
import { Labels } from '../components/Labels';
import type { CatalogEntry } from './studioApi';

const TYPE_COLOR: Record<string, string> = {
  Infrastructure: 'grape',
  Application: 'blue',
  Fullstack: 'teal',
};

export const CatalogCard = ({ entry, ns }: { entry: CatalogEntry; ns: string }) => (
  <Card withBorder padding="md" radius="md" component="article" aria-label={entry.name}>
    <Stack gap="xs" h="100%">
      <Group justify="space-between" wrap="nowrap">
        <Anchor component={Link} to={to.studioEntry(ns, entry.name)} fw={600}>
          {entry.name}
        </Anchor>
        <Text size="sm" c="dimmed" ff="monospace">
          {entry.version}
        </Text>
      </Group>
      <Group gap="xs">
        <Badge color={TYPE_COLOR[entry.type] ?? 'gray'} variant="light" radius="sm">
          {entry.type}
        </Badge>
        <Text size="xs" c="dimmed">
          {entry.variables.length} variable{entry.variables.length === 1 ? '' : 's'}
        </Text>
      </Group>
      <Text size="sm" lineClamp={3} style={{ flex: 1 }}>
        {entry.description ?? 'No description.'}
      </Text>
      <Labels labels={entry.labels} />
    </Stack>
  </Card>
);
