/**
 * One catalog bundle: what it holds (the objects of its archive, read from the dry run), its
 * variables with their defaults, and the import into a project.
 */
import { Badge, Grid, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useFetch } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Labels } from '../components/Labels';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, Loading } from '../components/states';
import type { FormVariable } from '../components/VariablesForm';
import { ImportPanel } from './ImportPanel';
import { fetchArchive, fetchEntry, type CatalogEntry, type ImportedObject } from './studioApi';

/** The catalog's variable declarations as the form shows them (the default as the placeholder). */
export const entryVariables = (e: CatalogEntry): FormVariable[] =>
  e.variables.map((v) => ({
    name: v.name,
    type: v.type,
    ...(v.default !== undefined ? { value: v.default } : {}),
    source: 'the bundle’s default',
    locked: false,
    secret: false,
    required: v.required,
  }));

const Contents = ({ objects }: { objects?: ImportedObject[] }) => {
  if (!objects)
    return (
      <Text c="dimmed" size="sm">
        Read by the import’s dry run (shown once it has run)…
      </Text>
    );
  const byKind = new Map<string, string[]>();
  for (const o of objects) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o.name]);
  return (
    <Table aria-label="Contents">
      <Table.Tbody>
        {[...byKind].map(([kind, names]) => (
          <Table.Tr key={kind}>
            <Table.Td w={200}>{kind}</Table.Td>
            <Table.Td ff="monospace">{names.join(', ')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
};

export const StudioEntry = () => {
  const ns = useNamespace();
  const { name = '' } = useParams();
  const entry = useFetch(() => fetchEntry(name), [name]);
  const [objects, setObjects] = useState<ImportedObject[]>();
  const crumbs = [{ label: 'Studio', to: to.studio(ns) }];
  if (entry.error)
    return (
      <>
        <PageHeader title={name} crumbs={crumbs} />
        <ErrorAlert error={entry.error} />
      </>
    );
  if (!entry.data)
    return (
      <>
        <PageHeader title={name} crumbs={crumbs} />
        <Loading what="the catalog bundle" />
      </>
    );
  const e = entry.data;
  const variables = entryVariables(e);
  return (
    <>
      <PageHeader
        title={e.name}
        crumbs={crumbs}
        description={e.description}
        actions={
          <Group gap="xs">
            <Badge variant="light">{e.type}</Badge>
            <Badge variant="outline">version {e.version}</Badge>
          </Group>
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={3} mb="xs">
                Contents
              </Title>
              <Contents objects={objects} />
              <Group mt="xs" gap="xs">
                <Labels labels={e.labels} max={6} />
              </Group>
            </Paper>
            <Paper withBorder p="md">
              <Title order={3} mb="xs">
                Variables
              </Title>
              {variables.length ? (
                <Table aria-label="Variables">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Type</Table.Th>
                      <Table.Th>Default</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {e.variables.map((v) => (
                      <Table.Tr key={v.name}>
                        <Table.Td ff="monospace">{v.name}</Table.Td>
                        <Table.Td>
                          {v.type}
                          {v.required ? ', required' : ''}
                        </Table.Td>
                        <Table.Td ff="monospace">
                          {v.default === undefined ? '—' : String(v.default)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Text c="dimmed" size="sm">
                  No variables.
                </Text>
              )}
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ImportPanel
            key={e.name}
            archive={() => fetchArchive(e.name)}
            variables={variables}
            namespace={ns}
            onReport={(r) => setObjects(r.objects)}
          />
        </Grid.Col>
      </Grid>
    </>
  );
};
