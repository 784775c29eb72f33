/**
 * What a workflow deploys of its bundles and what it ignores with the reason (SPEC §3), with the
 * checks that refused it: one view for the pool form's preview, the pool page's `status.plan`, the
 * deploy wizard's review and the deployment page.
 */
import { Alert, Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';

export interface PlanPartsData {
  /** The bundles planned (deployments); absent for a pool, which has one. */
  bundles?: string[];
  deploy: { clusterProfiles: string[]; workloadProfiles: string[] };
  ignored: { kind: string; name: string; bundle: string; reason: string }[];
}

/** A check that refused the plan, with its code and (when known) the field it is about. */
export interface FailedCheck {
  code: string;
  message: string;
  field?: string;
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

/** A list of codes and messages (failed checks, notes). */
export const CodeList = ({ items, dimmed }: { items: FailedCheck[]; dimmed?: boolean }) => (
  <List size="sm" {...(dimmed ? { c: 'dimmed' } : {})}>
    {items.map((f, i) => (
      <List.Item key={i}>
        <Text span fw={600} ff="monospace">
          {f.code}
        </Text>{' '}
        {f.field ? (
          <Text span ff="monospace" c="dimmed">
            {f.field}:{' '}
          </Text>
        ) : null}
        {f.message}
      </List.Item>
    ))}
  </List>
);

export const PlanParts = ({
  plan,
  failed = [],
  failedTitle = 'The plan is refused',
}: {
  plan: PlanPartsData;
  failed?: FailedCheck[];
  failedTitle?: string;
}) => (
  <Stack gap="sm">
    {failed.length ? (
      <Alert color="red" title={failedTitle} role="alert">
        <CodeList items={failed} />
      </Alert>
    ) : null}
    {plan.bundles ? <Names label="Bundles" names={plan.bundles} /> : null}
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
            <Table.Th w={180}>Bundle</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.ignored.map((i) => (
            <Table.Tr key={`${i.kind}/${i.name}/${i.bundle}`}>
              <Table.Td>{i.kind}</Table.Td>
              <Table.Td>{i.name}</Table.Td>
              <Table.Td>{i.bundle}</Table.Td>
              <Table.Td>
                <Text size="sm">{i.reason}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    ) : (
      <Text size="sm" c="dimmed">
        Nothing is ignored: every part of the bundles is deployed.
      </Text>
    )}
  </Stack>
);
