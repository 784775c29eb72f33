/**
 * One deployment: its phase (and, when Failed, the condition that names the rule and the fix), the
 * Model-as-a-Service choice, the plan, effective variables with sources, artifacts, endpoints,
 * events, delivered history with Rollback (what `paletteai deploy rollback` does), conditions, and
 * Delete.
 */
import { Alert, Anchor, Button, Group, Modal, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { LABEL_AIWORKLOAD_TYPE, type AIWorkload } from '../../../src/model/index.js';
import type { Selection } from '../../../src/planner/index.js';
import { api } from '../api/client';
import { useObject } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Age } from '../components/Age';
import { Conditions } from '../components/Conditions';
import { PageHeader } from '../components/PageHeader';
import { PhaseBadge } from '../components/PhaseBadge';
import { ErrorAlert, Loading } from '../components/states';
import { PhaseTimeline } from '../components/Timeline';
import { bundlesOf, poolOf } from './DeploymentList';
import { rollbackSpec, type HistoryEntry } from './model';
import { PlanView, SelectionView } from './PlanView';
import { ArtifactsTable, EndpointsTable, HistoryTable, VariablesTable } from './StatusTables';

/** The condition that explains a failure: the first one that is not True, with its reason. */
export const failureOf = (w: AIWorkload) =>
  w.status?.conditions?.find((c) => c.status === 'False' && (c.reason || c.message));

export const DeploymentDetail = () => {
  const ns = useNamespace();
  const { name = '' } = useParams();
  const navigate = useNavigate();
  const state = useObject<AIWorkload>('AIWorkload', ns, name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const [notice, setNotice] = useState<string>();
  const w = state.object;
  const type = (w?.metadata.labels?.[LABEL_AIWORKLOAD_TYPE] === 'model' ? 'model' : 'app') as 'app' | 'model';
  const header = (
    <PageHeader
      title={name}
      crumbs={[{ label: `${type === 'app' ? 'App' : 'Model'} deployments`, to: to.deployments(ns, type) }]}
      actions={
        w ? (
          <Button
            color="red"
            variant="light"
            leftSection={<IconTrash size={16} />}
            onClick={() => setConfirmDelete(true)}
          >
            Delete
          </Button>
        ) : null
      }
    />
  );
  if (state.error)
    return (
      <>
        {header}
        <ErrorAlert error={state.error} />
      </>
    );
  if (state.loading || !w)
    return (
      <>
        {header}
        <Loading what={`deployment ${name}`} />
      </>
    );

  const rollback = async (entry: HistoryEntry) => {
    setBusy(true);
    setActionError(undefined);
    setNotice(undefined);
    try {
      // Replace with the current resourceVersion: a concurrent change is refused (409), not lost.
      await api.replace({ ...w, spec: rollbackSpec(w, entry) } as never);
      setNotice(`Rolling back to revision ${entry.generation}.`);
    } catch (e) {
      setActionError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      await api.delete('AIWorkload', ns, name);
      navigate(to.deployments(ns, type));
    } catch (e) {
      setActionError(e as Error);
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  };
  const phase = w.status?.phase ?? 'Pending';
  const failure = phase === 'Failed' ? failureOf(w) : undefined;
  const plan = w.status?.plan;
  const selection = w.status?.selection as Selection | undefined;
  return (
    <>
      {header}
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete ${name}?`}>
        <Text size="sm">
          Its workload deployments{w.spec.dedicatedComputePool ? ' and its dedicated pool' : ''} are deleted
          with it.
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => void remove()}>
            Delete deployment
          </Button>
        </Group>
      </Modal>
      <Stack gap="md">
        <Group gap="lg">
          <Group gap={6}>
            <Text fw={600}>Phase</Text>
            <PhaseBadge phase={phase} />
          </Group>
          <Text size="sm">
            <b>Bundles</b> {bundlesOf(w)}
          </Text>
          <Text size="sm">
            <b>Pool</b>{' '}
            {w.spec.computePoolRef ? (
              <Anchor component={Link} to={to.pool(ns, w.spec.computePoolRef.name)}>
                {w.spec.computePoolRef.name}
              </Anchor>
            ) : (
              poolOf(w)
            )}
          </Text>
          {w.spec.model ? (
            <Text size="sm">
              <b>Model</b> {w.spec.model.source}:{w.spec.model.id}
            </Text>
          ) : null}
          <Text size="sm">
            <b>Age</b> <Age timestamp={w.metadata.creationTimestamp} />
          </Text>
        </Group>
        {failure ? (
          <Alert color="red" title={`Failed: ${failure.reason ?? failure.type}`} role="alert">
            {failure.message}
          </Alert>
        ) : null}
        {notice ? <Alert color="blue">{notice}</Alert> : null}
        {actionError ? <ErrorAlert error={actionError} /> : null}
        <Tabs defaultValue="overview" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="overview">Overview</Tabs.Tab>
            <Tabs.Tab value="plan">Plan</Tabs.Tab>
            <Tabs.Tab value="variables">Variables</Tabs.Tab>
            <Tabs.Tab value="history">History</Tabs.Tab>
            <Tabs.Tab value="events">Timeline and events</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="overview" pt="md">
            <Stack gap="md">
              <Title order={4}>Artifacts</Title>
              <ArtifactsTable artifacts={w.status?.artifacts} />
              <Title order={4}>Endpoints</Title>
              <EndpointsTable endpoints={w.status?.endpoints} />
              <Title order={4}>Conditions</Title>
              <Conditions conditions={w.status?.conditions} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="plan" pt="md">
            <Stack gap="md">
              {selection ? (
                <>
                  <Title order={4}>Why this bundle</Title>
                  <SelectionView selection={selection} />
                </>
              ) : null}
              <Title order={4}>Plan</Title>
              {plan ? (
                <PlanView plan={{ ...plan, failed: plan.failedChecks }} />
              ) : (
                <Text size="sm" c="dimmed">
                  Not planned yet.
                </Text>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="variables" pt="md">
            <VariablesTable variables={w.status?.variables} />
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="md">
            <HistoryTable
              history={w.status?.history}
              generation={w.metadata.generation}
              onRollback={(h) => void rollback(h)}
              busy={busy}
            />
          </Tabs.Panel>
          <Tabs.Panel value="events" pt="md">
            <PhaseTimeline
              kind="AIWorkload"
              name={name}
              namespace={ns}
              phase={w.status?.phase}
              conditions={w.status?.conditions}
            />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
};
