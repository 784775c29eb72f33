/**
 * A table whose rows are virtualised (only the visible ones are in the page), so a list of 10,000
 * objects scrolls as one of 10. Rows are links to their detail page; Enter on a focused row opens it.
 */
import { Box, Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';

export interface Column<T> {
  header: string;
  width?: number | string;
  cell: (row: T) => ReactNode;
}

const ROW_HEIGHT = 41;

export const VirtualTable = <T,>({
  rows,
  columns,
  rowKey,
  rowHref,
  label,
  height = 'calc(100vh - 260px)',
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowHref?: (row: T) => string;
  /** The table's accessible name. */
  label: string;
  height?: number | string;
}) => {
  const parent = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const before = items.length ? items[0]!.start : 0;
  const after = items.length ? virtual.getTotalSize() - items[items.length - 1]!.end : 0;
  const widths = columns.map((c) => c.width);
  return (
    <Box ref={parent} style={{ overflow: 'auto', height, minHeight: 200 }} data-testid="virtual-table">
      <Table highlightOnHover stickyHeader aria-label={label} aria-rowcount={rows.length + 1} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c, i) => (
              <Table.Th key={c.header} style={{ width: widths[i] }}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {before > 0 ? (
            <tr aria-hidden>
              <td style={{ height: before, padding: 0 }} colSpan={columns.length} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index]!;
            const href = rowHref?.(row);
            return (
              <Table.Tr
                key={rowKey(row)}
                aria-rowindex={item.index + 2}
                tabIndex={href ? 0 : undefined}
                style={{ height: ROW_HEIGHT, cursor: href ? 'pointer' : undefined }}
                onClick={href ? () => navigate(href) : undefined}
                onKeyDown={href ? (e) => e.key === 'Enter' && navigate(href) : undefined}
              >
                {columns.map((c) => (
                  <Table.Td
                    key={c.header}
                    style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                  >
                    {c.cell(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          {after > 0 ? (
            <tr aria-hidden>
              <td style={{ height: after, padding: 0 }} colSpan={columns.length} />
            </tr>
          ) : null}
        </Table.Tbody>
      </Table>
      {rows.length === 0 ? (
        <Text c="dimmed" ta="center" py="md">
          Nothing matches.
        </Text>
      ) : null}
    </Box>
  );
};
