/**
 * One workload profile: its components (type, priority, properties), variables, conditions and
 * revisions (with the bundles that deploy each), and the bundles of the project that use it; Clone
 * opens the editor with a copy.
 */
import { Anchor, Badge, Button, Code, Grid, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { stringify } from 'yaml';
import type { ProfileBundle, WorkloadProfile } from '../../../src/model/index.js';
import { pinnedRevision } from '../../../src/rules/index.js';
import { useList, useObject } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Age } from '../components/Age';
import { Conditions } from '../components/Conditions';
import { Labels } from '../components/Labels';
import { PageHeader } from '../components/PageHeader';
import { PhaseBadge } from '../components/PhaseBadge';
import { ErrorAlert, Loading } from '../components/states';
import { ProfileRevisions } from './ProfileRevisions';

/** The bundles that list profile `name` in `spec.workloadProfiles`. */
export const bundlesUsing = (bundles: ProfileBundle[], name: string): ProfileBundle[] =>
  bundles.filter((b) => b.spec.workloadProfiles?.some((w) => w.name === name));

const Variables = ({ p }: { p: WorkloadProfile }) =>
  p.spec.variables?.length ? (
    <Table aria-label="Variables">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Default</Table.Th>
          <Table.Th>Notes</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {p.spec.variables.map((v) => (
          <Table.Tr key={v.name}>
            <Table.Td ff="monospace">{v.name}</Table.Td>
            <Table.Td>{v.variableType}</Table.Td>
            <Table.Td ff="monospace">
              {v.secret ? '(secret)' : v.value ? String(Object.values(v.value)[0]) : '—'}
            </Table.Td>
            <Table.Td>
              {[
                v.validationMode === 'required' ? 'required' : '',
                v.locked ? 'locked' : '',
                v.description ?? '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  ) : (
    <Text c="dimmed" size="sm">
      No variables.
    </Text>
  );

export const WorkloadProfileDetail = () => {
  const ns = useNamespace();
  const { name = '' } = useParams();
  const profile = useObject<WorkloadProfile>('WorkloadProfile', ns, name);
  const bundles = useList<ProfileBundle>('ProfileBundle', ns);
  const crumbs = [{ label: 'Workload profiles', to: to.workloadProfiles(ns) }];
  const p = profile.object;
  if (!p)
    return (
      <>
        <PageHeader title={name} crumbs={crumbs} />
        {profile.error ? <ErrorAlert error={profile.error} /> : <Loading what={`workload profile ${name}`} />}
      </>
    );
  const users = bundlesUsing(bundles.items, name);
  return (
    <>
      <PageHeader
        title={name}
        crumbs={crumbs}
        description={p.spec.description}
        actions={
          <Button
            component={Link}
            to={to.newWorkloadProfile(ns, name)}
            variant="default"
            leftSection={<IconCopy size={16} />}
          >
            Clone
          </Button>
        }
      />
      <Group gap="md" mb="md">
        <Badge variant="light">{p.spec.type}</Badge>
        <Text size="sm">Revision {p.status?.revision ?? '—'}</Text>
        <Text size="sm" c="dimmed">
          created <Age timestamp={p.metadata.creationTimestamp} /> ago
        </Text>
        <Labels labels={p.metadata.labels} max={8} />
      </Group>
      {profile.error ? <ErrorAlert error={profile.error} /> : null}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder p="md">
            <Title order={3} mb="sm">
              Components
            </Title>
            <Stack gap="sm">
              {p.spec.workload.components.map((c) => (
                <Paper key={c.name} withBorder p="sm" role="group" aria-label={`Component ${c.name}`}>
                  <Group gap="xs" mb={4}>
                    <Text fw={600} ff="monospace">
                      {c.name}
                    </Text>
                    <Badge variant="outline" radius="sm">
                      {c.type}
                    </Badge>
                    {c.deploymentPriority !== undefined ? (
                      <Text size="xs" c="dimmed">
                        priority {c.deploymentPriority}
                      </Text>
                    ) : null}
                  </Group>
                  <Code block>{c.properties ? stringify(c.properties) : '(no properties)'}</Code>
                </Paper>
              ))}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={3} mb="sm">
                Used by
              </Title>
              {bundles.loading ? (
                <Loading what="bundles" />
              ) : users.length ? (
                <Stack gap={4} aria-label="Bundles using this profile">
                  {users.map((b) => (
                    <Group key={b.metadata.name} gap="xs">
                      <Anchor component={Link} to={to.bundle(ns, b.metadata.name)}>
                        {b.metadata.name}
                      </Anchor>
                      <PhaseBadge phase={b.status?.phase} />
                      <Text size="xs" c="dimmed">
                        {pinnedRevision(b, name) ? `revision ${pinnedRevision(b, name)}` : 'latest'}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              ) : (
                <Text c="dimmed" size="sm">
                  No bundle of this project uses it.
                </Text>
              )}
            </Paper>
            <Paper withBorder p="md">
              <Title order={3} mb="sm">
                Variables
              </Title>
              <Variables p={p} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <Paper withBorder p="md" mt="md">
        <Title order={3} mb="sm">
          Revisions
        </Title>
        <ProfileRevisions profile={p} bundles={bundles.items} namespace={ns} />
      </Paper>
      <Paper withBorder p="md" mt="md">
        <Title order={3} mb="sm">
          Conditions
        </Title>
        <Conditions conditions={p.status?.conditions} />
      </Paper>
    </>
  );
};
