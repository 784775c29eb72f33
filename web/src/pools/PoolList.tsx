/** Compute pools of the project: bundle, variant, phase, engine, UpToDate, deployments, age. */
import { Anchor, Badge, Button, Group, SegmentedControl, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { AIWorkload, ComputePool } from '../../../src/model/index.js';
import { useList } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Age } from '../components/Age';
import { PageHeader } from '../components/PageHeader';
import { PhaseBadge } from '../components/PhaseBadge';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { deploymentsByPool, variantOf } from './poolModel';

/** Matches a pool against the search box: name, bundle, phase or engine. */
export const matchesPool = (p: ComputePool, search: string): boolean => {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return [
    p.metadata.name,
    p.spec.profileBundleRef.name,
    p.status?.phase ?? '',
    p.status?.inferenceEngine ?? '',
  ].some((s) => s.toLowerCase().includes(q));
};

/** The UpToDate condition as a badge: No when the bundle changed since the pool was built. */
export const UpToDateBadge = ({ pool }: { pool: ComputePool }) => {
  const c = pool.status?.conditions?.find((x) => x.type === 'UpToDate');
  if (!c) return <>—</>;
  return (
    <Badge variant="light" color={c.status === 'True' ? 'green' : 'yellow'} title={c.message}>
      {c.status === 'True' ? 'Yes' : 'No'}
    </Badge>
  );
};

export const PoolList = () => {
  const ns = useNamespace();
  const pools = useList<ComputePool>('ComputePool', ns);
  const workloads = useList<AIWorkload>('AIWorkload', ns);
  const [variant, setVariant] = useState('All');
  const [search, setSearch] = useState('');
  const counts = useMemo(() => deploymentsByPool(workloads.items), [workloads.items]);
  const rows = useMemo(
    () =>
      pools.items.filter((p) => (variant === 'All' || variantOf(p) === variant) && matchesPool(p, search)),
    [pools.items, variant, search],
  );
  const columns: Column<ComputePool>[] = [
    {
      header: 'Name',
      width: '22%',
      cell: (p) => (
        <Anchor component={Link} to={to.pool(ns, p.metadata.name)} onClick={(e) => e.stopPropagation()}>
          {p.metadata.name}
        </Anchor>
      ),
    },
    {
      header: 'Bundle',
      cell: (p) => (
        <Anchor
          component={Link}
          to={to.bundle(ns, p.spec.profileBundleRef.name)}
          onClick={(e) => e.stopPropagation()}
        >
          {p.spec.profileBundleRef.name}
        </Anchor>
      ),
    },
    { header: 'Variant', width: 110, cell: (p) => variantOf(p) ?? '—' },
    { header: 'Phase', width: 130, cell: (p) => <PhaseBadge phase={p.status?.phase} /> },
    { header: 'Engine', width: 100, cell: (p) => p.status?.inferenceEngine ?? '—' },
    { header: 'UpToDate', width: 100, cell: (p) => <UpToDateBadge pool={p} /> },
    { header: 'Deployments', width: 120, cell: (p) => counts.get(p.metadata.name) ?? 0 },
    { header: 'Age', width: 70, cell: (p) => <Age timestamp={p.metadata.creationTimestamp} /> },
  ];
  return (
    <>
      <PageHeader
        title="Compute pools"
        description="Clusters built from an Infrastructure or Fullstack bundle; app and model deployments run on them."
        actions={
          <Button component={Link} to={to.newPool(ns)} leftSection={<IconPlus size={16} />}>
            Create pool
          </Button>
        }
      />
      <Group mb="sm">
        <SegmentedControl
          aria-label="Pool variant"
          value={variant}
          onChange={setVariant}
          data={['All', 'shared', 'dedicated']}
        />
        <TextInput
          aria-label="Search pools"
          placeholder="Search name, bundle, phase, engine"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
      </Group>
      {pools.error ? (
        <ErrorAlert error={pools.error} />
      ) : pools.loading ? (
        <Loading what="compute pools" />
      ) : pools.items.length === 0 ? (
        <Empty title="No compute pools in this project yet">
          <Anchor component={Link} to={to.newPool(ns)}>
            Create one
          </Anchor>{' '}
          from an Infrastructure or Fullstack bundle.
        </Empty>
      ) : (
        <VirtualTable
          label="Compute pools"
          rows={rows}
          columns={columns}
          rowKey={(p) => p.metadata.name}
          rowHref={(p) => to.pool(ns, p.metadata.name)}
        />
      )}
    </>
  );
};
