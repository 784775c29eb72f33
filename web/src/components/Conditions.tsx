import { Badge, Table, Text } from '@mantine/core';
import { Age } from './Age';

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** An object's `status.conditions` as a table (type, status, reason, message, since). */
export const Conditions = ({ conditions }: { conditions: Condition[] | undefined }) =>
  !conditions?.length ? (
    <Text c="dimmed" size="sm">
      No conditions reported yet.
    </Text>
  ) : (
    <Table striped withTableBorder aria-label="Conditions">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={140}>Type</Table.Th>
          <Table.Th w={100}>Status</Table.Th>
          <Table.Th w={170}>Reason</Table.Th>
          <Table.Th>Message</Table.Th>
          <Table.Th w={70}>Since</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {conditions.map((c) => (
          <Table.Tr key={c.type}>
            <Table.Td>{c.type}</Table.Td>
            <Table.Td>
              <Badge
                variant="light"
                tt="none"
                style={{ overflow: 'visible' }}
                color={c.status === 'True' ? 'green' : c.status === 'False' ? 'red' : 'gray'}
              >
                {c.status}
              </Badge>
            </Table.Td>
            <Table.Td>{c.reason}</Table.Td>
            <Table.Td>
              <Text size="sm">{c.message}</Text>
            </Table.Td>
            <Table.Td>
              <Age timestamp={c.lastTransitionTime} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
