/**
 * One profile bundle: what it is (type, version, phase, labels, engine), the profiles it resolves
 * to, its variables with their effective values and sources, its conditions, whether each compute
 * pool of the project can take it (and why not), its YAML; clone, new version and delete.
 */
import { Alert, Button, Group, Modal, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconCopy, IconTrash, IconVersions } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { LABEL_INFERENCE_ENGINE, type ComputePool, type ProfileBundle } from '../../../src/model/index.js';
import { api } from '../api/client';
import { useObject } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { Conditions } from '../components/Conditions';
import { Labels } from '../components/Labels';
import { PageHeader } from '../components/PageHeader';
import { PhaseBadge } from '../components/PhaseBadge';
import { ErrorAlert, Loading } from '../components/states';
import { YamlView } from '../components/yaml/YamlView';
import { toYaml } from '../components/yaml/yamlLines';
import { BundleVariables, Compatibility, ResolvedProfiles } from './BundleParts';
import { usePlanner } from '../api/planner';

const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <Stack gap={2}>
    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
      {label}
    </Text>
    <div>{children}</div>
  </Stack>
);

/** Asks before deleting; the server refuses while pools or deployments use the bundle, and says which. */
const DeleteBundle = ({ ns, name }: { ns: string; name: string }) => {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const navigate = useNavigate();
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.delete('ProfileBundle', ns, name);
      navigate(to.bundles(ns));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Delete bundle ${name}?`}>
        <Stack>
          <Text size="sm">
            Pools and deployments that use it keep it: the server refuses while anything refers to it.
          </Text>
          {error ? <ErrorAlert error={error} title="Not deleted" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button color="red" loading={busy} onClick={() => void remove()}>
              Delete {name}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
};

export const BundleDetail = () => {
  const ns = useNamespace();
  const name = useParams().name ?? '';
  const { object: bundle, loading, error } = useObject<ProfileBundle>('ProfileBundle', ns, name);
  // Read again whenever the bundle changes (its phase, its references), read once, see usePlanner.
  const planner = usePlanner(ns, bundle?.metadata.resourceVersion);
  const pools = {
    items: planner.ofKind('ComputePool') as ComputePool[],
    loading: planner.loading,
    error: planner.error,
  };
  const yaml = useMemo(() => (bundle ? toYaml(bundle) : ''), [bundle]);
  const crumbs = [{ label: 'Profile bundles', to: to.bundles(ns) }];
  if (error)
    return (
      <>
        <PageHeader title={name} crumbs={crumbs} />
        <ErrorAlert error={error} />
      </>
    );
  if (loading || !bundle)
    return (
      <>
        <PageHeader title={name} crumbs={crumbs} />
        <Loading what="the bundle" />
      </>
    );
  const labels = bundle.metadata.labels ?? {};
  return (
    <>
      <PageHeader
        title={name}
        crumbs={crumbs}
        description={bundle.spec.description}
        actions={
          <>
            <Button
              component={Link}
              to={to.newBundle(ns, { clone: name })}
              variant="default"
              leftSection={<IconCopy size={16} />}
            >
              Clone
            </Button>
            <Button
              component={Link}
              to={to.newBundle(ns, { version: name })}
              variant="default"
              leftSection={<IconVersions size={16} />}
            >
              New version
            </Button>
            <DeleteBundle ns={ns} name={name} />
          </>
        }
      />
      <SimpleGrid cols={{ base: 2, md: 5 }} mb="lg">
        <Fact label="Type">{bundle.spec.type}</Fact>
        <Fact label="Version">{bundle.spec.version}</Fact>
        <Fact label="Phase">
          <PhaseBadge phase={bundle.status?.phase} />
        </Fact>
        <Fact label="Engine">{labels[LABEL_INFERENCE_ENGINE] ?? '—'}</Fact>
        <Fact label="Labels">{Object.keys(labels).length ? <Labels labels={labels} max={6} /> : '—'}</Fact>
      </SimpleGrid>
      {bundle.status?.phase === 'Invalid' ? (
        <Alert color="red" mb="md" title="This bundle is invalid">
          Its conditions say why; fix it with a new version or delete it.
        </Alert>
      ) : null}
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="compatibility">Compatibility</Tabs.Tab>
          <Tabs.Tab value="yaml">YAML</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          {planner.error ? (
            <ErrorAlert error={planner.error} />
          ) : planner.loading ? (
            <Loading what="the profiles" />
          ) : (
            <Stack gap="lg">
              <section>
                <Title order={4} mb="xs">
                  Profiles
                </Title>
                <ResolvedProfiles bundle={bundle} resolver={planner.resolver} ns={ns} />
              </section>
              <section>
                <Title order={4} mb="xs">
                  Variables
                </Title>
                <BundleVariables bundle={bundle} resolver={planner.resolver} ns={ns} />
              </section>
              <section>
                <Title order={4} mb="xs">
                  Conditions
                </Title>
                <Conditions conditions={bundle.status?.conditions} />
              </section>
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="compatibility">
          {pools.error || planner.error ? (
            <ErrorAlert error={(pools.error ?? planner.error)!} />
          ) : pools.loading || planner.loading ? (
            <Loading what="compute pools" />
          ) : (
            <Compatibility bundle={bundle} pools={pools.items} planner={planner} ns={ns} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="yaml">
          <YamlView value={yaml} label="Bundle YAML" />
        </Tabs.Panel>
      </Tabs>
    </>
  );
};
