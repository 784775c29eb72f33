/**
 * Which mapping and which bundle the project would choose for a model the user types, by the
 * planner's own Model-as-a-Service selection over the namespace's live bundles — run on the mappings
 * as edited, so the effect of an edit shows before it is saved.
 */
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { MODEL_SOURCES, type ModelSource, type Project } from '../../../src/model/index.js';
import {
  selectBundle,
  type CandidateVerdict,
  type MappingVerdict,
  type PoolKind,
} from '../../../src/planner/index.js';
import type { Resolver } from '../../../src/rules/index.js';
import { VerdictBadge } from '../components/VerdictBadge';
import { PairsEditor } from './PairsEditor';
import type { Pair } from './mappingDraft';

const Verdicts = ({ label, rows }: { label: string; rows: (MappingVerdict | CandidateVerdict)[] }) =>
  rows.length === 0 ? null : (
    <Table aria-label={label} withTableBorder striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="28%">{label}</Table.Th>
          <Table.Th w={170}>Verdict</Table.Th>
          <Table.Th>Why</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.name}>
            <Table.Td ff="monospace">{r.name}</Table.Td>
            <Table.Td>
              <VerdictBadge verdict={r.verdict} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.reason}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

/** The preview: a model (source, id, attributes) and pool kind in, the selection out. */
export const MappingPreview = ({
  project,
  resolver,
  onReload,
}: {
  project: Project;
  resolver: Resolver;
  /** Reads the namespace's bundles again (they are read once, not watched). */
  onReload?: () => void;
}) => {
  const [source, setSource] = useState<ModelSource>('huggingface');
  const [id, setId] = useState('');
  const [attributes, setAttributes] = useState<Pair[]>([{ key: 'task', value: 'text-generation' }]);
  const [pool, setPool] = useState<PoolKind>('dedicated');
  const result = useMemo(() => {
    if (!id.trim()) return undefined;
    const attrs = Object.fromEntries(
      attributes.filter((a) => a.key.trim()).map((a) => [a.key.trim(), a.value]),
    );
    return selectBundle(
      {
        project,
        namespace: project.spec.namespace,
        model: { source, id: id.trim(), ...(Object.keys(attrs).length ? { attributes: attrs } : {}) },
        pool,
      },
      resolver,
    );
  }, [project, resolver, source, id, attributes, pool]);
  const s = result?.selection;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={4}>Preview a model</Title>
        {onReload ? (
          <Button variant="subtle" size="compact-sm" onClick={onReload}>
            Read the bundles again
          </Button>
        ) : null}
      </Group>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label="Model source"
          data={[...MODEL_SOURCES]}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value as ModelSource)}
        />
        <TextInput
          label="Model id"
          placeholder="meta-llama/Llama-3.1-8B-Instruct"
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          w={360}
        />
        <SegmentedControl
          aria-label="Pool"
          value={pool}
          onChange={(v) => setPool(v as PoolKind)}
          data={[
            { label: 'Dedicated pool', value: 'dedicated' },
            { label: 'Shared pool', value: 'shared' },
          ]}
        />
      </Group>
      <PairsEditor
        label="Model attributes"
        what="attribute"
        pairs={attributes}
        keyPlaceholder="task"
        valuePlaceholder="text-generation"
        onChange={setAttributes}
      />
      {!s ? (
        <Text c="dimmed" size="sm">
          Type a model id to see which mapping applies and which bundle it would choose.
        </Text>
      ) : (
        <Stack gap="xs" aria-live="polite">
          <Alert
            color={s.chosen ? 'green' : s.mapping ? 'yellow' : 'red'}
            title={s.mapping ? `Mapping ${s.mapping} applies` : 'No mapping applies'}
            role="status"
          >
            {s.chosen ? (
              <Text size="sm">
                It would deploy bundle <b>{s.chosen}</b>.
              </Text>
            ) : (
              result.checks.map((c) => (
                <Text size="sm" key={c.code}>
                  {c.code} {c.message}
                </Text>
              ))
            )}
          </Alert>
          <Verdicts label="Mapping" rows={s.mappings} />
          <Verdicts label="Bundle" rows={s.candidates} />
        </Stack>
      )}
    </Stack>
  );
};
