/**
 * Create a profile bundle step by step (issue #9 item 3): general → cluster profiles → workload
 * profiles → variables → review. Each step offers only what the bundle type allows; the server
 * checks the draft live (dry run) and its causes show at their step and field; Create sends one
 * object. `?clone=NAME` starts from a bundle's spec under a new name, `?newVersion=NAME` from the
 * same spec with the version bumped and the next free `NAME-vN` name (names are unique, so a new
 * version is a new object).
 */
import { Alert, Button, Group, Loader, Stepper, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { ClusterProfile, ProfileBundle, WorkloadProfile } from '../../../src/model/index.js';
import { resolveVariables } from '../../../src/planner/index.js';
import { api, ApiError, type Cause } from '../api/client';
import { useFetch } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, Loading } from '../components/states';
import { fromDeclared, fromEffective, checkValues, VariablesForm } from '../components/VariablesForm';
import {
  CLUSTER,
  draftFrom,
  emptyDraft,
  GENERAL,
  placeCause,
  REVIEW,
  stepProblems,
  STEPS,
  toBundle,
  VARIABLES,
  WORKLOAD,
  type BundleDraft,
} from './bundleForm';
import { ReviewStep } from './ReviewStep';
import { usePlanner } from '../api/planner';
import { profilesToCopy, useOfferedProfiles } from './paletteProfiles';
import { causesOf, useDryRun } from '../api/dryRun';
import { ClusterStep, GeneralStep, WorkloadStep } from './WizardSteps';

