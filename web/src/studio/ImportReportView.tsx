/**
 * An import's report (or its dry run's): what was created, replaced or left unchanged, what else in
 * the namespace changed (affected bundles, pools, deployments), a lowered version, packs the
 * Palette registries lack, and links to the imported bundles.
 */
import { Alert, Anchor, Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { to } from '../app/paths';
import type { ImportedObject, ImportReport } from './studioApi';

const PAST: Record<ImportedObject['action'], string> = {
  create: 'created',
  update: 'replaced',
  unchanged: 'unchanged',
};
const FUTURE: Record<ImportedObject['action'], string> = {
  create: 'would create',
  update: 'would replace',
  unchanged: 'unchanged',
};
const COLOR: Record<ImportedObject['action'], string> = {
  create: 'green',
  update: 'orange',
  unchanged: 'gray',
};

/** The one-line verdict of a report. */
export const reportHeadline = (r: ImportReport): string => {
  const what = `${r.bundle.name} ${r.bundle.version} (${r.bundle.type})`;
  if (r.result === 'unchanged') return `${what} is already in ${r.namespace}: nothing to do`;
  if (r.result === 'dry-run') return `Dry run: ${what} would be imported into ${r.namespace}`;
  return `Imported ${what} into ${r.namespace}`;
};

/** Counts of each action (`{ create: 3, update: 0, unchanged: 1 }`). */
export const countActions = (objects: ImportedObject[]) => {
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const o of objects) counts[o.action]++;
  return counts;
};

export const ImportReportView = ({ report }: { report: ImportReport }) => {
  const counts = countActions(report.objects);
  const verbs = report.dryRun ? FUTURE : PAST;
  const bundles = report.objects.filter((o) => o.kind === 'ProfileBundle');
  const live = report.result !== 'dry-run';
  return (
    <Stack gap="sm" aria-label={report.dryRun ? 'Dry run report' : 'Import report'} role="region">
      <Title order={4}>{reportHeadline(report)}</Title>
      <Group gap="xs">
        <Badge color="green" variant="light">
          {counts.create} {verbs.create}
        </Badge>
        <Badge color="orange" variant="light">
          {counts.update} {verbs.update}
        </Badge>
        <Badge color="gray" variant="light">
          {counts.unchanged} unchanged
        </Badge>
      </Group>
      {live && bundles.length ? (
        <Group gap="xs">
          <Text size="sm">Open the imported bundle:</Text>
          {bundles.map((b) => (
            <Anchor key={b.name} component={Link} to={to.bundle(report.namespace, b.name)}>
              {b.name}
            </Anchor>
          ))}
        </Group>
      ) : null}
      {report.downgrade ? (
        <Alert color="orange" title="Version lowered">
          {report.dryRun ? 'Would lower' : 'Lowered'} ProfileBundle {report.bundle.name} from version{' '}
          {report.downgrade.from} to {report.downgrade.to}.
        </Alert>
      ) : null}
      {report.affected.length ? (
        <Alert color="orange" title={report.dryRun ? 'Would also change' : 'Also changed'}>
          <List size="sm" aria-label="Affected objects">
            {report.affected.map((a) => (
              <List.Item key={`${a.kind}/${a.name}`}>
                {a.kind} <b>{a.name}</b> (uses {a.via})
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {report.missingPacks.length ? (
        <Alert color="yellow" title="Packs the Palette registries lack">
          <List size="sm">
            {report.missingPacks.map((m) => (
              <List.Item key={`${m.clusterProfile}/${m.pack}`}>
                {m.pack} {m.version} of cluster profile {m.clusterProfile} comes from registry “{m.registry}”:
                add it in Palette before deploying.
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Table withTableBorder striped aria-label="Imported objects">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.objects.map((o) => (
            <Table.Tr key={`${o.kind}/${o.name}`}>
              <Table.Td>{o.kind}</Table.Td>
              <Table.Td ff="monospace">{o.name}</Table.Td>
              <Table.Td>
                <Badge color={COLOR[o.action]} variant="light" radius="sm">
                  {verbs[o.action]}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" ff="monospace">
        digest {report.digest}
      </Text>
    </Stack>
  );
};
