/**
 * The detail page's status tables: effective variables with their sources (secrets masked),
 * artifacts (WorkloadDeployment, OCI reference, digest), endpoints, and the delivered history with
 * a Rollback per revision.
 */
import { Badge, Button, Code, Table, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { AIWorkload } from '../../../src/model/index.js';
import { Age } from '../components/Age';
import type { HistoryEntry } from './model';

type Status = NonNullable<AIWorkload['status']>;

const none = (what: string) => (
  <Text size="sm" c="dimmed">
    {what}
  </Text>
);

/** Effective variables: value (secrets read "(secret)"), type, source, lock. */
export const VariablesTable = ({ variables }: { variables: Status['variables'] }) =>
  !variables?.length ? (
    none('No variables resolved yet.')
  ) : (
    <Table withTableBorder aria-label="Effective variables">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Variable</Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Source</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {variables.map((v) => (
          <Table.Tr key={v.name}>
            <Table.Td ff="monospace">
              {v.name} {v.locked ? <IconLock size={12} aria-label="locked" /> : null}
            </Table.Td>
            <Table.Td ff="monospace">
              {/* The server already masks secrets; never show one even if it did not. */}
              {v.secret ? '(secret)' : v.value === undefined ? '—' : String(v.value)}
            </Table.Td>
            <Table.Td>{v.type}</Table.Td>
            <Table.Td>
              <Text size="sm">{v.source}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

/** What each WorkloadDeployment delivered. */
export const ArtifactsTable = ({ artifacts }: { artifacts: Status['artifacts'] }) =>
  !artifacts?.length ? (
    none('Nothing delivered yet.')
  ) : (
    <Table withTableBorder aria-label="Artifacts" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="22%">Workload deployment</Table.Th>
          <Table.Th w="18%">Workload profile</Table.Th>
          <Table.Th>OCI reference</Table.Th>
          <Table.Th>Digest</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {artifacts.map((a) => (
          <Table.Tr key={a.workloadDeployment}>
            <Table.Td>{a.workloadDeployment}</Table.Td>
            <Table.Td>{profileAt(a.workloadProfile)}</Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>
              <Code>{a.reference ?? '—'}</Code>
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>
              <Code>{a.digest ?? '—'}</Code>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

/** The service URLs the deployment exposes. */
export const EndpointsTable = ({ endpoints }: { endpoints: Status['endpoints'] }) =>
  !endpoints?.length ? (
    none('No endpoints: no webservice component is deployed (yet).')
  ) : (
    <Table withTableBorder aria-label="Endpoints">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Component</Table.Th>
          <Table.Th>Workload profile</Table.Th>
          <Table.Th>URL</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {endpoints.map((e) => (
          <Table.Tr key={e.url}>
            <Table.Td>{e.component}</Table.Td>
            <Table.Td>{e.workloadProfile}</Table.Td>
            <Table.Td ff="monospace">{e.url}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

/** A workload profile at the revision an artifact was rendered from. */
const profileAt = (p: { name: string; revision: number } | undefined): string =>
  p ? `${p.name}, revision ${p.revision}` : '—';

/**
 * The last delivered revisions, newest first; the newest is marked current, the others roll back.
 * A workload profile's new revision delivers under the same generation (the deployment's spec did
 * not change): such entries are listed, and restoring their spec would change nothing.
 */
export const HistoryTable = ({
  history,
  generation,
  onRollback,
  busy,
}: {
  history: Status['history'];
  generation: number | undefined;
  onRollback: (entry: HistoryEntry) => void;
  busy: boolean;
}) =>
  !history?.length ? (
    none('No delivered revision yet.')
  ) : (
    <Table withTableBorder aria-label="History">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Revision</Table.Th>
          <Table.Th>Delivered</Table.Th>
          <Table.Th>Bundles</Table.Th>
          <Table.Th>Digests</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...history].reverse().map((h, i) => (
          <Table.Tr key={`${h.generation}-${h.time}`}>
            <Table.Td>
              {h.generation}{' '}
              {i === 0 && h.generation === generation ? (
                <Badge size="sm" variant="light">
                  current
                </Badge>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Age timestamp={h.time} />
            </Table.Td>
            <Table.Td>{h.spec?.profileBundleRefs?.map((r) => r.name).join(' + ') ?? '—'}</Table.Td>
            <Table.Td>
              {h.artifacts.map((a) => (
                <Text key={a.workloadDeployment} size="xs" ff="monospace" title={a.digest}>
                  {a.workloadDeployment}
                  {a.workloadProfile
                    ? ` (${a.workloadProfile.name} r${a.workloadProfile.revision})`
                    : ''}: {a.digest.slice(0, 19)}…
                </Text>
              ))}
            </Table.Td>
            <Table.Td>
              {h.generation !== generation ? (
                <Button
                  size="xs"
                  variant="light"
                  disabled={!h.spec || busy}
                  title={h.spec ? undefined : 'recorded without its spec: it cannot be restored'}
                  onClick={() => onRollback(h)}
                >
                  Roll back to {h.generation}
                </Button>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
