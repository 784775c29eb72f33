/** Workload profiles of the project: type, revision, components, labels, age; filter and search. */
import { Anchor, Button, Group, SegmentedControl, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { WorkloadProfile } from '../../../src/model/index.js';
import { useList } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Age } from '../components/Age';
import { Labels } from '../components/Labels';
import { PageHeader } from '../components/PageHeader';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { VirtualTable, type Column } from '../components/VirtualTable';

/** Matches a profile against the search box: name, description, component names and types, labels. */
export const matchesProfile = (p: WorkloadProfile, search: string): boolean => {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  const labels = Object.entries(p.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const components = p.spec.workload.components.flatMap((c) => [c.name, c.type]);
  return [p.metadata.name, p.spec.description ?? '', ...components, ...labels].some((s) =>
    s.toLowerCase().includes(q),
  );
};

export const WorkloadProfileList = () => {
  const ns = useNamespace();
  const profiles = useList<WorkloadProfile>('WorkloadProfile', ns);
  const [type, setType] = useState('All');
  const [search, setSearch] = useState('');
  const rows = useMemo(
    () => profiles.items.filter((p) => (type === 'All' || p.spec.type === type) && matchesProfile(p, search)),
    [profiles.items, type, search],
  );
  const columns: Column<WorkloadProfile>[] = [
    {
      header: 'Name',
      width: '26%',
      cell: (p) => (
        <Anchor
          component={Link}
          to={to.workloadProfile(ns, p.metadata.name)}
          onClick={(e) => e.stopPropagation()}
        >
          {p.metadata.name}
        </Anchor>
      ),
    },
    { header: 'Type', width: 120, cell: (p) => p.spec.type },
    { header: 'Revision', width: 90, cell: (p) => p.status?.revision ?? '—' },
    { header: 'Components', width: 110, cell: (p) => p.spec.workload.components.length },
    { header: 'Labels', cell: (p) => <Labels labels={p.metadata.labels} /> },
    { header: 'Age', width: 70, cell: (p) => <Age timestamp={p.metadata.creationTimestamp} /> },
  ];
  return (
    <>
      <PageHeader
        title="Workload profiles"
        description="What to deploy for applications, models and infrastructure dependencies, as components."
        actions={
          <Button component={Link} to={to.newWorkloadProfile(ns)} leftSection={<IconPlus size={16} />}>
            Create workload profile
          </Button>
        }
      />
      <Group mb="sm">
        <SegmentedControl
          aria-label="Profile type"
          value={type}
          onChange={setType}
          data={['All', 'Application', 'Model', 'Infrastructure']}
        />
        <TextInput
          aria-label="Search workload profiles"
          placeholder="Search name, component, label"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
      </Group>
      {profiles.error ? (
        <ErrorAlert error={profiles.error} />
      ) : profiles.loading ? (
        <Loading what="workload profiles" />
      ) : profiles.items.length === 0 ? (
        <Empty title="No workload profiles in this project yet">
          Create one, or import a bundle from the{' '}
          <Anchor component={Link} to={to.studio(ns)}>
            Studio
          </Anchor>
          .
        </Empty>
      ) : (
        <VirtualTable
          label="Workload profiles"
          rows={rows}
          columns={columns}
          rowKey={(p) => p.metadata.name}
          rowHref={(p) => to.workloadProfile(ns, p.metadata.name)}
        />
      )}
    </>
  );
};
