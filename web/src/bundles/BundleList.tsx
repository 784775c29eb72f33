/** Profile bundles of the project: type, version, labels, engine, phase, age; filter and search. */
import { Anchor, Button, Group, SegmentedControl, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ProfileBundle } from '../../../src/model/index.js';
import { useList } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Age } from '../components/Age';
import { Labels } from '../components/Labels';
import { PageHeader } from '../components/PageHeader';
import { PhaseBadge } from '../components/PhaseBadge';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { VirtualTable, type Column } from '../components/VirtualTable';

const ENGINE = 'palette.ai/inference-engine';

/** Matches a bundle against the search box: name, version, or any label key or value. */
export const matchesSearch = (b: ProfileBundle, search: string): boolean => {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  const labels = Object.entries(b.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return [b.metadata.name, b.spec.version, ...labels].some((s) => s.toLowerCase().includes(q));
};

export const BundleList = () => {
  const ns = useNamespace();
  const bundles = useList<ProfileBundle>('ProfileBundle', ns);
  const [type, setType] = useState('All');
  const [search, setSearch] = useState('');
  const rows = useMemo(
    () => bundles.items.filter((b) => (type === 'All' || b.spec.type === type) && matchesSearch(b, search)),
    [bundles.items, type, search],
  );
  const columns: Column<ProfileBundle>[] = [
    {
      header: 'Name',
      width: '24%',
      cell: (b) => (
        <Anchor component={Link} to={to.bundle(ns, b.metadata.name)} onClick={(e) => e.stopPropagation()}>
          {b.metadata.name}
        </Anchor>
      ),
    },
    { header: 'Type', width: 120, cell: (b) => b.spec.type },
    { header: 'Version', width: 100, cell: (b) => b.spec.version },
    { header: 'Labels', cell: (b) => <Labels labels={b.metadata.labels} /> },
    { header: 'Engine', width: 100, cell: (b) => b.metadata.labels?.[ENGINE] ?? '—' },
    { header: 'Phase', width: 110, cell: (b) => <PhaseBadge phase={b.status?.phase} /> },
    { header: 'Age', width: 70, cell: (b) => <Age timestamp={b.metadata.creationTimestamp} /> },
  ];
  return (
    <>
      <PageHeader
        title="Profile bundles"
        description="Infrastructure and workloads packaged once, reused for compute pools, app and model deployments."
        actions={
          <Button component={Link} to={to.newBundle(ns)} leftSection={<IconPlus size={16} />}>
            Create bundle
          </Button>
        }
      />
      <Group mb="sm" align="center">
        <SegmentedControl
          aria-label="Bundle type"
          value={type}
          onChange={setType}
          data={['All', 'Infrastructure', 'Application', 'Fullstack']}
        />
        <TextInput
          aria-label="Search bundles"
          placeholder="Search name, version, label"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        {bundles.more ? (
          <Text size="sm" c="dimmed" role="status">
            Loading more… ({bundles.items.length} so far)
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {rows.length === bundles.items.length
              ? `${bundles.items.length} bundles`
              : `${rows.length} of ${bundles.items.length} bundles`}
          </Text>
        )}
      </Group>
      {bundles.error ? (
        <ErrorAlert error={bundles.error} />
      ) : bundles.loading ? (
        <Loading what="profile bundles" />
      ) : bundles.items.length === 0 ? (
        <Empty title="No profile bundles in this project yet">
          Import a ready one from the{' '}
          <Anchor component={Link} to={to.studio(ns)}>
            Studio
          </Anchor>{' '}
          or create one from cluster and workload profiles.
        </Empty>
      ) : (
        <VirtualTable
          label="Profile bundles"
          rows={rows}
          columns={columns}
          rowKey={(b) => b.metadata.name}
          rowHref={(b) => to.bundle(ns, b.metadata.name)}
        />
      )}
    </>
  );
};
