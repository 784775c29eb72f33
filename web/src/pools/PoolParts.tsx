/**
 * Sections of the pool detail page: the cluster the provider made or planned (profiles, packs,
 * variables), the WorkloadDeployments the pool owns, and the AIWorkloads that run on it.
 */
import { Anchor, Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  LABEL_AIWORKLOAD_TYPE,
  type AIWorkload,
  type ComputePool,
  type Layer,
  type WorkloadDeployment,
} from '../../../src/model/index.js';
import { useList } from '../api/hooks';
import { to } from '../app/paths';
import { PhaseBadge } from '../components/PhaseBadge';
import { ErrorAlert, Loading } from '../components/states';
import { LABEL_COMPUTE_POOL, workloadsOnPool } from './poolModel';

/** The parts of a recorded cluster plan the page shows (written by the provider, see src/providers). */
interface RecordedPlan {
  cloudType?: string;
  profiles?: {
    name: string;
    version: string;
    type: string;
    cloudType?: string;
    layers?: Pick<Layer, 'type' | 'pack'>[];
  }[];
  variables?: { name: string; value?: unknown; source: string; secret: boolean }[];
}

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <Group gap="xs" wrap="nowrap" align="baseline">
    <Text size="sm" fw={600} w={150}>
      {label}
    </Text>
    <Text size="sm" component="div">
      {children}
    </Text>
  </Group>
);

/** `status.cluster`: provider, uid, and the recorded cluster plan (profile stack with packs, variables). */
export const ClusterView = ({ cluster }: { cluster: NonNullable<ComputePool['status']>['cluster'] }) => {
  if (!cluster)
    return (
      <Text size="sm" c="dimmed">
        No cluster yet: the pool has not been planned.
      </Text>
    );
  const plan = (cluster.plan ?? {}) as RecordedPlan;
  return (
    <Stack gap="sm">
      <Row label="Provider">{cluster.provider}</Row>
      <Row label="Cluster uid">{cluster.uid ? <Code>{cluster.uid}</Code> : '— (no cluster was made)'}</Row>
      {plan.cloudType ? <Row label="Cloud type">{plan.cloudType}</Row> : null}
      {plan.profiles?.length ? (
        <Table withTableBorder aria-label="Cluster profiles of the plan">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={220}>Profile</Table.Th>
              <Table.Th w={90}>Version</Table.Th>
              <Table.Th w={110}>Type</Table.Th>
              <Table.Th>Packs</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.profiles.map((p) => (
              <Table.Tr key={p.name}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.version}</Table.Td>
                <Table.Td>{p.type}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {(p.layers ?? []).map((l) => (
                      <Badge
                        key={`${l.type}/${l.pack.name}`}
                        variant="outline"
                        radius="sm"
                        tt="none"
                        title={l.type}
                      >
                        {l.pack.name} {l.pack.version}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {plan.variables?.length ? (
        <Table withTableBorder aria-label="Variables of the plan">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={220}>Variable</Table.Th>
              <Table.Th w={200}>Value</Table.Th>
              <Table.Th>Set by</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.variables.map((v) => (
              <Table.Tr key={v.name}>
                <Table.Td ff="monospace">{v.name}</Table.Td>
                <Table.Td>{v.value === undefined ? '—' : String(v.value)}</Table.Td>
                <Table.Td>{v.source}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
};

/** The WorkloadDeployments the pool owns (its Infrastructure workload profiles). */
export const OwnedDeployments = ({ ns, pool }: { ns: string; pool: string }) => {
  const list = useList<WorkloadDeployment>('WorkloadDeployment', ns, {
    labelSelector: `${LABEL_COMPUTE_POOL}=${pool}`,
  });
  if (list.error) return <ErrorAlert error={list.error} />;
  if (list.loading) return <Loading what="workload deployments" />;
  if (!list.items.length)
    return (
      <Text size="sm" c="dimmed">
        None: the pool deploys no Infrastructure workload profile (or has not yet).
      </Text>
    );
  return (
    <Table withTableBorder aria-label="Workload deployments of the pool">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Workload profile</Table.Th>
          <Table.Th w={130}>Phase</Table.Th>
          <Table.Th>Artifact digest</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.items.map((d) => (
          <Table.Tr key={d.metadata.name}>
            <Table.Td>{d.metadata.name}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={to.workloadProfile(ns, d.spec.workloadProfile.name)}>
                {d.spec.workloadProfile.name}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                revision {d.spec.workloadProfile.revision}
              </Text>
            </Table.Td>
            <Table.Td>
              <PhaseBadge phase={d.status?.phase} />
            </Table.Td>
            <Table.Td>
              {d.status?.artifact ? (
                <Code title={d.status.artifact.reference}>{d.status.artifact.digest.slice(0, 19)}…</Code>
              ) : (
                '—'
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
};

/** The app and model deployments (AIWorkloads) running on the pool, each a link to its page. */
export const PoolWorkloads = ({ ns, pool }: { ns: string; pool: ComputePool }) => {
  const list = useList<AIWorkload>('AIWorkload', ns);
  if (list.error) return <ErrorAlert error={list.error} />;
  if (list.loading) return <Loading what="deployments" />;
  const on = workloadsOnPool(pool, list.items);
  if (!on.length)
    return (
      <Text size="sm" c="dimmed">
        No app or model deployment runs on this pool.
      </Text>
    );
  return (
    <Table withTableBorder aria-label="Deployments on the pool">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Deployment</Table.Th>
          <Table.Th w={100}>Type</Table.Th>
          <Table.Th w={120}>Phase</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {on.map((w) => (
          <Table.Tr key={w.metadata.name}>
            <Table.Td>
              <Anchor component={Link} to={to.deployment(ns, w.metadata.name)}>
                {w.metadata.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{w.metadata.labels?.[LABEL_AIWORKLOAD_TYPE] ?? '—'}</Table.Td>
            <Table.Td>
              <PhaseBadge phase={w.status?.phase} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
};