export const BundleWizard = () => {
  const ns = useNamespace();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const clone = params.get('clone');
  const newVersion = params.get('newVersion');
  const source = clone ?? newVersion;
  // One read of the project (see usePlanner); the dry runs answer for anything newer.
  const planner = usePlanner(ns);
  // From the Palette project when the Settings name one, else the project's own.
  const offered = useOfferedProfiles(ns, planner.ofKind<ClusterProfile>('ClusterProfile'));
  const cps = { items: offered.items };
  const wps = { items: planner.ofKind('WorkloadProfile') as WorkloadProfile[] };
  const bundles = { items: planner.ofKind('ProfileBundle') as ProfileBundle[] };
  const original = useFetch(
    () => (source ? api.get<ProfileBundle>('ProfileBundle', ns, source) : Promise.resolve(undefined)),
    [ns, source],
  );
  const [draft, setDraft] = useState<BundleDraft>(emptyDraft);
  const [prefilled, setPrefilled] = useState(false);
  const [active, setActive] = useState(GENERAL);
  const [reached, setReached] = useState(GENERAL);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<Error>();

  useEffect(() => {
    if (prefilled || !original.data || planner.loading) return;
    setDraft(
      draftFrom(
        original.data,
        clone ? 'clone' : 'version',
        bundles.items.map((b) => b.metadata.name),
        cps.items,
      ),
    );
    setPrefilled(true);
  }, [original.data, planner.loading, prefilled]);

  // The chosen workload profiles (pinned revision or latest), their variables and their types.
  const profiles = draft.workloads.flatMap((w) => {
    const p = planner.resolver.workloadProfile(ns, w.name, w.revision);
    return p ? [p] : [];
  });
  const declared = useMemo(() => {
    const m = new Map<string, string>();
    for (const v of draft.inline) m.set(v.name, v.variableType);
    for (const p of profiles) for (const v of p.spec.variables ?? []) m.set(v.name, v.variableType);
    return m;
  }, [profiles, draft.inline]);
  const taken = useMemo(() => new Set(bundles.items.map((b) => b.metadata.name)), [bundles.items]);
  const workloadTypes = useMemo(
    () => new Map(wps.items.map((w) => [w.metadata.name, w.spec.type])),
    [wps.items],
  );
  const formVariables = useMemo(() => {
    const names = new Set(profiles.flatMap((p) => (p.spec.variables ?? []).map((v) => v.name)));
    const effective = resolveVariables(ns, [], profiles, {}, planner.resolver).variables.filter((v) =>
      names.has(v.name),
    );
    const own = draft.inline.filter((v) => !names.has(v.name)).map((v) => fromDeclared(v, 'this bundle'));
    const byName = new Map(
      profiles.flatMap((p) => (p.spec.variables ?? []).map((v) => [v.name, v] as const)),
    );
    return [
      ...effective.map((v) => ({
        ...fromEffective(v),
        ...(byName.get(v.name)?.description ? { description: byName.get(v.name)!.description } : {}),
      })),
      ...own,
    ];
  }, [profiles, draft.inline, planner.resolver, ns]);

  const object = useMemo(() => toBundle(draft, ns, declared), [draft, ns, declared]);
  const dry = useDryRun(draft.name.trim() ? object : undefined);

  // Server causes by step and field; a step the user has not reached yet keeps its causes for later.
  const placed = dry.causes.map((c) => ({ cause: c, ...placeCause(c, draft, ns, declared) }));
  const serverErrors = (step: number) => {
    const out: Record<string, string> = {};
    for (const p of placed)
      if (p.step === step && p.field !== 'other') {
        const field = p.field;
        out[field] = out[field]
          ? `${out[field]}; ${p.cause.reason}: ${p.cause.message}`
          : `${p.cause.reason}: ${p.cause.message}`;
      }
    return out;
  };
  const localErrors = (step: number) =>
    step === VARIABLES
      ? checkValues(formVariables, draft.values)
      : stepProblems(step, draft, workloadTypes, taken);
  const errorsAt = (step: number) => ({ ...serverErrors(step), ...localErrors(step) });
  const blocked = (step: number) => Object.keys(errorsAt(step)).length > 0;
  const stepHasServerCause = (step: number) => step <= reached && placed.some((p) => p.step === step);

  const go = (step: number) => {
    setActive(step);
    setReached((r) => Math.max(r, step));
  };
  const next = () => go(draft.type === 'Application' && active === GENERAL ? WORKLOAD : active + 1);
  const back = () => setActive(draft.type === 'Application' && active === WORKLOAD ? GENERAL : active - 1);

  const create = async () => {
    setCreating(true);
    setCreateError(undefined);
    // Palette profiles it names are copied into the project first; if the bundle is then refused,
    // the copies go again: nothing is half-made.
    const copies = profilesToCopy(
      [...(draft.main ? [draft.main.name] : []), ...draft.addons.map((a) => a.name)],
      offered,
    );
    const made: ClusterProfile[] = [];
    try {
      for (const p of copies) made.push(await api.create<ClusterProfile>(p));
      await api.create(object);
      navigate(to.bundle(ns, object.metadata.name));
    } catch (e) {
      for (const p of made) await api.delete('ClusterProfile', ns, p.metadata.name).catch(() => undefined);
      setCreateError(e as Error);
    } finally {
      setCreating(false);
    }
  };

  const title = clone
    ? `Clone ${clone}`
    : newVersion
      ? `New version of ${newVersion}`
      : 'Create a profile bundle';
  const loading = planner.loading || (source && !prefilled && !original.error);
  const loadError = planner.error ?? original.error;
  const varErrors = Object.fromEntries(
    Object.entries(errorsAt(VARIABLES)).map(([k, v]) => [k.replace(/^var:/, ''), v]),
  );
  const others: Cause[] = placed.filter((p) => p.field === 'other').map((p) => p.cause);

  return (
    <>
      <PageHeader
        title={title}
        crumbs={[{ label: 'Profile bundles', to: to.bundles(ns) }]}
        description="Cluster profiles and workload profiles packaged once, reused for pools and deployments."
      />
      {loadError ? (
        <ErrorAlert error={loadError} />
      ) : loading ? (
        <Loading what="profiles" />
      ) : (
        <>
          <Stepper active={active} onStepClick={(s) => s <= reached && setActive(s)} size="sm" mb="lg">
            {STEPS.map((label, i) => (
              <Stepper.Step
                key={label}
                label={label}
                allowStepSelect={i <= reached}
                color={stepHasServerCause(i) ? 'red' : undefined}
                description={
                  i === CLUSTER && draft.type === 'Application'
                    ? 'not used'
                    : stepHasServerCause(i)
                      ? 'has issues'
                      : undefined
                }
              />
            ))}
          </Stepper>
          {active === GENERAL ? (
            <GeneralStep draft={draft} onChange={setDraft} errors={errorsAt(GENERAL)} wps={wps.items} />
          ) : active === CLUSTER ? (
            <>
              {offered.error ? (
                <Alert color="yellow" mb="sm" title="Palette could not be read">
                  {offered.error.message} The project&apos;s own cluster profiles are offered instead.
                </Alert>
              ) : null}
              {offered.loading ? <Loading what="the Palette project's cluster profiles" /> : null}
              {offered.source !== 'local' ? (
                <Alert color="blue" mb="sm" title="Cluster profiles from Palette">
                  These are the published profiles of Palette project {offered.source.palette}; the ones you
                  pick are copied into this project when the bundle is created.
                </Alert>
              ) : null}
              {offered.loading ? null : (
                <ClusterStep draft={draft} onChange={setDraft} errors={errorsAt(CLUSTER)} cps={cps.items} />
              )}
            </>
          ) : active === WORKLOAD ? (
            <WorkloadStep draft={draft} onChange={setDraft} errors={errorsAt(WORKLOAD)} wps={wps.items} />
          ) : active === VARIABLES ? (
            <>
              <Text size="sm" c="dimmed" mb="sm">
                Bundle defaults for the variables the chosen workload profiles read; empty keeps the value
                shown.
              </Text>
              <VariablesForm
                variables={formVariables}
                values={draft.values}
                onChange={(values) => setDraft({ ...draft, values })}
                errors={varErrors}
              />
            </>
          ) : (
            <ReviewStep object={object} dry={dry} placed={placed} onGo={setActive} />
          )}
          {others.length && active !== REVIEW ? (
            <Alert color="red" mt="md" title="The server also reports">
              {others.map((c, i) => (
                <Text size="sm" key={i}>
                  <Text span ff="monospace" fw={600}>
                    {c.reason}
                  </Text>{' '}
                  {c.message}
                </Text>
              ))}
            </Alert>
          ) : null}
          {createError ? (
            <ErrorAlert
              error={
                createError instanceof ApiError
                  ? new ApiError(
                      createError.status,
                      createError.message,
                      createError.reason,
                      causesOf(createError),
                    )
                  : createError
              }
              title="The server refused the bundle"
            />
          ) : null}
          <Group mt="xl" justify="space-between">
            <Button variant="default" onClick={back} disabled={active === GENERAL}>
              Back
            </Button>
            <Group gap="xs">
              {dry.checking ? <Loader size="xs" aria-label="Checking with the server" /> : null}
              {active < REVIEW ? (
                <Button onClick={next} disabled={blocked(active)}>
                  Next
                </Button>
              ) : (
                <Button
                  onClick={() => void create()}
                  loading={creating}
                  disabled={
                    dry.checking ||
                    !dry.checked ||
                    dry.causes.length > 0 ||
                    STEPS.some((_, i) => i < REVIEW && Object.keys(localErrors(i)).length > 0)
                  }
                >
                  Create
                </Button>
              )}
            </Group>
          </Group>
        </>
      )}
    </>
  );
};
