/**
 * A deployment's plan as the wizard's review and the detail page show it: what is deployed, what is
 * ignored and why (SPEC §3), the checks that failed with their codes, and for a model the
 * Model-as-a-Service choice with a verdict for every mapping and every candidate bundle.
 */
import { Stack, Table, Text } from '@mantine/core';
import type { Plan, Selection } from '../../../src/planner/index.js';
import { CodeList, PlanParts } from '../components/PlanParts';
import { VerdictBadge } from '../components/VerdictBadge';

/** The plan in one shape for both sources: the planner's Plan and an AIWorkload's status.plan. */
export interface PlanSummary {
  bundles: string[];
  deploy: { clusterProfiles: string[]; workloadProfiles: string[] };
  ignored: { kind: string; name: string; bundle: string; reason: string }[];
  failed: { code: string; message: string; field?: string }[];
  /** Checks that did not fail but have something to say (warnings, skips), planner plans only. */
  notes?: { code: string; message: string }[];
}

/** The planner's plan as a summary. */
export const summaryOfPlan = (p: Plan): PlanSummary => ({
  bundles: p.bundles,
  deploy: p.deploy,
  ignored: p.ignored,
  failed: p.checks.filter((c) => c.result === 'fail').map((c) => ({ code: c.code, message: c.message })),
  notes: p.checks.filter((c) => c.result === 'skip').map((c) => ({ code: c.code, message: c.message })),
});

/** Model as a Service: which mapping and bundle were chosen, and why not each of the others. */
export const SelectionView = ({ selection }: { selection: Selection }) => (
  <Stack gap="sm">
    <Text>
      Model <Text span ff="monospace">{`${selection.model.source}:${selection.model.id}`}</Text>
      {selection.project ? ` in project ${selection.project}` : ''}:{' '}
      {selection.chosen ? (
        <>
          bundle <b>{selection.chosen}</b> chosen by mapping <b>{selection.mapping ?? '—'}</b>.
        </>
      ) : (
        <Text span c="red">
          no bundle can serve it{selection.mapping ? ` (mapping ${selection.mapping})` : ''}.
        </Text>
      )}
    </Text>
    <Table withTableBorder aria-label="Mappings" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Mapping</Table.Th>
          <Table.Th>Priority</Table.Th>
          <Table.Th>Source</Table.Th>
          <Table.Th w={130}>Verdict</Table.Th>
          <Table.Th>Why</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {selection.mappings.map((m) => (
          <Table.Tr key={m.name} bg={m.verdict === 'used' ? 'var(--mantine-color-green-light)' : undefined}>
            <Table.Td>{m.name}</Table.Td>
            <Table.Td>{m.priority}</Table.Td>
            <Table.Td>{m.source}</Table.Td>
            <Table.Td>
              <VerdictBadge verdict={m.verdict} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{m.reason}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
    <Table withTableBorder aria-label="Candidate bundles" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Bundle</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Version</Table.Th>
          <Table.Th w={130}>Verdict</Table.Th>
          <Table.Th>Why</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {selection.candidates.length === 0 ? (
          <Table.Tr>
            <Table.Td colSpan={5}>
              <Text size="sm" c="dimmed">
                No candidate bundles.
              </Text>
            </Table.Td>
          </Table.Tr>
        ) : null}
        {selection.candidates.map((c) => (
          <Table.Tr
            key={c.name}
            aria-current={c.verdict === 'chosen' ? 'true' : undefined}
            bg={c.verdict === 'chosen' ? 'var(--mantine-color-green-light)' : undefined}
            fw={c.verdict === 'chosen' ? 700 : undefined}
          >
            <Table.Td>{c.name}</Table.Td>
            <Table.Td>{c.type}</Table.Td>
            <Table.Td>{c.version}</Table.Td>
            <Table.Td>
              <VerdictBadge verdict={c.verdict} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{c.reason}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  </Stack>
);

/** What the plan deploys and ignores, and the checks that failed (with their codes). */
export const PlanView = ({ plan }: { plan: PlanSummary }) => (
  <Stack gap="sm">
    <PlanParts plan={plan} failed={plan.failed} />
    {plan.notes?.length ? <CodeList items={plan.notes} dimmed /> : null}
  </Stack>
);
