import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** A page's title, where it sits (breadcrumbs), a line of description, and its actions. */
export const PageHeader = ({
  title,
  crumbs = [],
  description,
  actions,
}: {
  title: ReactNode;
  crumbs?: { label: string; to: string }[];
  description?: ReactNode;
  actions?: ReactNode;
}) => (
  <Stack gap={4} mb="md">
    {crumbs.length ? (
      <Breadcrumbs>
        {crumbs.map((c) => (
          <Anchor component={Link} to={c.to} key={c.to} size="sm">
            {c.label}
          </Anchor>
        ))}
      </Breadcrumbs>
    ) : null}
    <Group justify="space-between" align="flex-end">
      <Title order={2}>{title}</Title>
      {actions ? <Group gap="xs">{actions}</Group> : null}
    </Group>
    {description ? <Text c="dimmed">{description}</Text> : null}
  </Stack>
);
