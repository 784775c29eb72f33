/**
 * App or model deployments of the project (AIWorkloads by their type label): bundles (or the Model
 * as a Service choice), model, pool, phase, endpoints, age; filter by phase and search.
 */
import { Anchor, Button, Group, SegmentedControl, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { LABEL_AIWORKLOAD_TYPE, type AIWorkload } from '../../../src/model/index.js';
import { useList } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Age } from '../components/Age';
import { PageHeader } from '../components/PageHeader';
import { PhaseBadge } from '../components/PhaseBadge';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { VirtualTable, type Column } from '../components/VirtualTable';
import type { DeploymentType } from './model';

/** The bundles a deployment names, or the one Model as a Service chose for it (marked). */
export const bundlesOf = (w: AIWorkload): string => {
  const named = (w.spec.profileBundleRefs ?? []).map((r) => r.name);
  if (named.length) return named.join(' + ');
  const chosen = (w.status?.selection as { chosen?: string | null } | undefined)?.chosen;
  return chosen ? `${chosen} (MaaS)` : 'MaaS: not chosen yet';
};

/** The pool a deployment runs on: its named pool, or its own dedicated one. */
export const poolOf = (w: AIWorkload): string =>
  w.spec.computePoolRef?.name ?? (w.spec.dedicatedComputePool ? `${w.metadata.name} (dedicated)` : '—');

/** Matches a deployment against the search box: name, bundles, model id, pool. */
export const matchesSearch = (w: AIWorkload, search: string): boolean => {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return [w.metadata.name, bundlesOf(w), w.spec.model?.id ?? '', poolOf(w)].some((s) =>
    s.toLowerCase().includes(q),
  );
};

const PHASES = ['All', 'Pending', 'Deploying', 'Delivered', 'Running', 'Failed'];

export const DeploymentList = ({ type }: { type: DeploymentType }) => {
  const ns = useNamespace();
  const list = useList<AIWorkload>('AIWorkload', ns, { labelSelector: `${LABEL_AIWORKLOAD_TYPE}=${type}` });
  const [phase, setPhase] = useState('All');
  const [search, setSearch] = useState('');
  const rows = useMemo(
    () =>
      list.items.filter(
        (w) => (phase === 'All' || (w.status?.phase ?? 'Pending') === phase) && matchesSearch(w, search),
      ),
    [list.items, phase, search],
  );
  const noun = type === 'app' ? 'App' : 'Model';
  const columns: Column<AIWorkload>[] = [
    {
      header: 'Name',
      width: '18%',
      cell: (w) => (
        <Anchor component={Link} to={to.deployment(ns, w.metadata.name)} onClick={(e) => e.stopPropagation()}>
          {w.metadata.name}
        </Anchor>
      ),
    },
    { header: type === 'app' ? 'Bundles' : 'Bundle', width: '18%', cell: (w) => bundlesOf(w) },
    ...(type === 'model'
      ? [{ header: 'Model', width: '20%', cell: (w: AIWorkload) => w.spec.model?.id ?? '—' }]
      : []),
    { header: 'Pool', width: '14%', cell: (w) => poolOf(w) },
    { header: 'Phase', width: 110, cell: (w) => <PhaseBadge phase={w.status?.phase ?? 'Pending'} /> },
    {
      header: 'Endpoints',
      cell: (w) =>
        w.status?.endpoints?.length ? (
          <Text size="sm" ff="monospace" title={w.status.endpoints.map((e) => e.url).join('\n')}>
            {w.status.endpoints[0]!.url}
            {w.status.endpoints.length > 1 ? ` +${w.status.endpoints.length - 1}` : ''}
          </Text>
        ) : (
          '—'
        ),
    },
    { header: 'Age', width: 70, cell: (w) => <Age timestamp={w.metadata.creationTimestamp} /> },
  ];
  return (
    <>
      <PageHeader
        title={`${noun} deployments`}
        description={
          type === 'app'
            ? 'Applications deployed from their bundles onto a compute pool.'
            : 'Models deployed onto a compute pool; Model as a Service picks the bundle when none is named.'
        }
        actions={
          <Button component={Link} to={to.deploy(ns, type)} leftSection={<IconPlus size={16} />}>
            Deploy {type}
          </Button>
        }
      />
      <Group mb="sm">
        <SegmentedControl aria-label="Phase" value={phase} onChange={setPhase} data={PHASES} />
        <TextInput
          aria-label={`Search ${type} deployments`}
          placeholder={type === 'app' ? 'Search name, bundle, pool' : 'Search name, bundle, model, pool'}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
      </Group>
      {list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.loading ? (
        <Loading what={`${type} deployments`} />
      ) : list.items.length === 0 ? (
        <Empty title={`No ${type} deployments in this project yet`}>
          <Anchor component={Link} to={to.deploy(ns, type)}>
            Deploy {type === 'app' ? 'an app' : 'a model'}
          </Anchor>{' '}
          onto a compute pool.
        </Empty>
      ) : (
        <VirtualTable
          label={`${noun} deployments`}
          rows={rows}
          columns={columns}
          rowKey={(w) => w.metadata.name}
          rowHref={(w) => to.deployment(ns, w.metadata.name)}
        />
      )}
    </>
  );
};
