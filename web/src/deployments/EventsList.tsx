/**
 * The core v1 Events of one object, newest first, kept live. A stand-in: the shared
 * `<PhaseTimeline>` (web/src/components/Timeline.tsx, another helper's) should replace it.
 */
import { Badge, Table, Text } from '@mantine/core';
import type { KubeObject } from '../../../src/model/index.js';
import { useList } from '../api/hooks';
import { Age } from '../components/Age';
import { ErrorAlert, Loading } from '../components/states';

interface CoreEvent extends KubeObject {
  involvedObject: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  lastTimestamp?: string;
  firstTimestamp?: string;
}

export const EventsList = ({ kind, name, namespace }: { kind: string; name: string; namespace: string }) => {
  const events = useList<CoreEvent>('Event', namespace);
  if (events.error) return <ErrorAlert error={events.error} />;
  if (events.loading) return <Loading what="events" />;
  const mine = events.items
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
    .sort((a, b) => (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''));
  if (!mine.length)
    return (
      <Text size="sm" c="dimmed">
        No events yet.
      </Text>
    );
  return (
    <Table withTableBorder aria-label="Events">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Type</Table.Th>
          <Table.Th>Reason</Table.Th>
          <Table.Th>Message</Table.Th>
          <Table.Th>Count</Table.Th>
          <Table.Th>Last</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {mine.map((e) => (
          <Table.Tr key={e.metadata.name}>
            <Table.Td>
              <Badge variant="light" radius="sm" color={e.type === 'Warning' ? 'orange' : 'blue'}>
                {e.type ?? 'Normal'}
              </Badge>
            </Table.Td>
            <Table.Td>{e.reason}</Table.Td>
            <Table.Td>
              <Text size="sm">{e.message}</Text>
            </Table.Td>
            <Table.Td>{e.count ?? 1}</Table.Td>
            <Table.Td>
              <Age timestamp={e.lastTimestamp ?? e.firstTimestamp} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
};
