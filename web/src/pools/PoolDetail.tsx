/**
 * One compute pool: its phase over time, what its workflow deployed and ignored, the bundle it was
 * built from (and what changed since, when UpToDate is False), the cluster, what it owns and what
 * runs on it, its conditions; Delete (the server refuses while deployments use it, and says which).
 */
import { Alert, Anchor, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ComputePool } from '../../../src/model/index.js';
import { api, ApiError } from '../api/client';
import { useObject } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Conditions } from '../components/Conditions';
import { PageHeader } from '../components/PageHeader';
import { PhaseBadge } from '../components/PhaseBadge';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { PhaseTimeline } from '../components/Timeline';
import { PlanView } from './PlanView';
import { ClusterView, OwnedDeployments, PoolWorkloads } from './PoolParts';
import { variantOf } from './poolModel';

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Paper withBorder p="md" component="section" aria-label={title}>
    <Title order={4} mb="sm">
      {title}
    </Title>
    {children}
  </Paper>
);

/** Delete with a confirmation step; a refusal (409: deployments still use it) is shown as the server says it. */
const DeletePool = ({ ns, name }: { ns: string; name: string }) => {
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.delete('ComputePool', ns, name);
      navigate(to.pools(ns));
    } catch (e) {
      setError(e as Error);
      setConfirm(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" align="flex-end">
      {confirm ? (
        <Group gap="xs">
          <Text size="sm">Delete pool {name} and what it owns?</Text>
          <Button color="red" loading={busy} onClick={() => void remove()}>
            Delete pool
          </Button>
          <Button variant="default" onClick={() => setConfirm(false)}>
            Keep it
          </Button>
        </Group>
      ) : (
        <Button
          color="red"
          variant="light"
          leftSection={<IconTrash size={16} />}
          onClick={() => setConfirm(true)}
        >
          Delete
        </Button>
      )}
      {error ? (
        <ErrorAlert
          error={error}
          title={error instanceof ApiError && error.status === 409 ? 'The pool is still in use' : undefined}
        />
      ) : null}
    </Stack>
  );
};

export const PoolDetail = () => {
  const ns = useNamespace();
  const { name = '' } = useParams();
  const { object: pool, loading, error } = useObject<ComputePool>('ComputePool', ns, name);
  const crumbs = [{ label: 'Compute pools', to: to.pools(ns) }];
  if (error)
    return (
      <>
        <PageHeader title={name} crumbs={crumbs} />
        {error instanceof ApiError && error.status === 404 ? (
          <Empty title={`No compute pool "${name}" in ${ns}`}>
            <Anchor component={Link} to={to.pools(ns)}>
              See the project&apos;s pools
            </Anchor>
          </Empty>
        ) : (
          <ErrorAlert error={error} />
        )}
      </>
    );
  if (loading || !pool) return <Loading what={`compute pool ${name}`} />;
  const status = pool.status ?? {};
  const upToDate = status.conditions?.find((c) => c.type === 'UpToDate');
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {pool.metadata.name}
            <PhaseBadge phase={status.phase} />
          </Group>
        }
        crumbs={crumbs}
        description={`A ${variantOf(pool) ?? ''} pool built from bundle ${pool.spec.profileBundleRef.name}${status.inferenceEngine ? `, inference engine ${status.inferenceEngine}` : ''}.`}
        actions={<DeletePool ns={ns} name={pool.metadata.name} />}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Section title="Plan">
              {status.plan ? (
                <PlanView plan={status.plan} />
              ) : (
                <Text size="sm" c="dimmed">
                  Not planned yet: the compute-pool controller plans the pool once its bundle resolves and its
                  rules pass.
                </Text>
              )}
            </Section>
            <Section title="Bundle">
              <Stack gap="xs">
                <Text size="sm">
                  Built from{' '}
                  <Anchor component={Link} to={to.bundle(ns, pool.spec.profileBundleRef.name)}>
                    {pool.spec.profileBundleRef.name}
                  </Anchor>
                  {status.bundle
                    ? ` version ${status.bundle.version} (generation ${status.bundle.generation})`
                    : ' (not built yet)'}
                  .
                </Text>
                {upToDate?.status === 'False' ? (
                  <Alert color="yellow" title="Not up to date">
                    {upToDate.message}
                  </Alert>
                ) : upToDate ? (
                  <Text size="sm" c="dimmed">
                    Up to date: {upToDate.message}
                  </Text>
                ) : null}
              </Stack>
            </Section>
            <Section title="Cluster">
              <ClusterView cluster={status.cluster} />
            </Section>
            <Section title="Workload deployments">
              <OwnedDeployments ns={ns} pool={pool.metadata.name} />
            </Section>
            <Section title="Deployments on this pool">
              <PoolWorkloads ns={ns} pool={pool} />
            </Section>
            <Section title="Conditions">
              <Conditions conditions={status.conditions} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Section title="Timeline">
            <PhaseTimeline
              kind="ComputePool"
              name={pool.metadata.name}
              namespace={ns}
              phase={status.phase}
              conditions={status.conditions}
            />
          </Section>
        </Grid.Col>
      </Grid>
    </>
  );
};
