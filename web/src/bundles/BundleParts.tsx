/** The bundle page's sections: resolved profiles, variables with their sources, and pool compatibility. */
import { Anchor, Badge, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import type { ComputePool, ProfileBundle } from '../../../src/model/index.js';
import { resolveVariables } from '../../../src/planner/index.js';
import { resolveBundle, type Resolver } from '../../../src/rules/index.js';
import type { Planner } from '../api/planner';
import { to } from '../app/paths';
import { PhaseBadge } from '../components/PhaseBadge';
import { Empty } from '../components/states';
import { compatibility, workflowOf } from './compatibility';

const missing = (
  <Badge color="red" variant="light">
    not found
  </Badge>
);

/** Cluster profiles (type, cloud type, version, layers) and workload profiles (type, revision). */
export const ResolvedProfiles = ({
  bundle,
  resolver,
  ns,
}: {
  bundle: ProfileBundle;
  resolver: Resolver;
  ns: string;
}) => {
  const { clusterProfiles, workloadProfiles } = resolveBundle(bundle, resolver);
  return (
    <Stack gap="md">
      {clusterProfiles.length ? (
        <Table withTableBorder aria-label="Cluster profiles">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cluster profile</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Cloud type</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Layers</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clusterProfiles.map((r) => (
              <Table.Tr key={r.index}>
                <Table.Td ff="monospace">{r.name}</Table.Td>
                <Table.Td>{r.object ? r.object.spec.type : missing}</Table.Td>
                <Table.Td>{r.object?.spec.cloudType}</Table.Td>
                <Table.Td>{r.object?.spec.version}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {r.object?.spec.layers
                      .map((l) => `${l.type}: ${l.pack.name} ${l.pack.version}`)
                      .join(' · ')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed" size="sm">
          No cluster profiles
          {bundle.spec.type === 'Application' ? ': an Application bundle runs on an existing pool.' : '.'}
        </Text>
      )}
      <Table withTableBorder aria-label="Workload profiles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Workload profile</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Revision</Table.Th>
            <Table.Th>Description</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {workloadProfiles.length ? (
            workloadProfiles.map((r) => (
              <Table.Tr key={r.index}>
                <Table.Td>
                  <Anchor component={Link} to={to.workloadProfile(ns, r.name)} ff="monospace">
                    {r.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.object ? r.object.spec.type : missing}</Table.Td>
                <Table.Td>{r.object ? (r.object.status?.revision ?? 1) : null}</Table.Td>
                <Table.Td>
                  <Text size="sm">{r.object?.spec.description}</Text>
                </Table.Td>
              </Table.Tr>
            ))
          ) : (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text c="dimmed" size="sm">
                  No workload profiles.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Stack>
  );
};

/**
 * The variables the bundle's workload profiles and the bundle itself declare, with the value they
 * take when the bundle is deployed (before deployment overrides) and the source that set it.
 */
export const BundleVariables = ({
  bundle,
  resolver,
  ns,
}: {
  bundle: ProfileBundle;
  resolver: Resolver;
  ns: string;
}) => {
  const profiles = resolveBundle(bundle, resolver).workloadProfiles.flatMap((r) =>
    r.object ? [r.object] : [],
  );
  const declared = new Set([
    ...profiles.flatMap((p) => (p.spec.variables ?? []).map((v) => v.name)),
    ...(bundle.spec.variableSet?.variables ?? []).map((v) => v.name),
  ]);
  const variables = resolveVariables(ns, [bundle], profiles, {}, resolver).variables.filter((v) =>
    declared.has(v.name),
  );
  if (!variables.length)
    return (
      <Text c="dimmed" size="sm">
        Neither the bundle nor its workload profiles declare variables.
      </Text>
    );
  return (
    <Table withTableBorder aria-label="Variables">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Variable</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Effective value</Table.Th>
          <Table.Th>Source</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {variables.map((v) => (
          <Table.Tr key={v.name}>
            <Table.Td ff="monospace">
              {v.name}{' '}
              {v.locked ? (
                <Tooltip label={`Locked by ${v.source}`}>
                  <IconLock size={14} aria-label="locked" />
                </Tooltip>
              ) : null}
            </Table.Td>
            <Table.Td>
              {v.type}
              {v.required ? ', required' : ''}
            </Table.Td>
            <Table.Td ff="monospace">
              {v.secret ? (
                '(secret)'
              ) : v.value === undefined ? (
                <Text c="dimmed" span>
                  unset
                </Text>
              ) : (
                String(v.value)
              )}
            </Table.Td>
            <Table.Td>{v.source}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
};

/** This bundle against every compute pool: deployable or not, with the failed checks as reasons. */
export const Compatibility = ({
  bundle,
  pools,
  planner,
  ns,
}: {
  bundle: ProfileBundle;
  pools: ComputePool[];
  planner: Planner;
  ns: string;
}) => {
  if (!pools.length) return <Empty title="No compute pools in this project yet" />;
  const rows = compatibility(bundle, pools, planner.resolver, planner.plan);
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        As {workflowOf(bundle, planner.resolver) === 'model' ? 'a model' : 'an app'} deployment onto each
        existing (shared) pool, as the planner decides it; variable values are left to the deployment.
      </Text>
      {/* A plain table, not virtualised: one row per pool of the project with every reason in full. */}
      <Table withTableBorder layout="fixed" aria-label="Compatibility with compute pools">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="18%">Pool</Table.Th>
            <Table.Th w="18%">Pool bundle</Table.Th>
            <Table.Th w={130}>Phase</Table.Th>
            <Table.Th w={110}>Deployable</Table.Th>
            <Table.Th>Why not</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.pool.metadata.name}>
              <Table.Td>
                <Anchor component={Link} to={to.pool(ns, r.pool.metadata.name)}>
                  {r.pool.metadata.name}
                </Anchor>
              </Table.Td>
              <Table.Td ff="monospace">{r.pool.spec.profileBundleRef.name}</Table.Td>
              <Table.Td>
                <PhaseBadge phase={r.pool.status?.phase} />
              </Table.Td>
              <Table.Td>
                <Badge color={r.deployable ? 'green' : 'red'} variant="light">
                  {r.deployable ? 'yes' : 'no'}
                </Badge>
              </Table.Td>
              <Table.Td>
                {r.reasons.map((c) => (
                  <Text size="sm" key={c.code + c.message}>
                    <Text span ff="monospace" fw={600}>
                      {c.code}
                    </Text>{' '}
                    {c.message}
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
};
