/**
 * Create a compute pool: name, bundle (Infrastructure or Fullstack), shared or dedicated, the
 * bundle's variables, the Palette edge cluster when the project's provider is Palette, and a plan
 * preview of what the Compute Pool workflow deploys and ignores. Each change is checked by the
 * server with a dry run; Create sends one create (after a last dry run) and opens the new pool.
 */
import {
  Alert,
  Button,
  Grid,
  Group,
  Input,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Project, ProfileBundle, Settings, VariableOverrides } from '../../../src/model/index.js';
import type { PlanRequest } from '../../../src/planner/index.js';
import { api } from '../api/client';
import { useDryRun } from '../api/dryRun';
import { usePlanner } from '../api/planner';
import { useList } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, Loading } from '../components/states';
import { checkValues, fromEffective, VariablesForm } from '../components/VariablesForm';
import { BundlePicker } from './BundlePicker';
import { emptyPaletteDraft, PaletteConfigForm, paletteConfig } from './PaletteConfigForm';
import { PlanView } from './PlanView';
import { placeIssues, poolObject, type Variant } from './poolModel';

/** The infrastructure provider the project's Settings choose (its Project's settingsRef, else `default`). */
const useProvider = (ns: string): { provider: string; loading: boolean } => {
  const settings = useList<Settings>('Settings', ns);
  const projects = useList<Project>('Project', undefined);
  const ref = projects.items.find((p) => p.spec.namespace === ns)?.spec.settingsRef?.name ?? 'default';
  return {
    provider: settings.items.find((s) => s.metadata.name === ref)?.spec.infrastructureProvider ?? 'none',
    loading: settings.loading || projects.loading,
  };
};

const VARIANTS: { value: Variant; label: string; description: string }[] = [
  {
    value: 'shared',
    label: 'Shared',
    description: 'Hosts any number of app and model deployments; they share its cluster.',
  },
  {
    value: 'dedicated',
    label: 'Dedicated',
    description: 'Hosts exactly one deployment, which has the whole cluster to itself.',
  },
];

type DryRun = { state: 'idle' | 'checking' | 'ok' } | { state: 'failed'; error: Error };

