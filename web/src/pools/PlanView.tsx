/**
 * What the Compute Pool workflow deploys of a bundle and what it ignores with the reason: the
 * create form's preview (the planner in the browser) and the detail page's `status.plan` (what the
 * controller recorded) show the same parts.
 */
import { Alert, Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { Check, IgnoredPart } from '../../../src/planner/index.js';

export interface PlanParts {
  deploy: { clusterProfiles: string[]; workloadProfiles: string[] };
  ignored: IgnoredPart[] | { kind: string; name: string; bundle: string; reason: string }[];
}

const Names = ({ label, names }: { label: string; names: string[] }) => (
  <Group gap={6} align="baseline">
    <Text size="sm" fw={600} w={150}>
      {label}
    </Text>
    {names.length ? (
      names.map((n) => (
        <Badge key={n} variant="light" color="blue" radius="sm" tt="none">
          {n}
        </Badge>
      ))
    ) : (
      <Text size="sm" c="dimmed">
        none
      </Text>
    )}
  </Group>
);

/** Deployed parts, ignored parts with reasons, and (for a preview) the checks that failed. */
export const PlanView = ({ plan, checks = [] }: { plan: PlanParts; checks?: Check[] }) => {
  const failed = checks.filter((c) => c.result === 'fail');
  return (
    <Stack gap="sm">
      {failed.length ? (
        <Alert color="red" title="The pool cannot be built from this plan" role="alert">
          <List size="sm">
            {failed.map((c) => (
              <List.Item key={c.code + c.message}>
                <Text span ff="monospace" fw={600}>
                  {c.code}
                </Text>{' '}
                {c.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Stack component="section" gap={6} aria-label="Deployed">
        <Title order={5}>Deployed</Title>
        <Names label="Cluster profiles" names={plan.deploy.clusterProfiles} />
        <Names label="Workload profiles" names={plan.deploy.workloadProfiles} />
      </Stack>
      <Title order={5}>Ignored</Title>
      {plan.ignored.length ? (
        <Table withTableBorder aria-label="Ignored parts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>Kind</Table.Th>
              <Table.Th w={200}>Name</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.ignored.map((i) => (
              <Table.Tr key={`${i.kind}/${i.name}`}>
                <Table.Td>{i.kind}</Table.Td>
                <Table.Td>{i.name}</Table.Td>
                <Table.Td>
                  <Text size="sm">{i.reason}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          Nothing: every part of the bundle is deployed.
        </Text>
      )}
    </Stack>
  );
};