export const PoolCreate = () => {
  const ns = useNamespace();
  const navigate = useNavigate();
  const planner = usePlanner(ns);
  const bundles = useList<ProfileBundle>('ProfileBundle', ns);
  const { provider } = useProvider(ns);
  const [name, setName] = useState('');
  const [bundle, setBundle] = useState('');
  const [variant, setVariant] = useState<Variant>('shared');
  const [values, setValues] = useState<VariableOverrides>({});
  const [palette, setPalette] = useState(emptyPaletteDraft);
  const [submitError, setSubmitError] = useState<Error>();
  const [submitting, setSubmitting] = useState(false);

  const request = (overrides: VariableOverrides): PlanRequest => ({
    workflow: 'compute-pool',
    pool: variant,
    namespace: ns,
    bundles: [bundle],
    overrides,
  });
  // The variables the bundle declares as they stand without overrides (the form's placeholders),
  // and the plan with the overrides typed so far (the preview).
  const base = bundle && !planner.loading ? planner.plan(request({})) : undefined;
  const preview = bundle && !planner.loading ? planner.plan(request(values)) : undefined;
  const variables = useMemo(() => (base?.variables ?? []).map(fromEffective), [base]);
  const localProblems = checkValues(variables, values);
  const usesPalette = provider === 'palette';
  const object = poolObject({
    name: name.trim(),
    namespace: ns,
    bundle,
    variant,
    variables: values,
    palette: usesPalette ? paletteConfig(palette) : undefined,
  });
  const key = JSON.stringify(object);

  // Live check on the server, a moment after the last change; an older answer never wins.
  const dry = useDryRun(name.trim() && bundle ? object : undefined);
  const failed = dry.refusal ?? dry.error;
  const dryRun: DryRun = dry.checking
    ? { state: 'checking' }
    : failed
      ? { state: 'failed', error: failed }
      : dry.checked
        ? { state: 'ok' }
        : { state: 'idle' };
  // An edit makes the last refused create stale.
  useEffect(() => setSubmitError(undefined), [key]);

  const failure = submitError ?? (dryRun.state === 'failed' ? dryRun.error : undefined);
  const issues = placeIssues(failure);
  // What no field shows is shown once above the buttons (with every cause, for the whole story).
  const placedNothing = !Object.keys(issues.fields).length && !Object.keys(issues.variables).length;
  const alert = failure && (issues.rest.length > 0 || placedNothing) ? failure : undefined;
  const ready =
    !!name.trim() &&
    !!bundle &&
    !Object.keys(localProblems).length &&
    preview?.allowed !== false &&
    !submitting;

  const create = async () => {
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      await api.create(object, true);
      await api.create(object);
      navigate(to.pool(ns, name.trim()));
    } catch (e) {
      setSubmitError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  if (bundles.error) return <ErrorAlert error={bundles.error} />;
  return (
    <>
      <PageHeader
        title="Create compute pool"
        crumbs={[{ label: 'Compute pools', to: to.pools(ns) }]}
        description="A cluster built from an Infrastructure or Fullstack bundle; app and model deployments then run on it."
      />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack
            component="form"
            gap="lg"
            aria-label="Compute pool"
            onSubmit={(e) => {
              e.preventDefault();
              if (ready) void create();
            }}
          >
            <TextInput
              label="Name"
              description="Lowercase letters, digits and dashes; the cluster is named after it."
              withAsterisk
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={issues.fields.name}
              autoFocus
            />
            {bundles.loading ? (
              <Loading what="bundles" />
            ) : (
              <BundlePicker
                bundles={bundles.items}
                value={bundle}
                onChange={(b) => {
                  setBundle(b);
                  setValues({});
                  planner.reload(); // plan over the project as it is now
                }}
                error={issues.fields.bundle}
              />
            )}
            <Radio.Group
              label="Variant"
              description="Cannot be changed once the pool exists."
              value={variant}
              onChange={(v) => setVariant(v as Variant)}
              error={issues.fields.variant}
              withAsterisk
            >
              <Stack gap={6} mt="xs">
                {VARIANTS.map((v) => (
                  <Radio key={v.value} value={v.value} label={v.label} description={v.description} />
                ))}
              </Stack>
            </Radio.Group>
            <Stack gap="xs">
              <Title order={4}>Variables</Title>
              {!bundle ? (
                <Text size="sm" c="dimmed">
                  Choose a bundle to see the variables it declares.
                </Text>
              ) : planner.loading ? (
                <Loading what="the bundle's variables" />
              ) : (
                <VariablesForm
                  variables={variables}
                  values={values}
                  onChange={setValues}
                  errors={issues.variables}
                />
              )}
              {issues.fields.variables ? (
                <Input.Error role="alert">{issues.fields.variables}</Input.Error>
              ) : null}
            </Stack>
            {usesPalette ? (
              <PaletteConfigForm draft={palette} onChange={setPalette} error={issues.fields.palette} />
            ) : null}
            {alert ? <ErrorAlert error={alert} title="The server refuses this pool" /> : null}
            <Group>
              <Button type="submit" disabled={!ready} loading={submitting}>
                Create pool
              </Button>
              <Button variant="default" onClick={() => navigate(to.pools(ns))}>
                Cancel
              </Button>
              <Text size="sm" c={dryRun.state === 'failed' ? 'red' : 'dimmed'} aria-live="polite">
                {dryRun.state === 'checking'
                  ? 'Checking with the server…'
                  : dryRun.state === 'ok'
                    ? 'The server accepts this pool (dry run).'
                    : dryRun.state === 'failed'
                      ? 'The server refuses this pool: see the fields.'
                      : ''}
              </Text>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md" component="section" aria-label="Plan preview" pos="sticky" top={16}>
            <Title order={4} mb="xs">
              Plan preview
            </Title>
            {!bundle ? (
              <Text size="sm" c="dimmed">
                Choose a bundle: the plan shows what the Compute Pool workflow deploys of it, and what it
                ignores and why.
              </Text>
            ) : planner.error ? (
              <ErrorAlert error={planner.error} />
            ) : !preview ? (
              <Loading what="the plan" />
            ) : (
              <PlanView plan={preview} checks={preview.checks} />
            )}
            {usesPalette ? null : (
              <Alert mt="md" color="gray" variant="light">
                This project&apos;s infrastructure provider is <b>{provider}</b>
                {provider === 'none'
                  ? ': the cluster plan is recorded and the pool is Planned; no machines are made.'
                  : '.'}
              </Alert>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
};
