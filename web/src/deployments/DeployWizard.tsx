/**
 * Deploy an app or a model (SPEC §6): what (bundles, or a model for Model as a Service) → where (an
 * existing pool or a new dedicated one) → variables → review (the browser planner's plan, the MaaS
 * why/why-not table, the server's dry run) → Deploy: one create of the same AIWorkload the CLI
 * makes, then its detail page.
 */
import { Alert, Button, Group, Stepper } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { AIWorkload, ComputePool, ProfileBundle } from '../../../src/model/index.js';
import { api, ApiError } from '../api/client';
import { usePlanner } from '../api/planner';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, Loading } from '../components/states';
import { checkValues, fromEffective, VariablesForm } from '../components/VariablesForm';
import {
  aiWorkloadObject,
  causesByStep,
  poolKindsFor,
  poolProblem,
  variableOfField,
  type DeployChoice,
  type DeploymentType,
  type Step,
} from './model';
import { ReviewStep, type DryRun } from './ReviewStep';
import { parseAttributes, WhatStep } from './WhatStep';
import { NEW_DEDICATED, WhereStep, type PoolOption } from './WhereStep';

const STEPS: Step[] = ['what', 'where', 'variables', 'review'];
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const DeployWizard = ({ type }: { type: DeploymentType }) => {
  const ns = useNamespace();
  const navigate = useNavigate();
  // One read of the project (see usePlanner); Refresh reads it again.
  const snapshot = usePlanner(ns);
  const project = useMemo(
    () =>
      snapshot.loading || snapshot.error
        ? undefined
        : {
            bundles: snapshot.ofKind<ProfileBundle>('ProfileBundle'),
            pools: snapshot.ofKind<ComputePool>('ComputePool'),
            workloads: snapshot.ofKind<AIWorkload>('AIWorkload'),
            planObject: snapshot.planObject,
          },
    // The resolver changes exactly when the objects were read again.
    [snapshot.resolver, snapshot.loading, snapshot.error],
  );
  const [active, setActive] = useState(0);
  const [visited, setVisited] = useState(0);
  const [base, setBase] = useState<Omit<DeployChoice, 'pool' | 'namespace'>>({
    type,
    name: '',
    bundles: [],
    variables: {},
    ...(type === 'model' ? { model: { source: 'huggingface', id: '', attributes: {} } } : {}),
  });
  const [attributesText, setAttributesText] = useState('');
  const [where, setWhere] = useState('');
  const [dryRun, setDryRun] = useState<DryRun>({ checking: false, causes: [] });
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<Error>();

  const choice: DeployChoice = {
    ...base,
    namespace: ns,
    ...(base.model
      ? { model: { ...base.model, attributes: parseAttributes(attributesText).attributes } }
      : {}),
    ...(where && where !== NEW_DEDICATED ? { pool: where } : {}),
  };
  const object = aiWorkloadObject(choice);
  const objectJson = JSON.stringify(object);
  const plan = project?.planObject(object);
  const kinds = poolKindsFor(choice.bundles, project?.bundles ?? [], type);

  // Every pool with why it cannot host this deployment: taken, failed, or (planned with it) an
  // inference-engine mismatch.
  const poolOptions: PoolOption[] = useMemo(
    () =>
      (project?.pools ?? []).map((p) => {
        let problem = poolProblem(p, project?.workloads ?? []);
        if (!problem && project) {
          const trial = project.planObject(
            aiWorkloadObject({ ...choice, pool: p.metadata.name, variables: {} }),
          );
          const ie = trial?.checks.find((c) => c.result === 'fail' && c.code.startsWith('IE'));
          if (ie) problem = `${ie.code}: ${ie.message}`;
        }
        return {
          name: p.metadata.name,
          variant: p.spec.clusterVariant.dedicated ? 'dedicated' : 'shared',
          ...(p.status?.phase ? { phase: p.status.phase } : {}),
          bundle: p.spec.profileBundleRef.name,
          ...(problem ? { problem } : {}),
        };
      }),
    [project, objectJson],
  );

  const whatValid =
    NAME.test(base.name) &&
    parseAttributes(attributesText).bad.length === 0 &&
    (type === 'app'
      ? choice.bundles.length > 0 && (!kinds.shared || !kinds.dedicated)
      : choice.bundles.length > 0 || Boolean(base.model?.id.trim()));

  // Live server check: a dry-run create of the object as it stands (debounced), nothing stored.
  useEffect(() => {
    // Only once the first step is complete and a pool is chosen: before that the server could only
    // refuse an unfinished form (and the browser logs every refusal as an error).
    if (!whatValid || where === '') return;
    let live = true;
    setDryRun((d) => ({ ...d, checking: true }));
    const timer = setTimeout(() => {
      api.create(JSON.parse(objectJson), true).then(
        () => live && setDryRun({ checking: false, causes: [] }),
        (e: Error) =>
          live &&
          setDryRun({
            checking: false,
            error: e,
            causes: e instanceof ApiError ? e.causes.map((c) => ({ ...c })) : [],
          }),
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [objectJson, whatValid, where]);

  // A step shows the server's issues once the user has been past it.
  const byStep = causesByStep(dryRun.causes);
  const shownCauses = (s: Step) => (visited > STEPS.indexOf(s) ? byStep[s] : []);
  const variables = (plan?.variables ?? []).map(fromEffective);
  const variableProblems = checkValues(variables, base.variables);
  const serverVariableErrors = Object.fromEntries(
    shownCauses('variables').flatMap((c) => {
      const v = variableOfField(c.field);
      return v ? [[v, `${c.reason}: ${c.message}`]] : [];
    }),
  );
  const whereValid =
    where === NEW_DEDICATED
      ? !kinds.dedicated
      : poolOptions.some((p) => p.name === where && !p.problem && !kinds.shared);
  const valid = [
    whatValid,
    whereValid,
    Object.keys(variableProblems).length === 0,
    !dryRun.checking && !dryRun.error,
  ];
  const go = (i: number) => {
    setActive(i);
    setVisited((v) => Math.max(v, i));
  };
  const deploy = async () => {
    setCreating(true);
    setCreateError(undefined);
    try {
      await api.create(object);
      navigate(to.deployment(ns, base.name));
    } catch (e) {
      setCreateError(e as Error);
      if (e instanceof ApiError) setDryRun({ checking: false, error: e, causes: e.causes });
    } finally {
      setCreating(false);
    }
  };

  const noun = type === 'app' ? 'app' : 'model';
  const header = (
    <PageHeader
      title={`Deploy ${type === 'app' ? 'an app' : 'a model'}`}
      crumbs={[{ label: `${type === 'app' ? 'App' : 'Model'} deployments`, to: to.deployments(ns, type) }]}
      description="The plan below is computed from the project as read when this page opened."
      actions={
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} />}
          loading={snapshot.loading}
          onClick={snapshot.reload}
        >
          Refresh project data
        </Button>
      }
    />
  );
  if (snapshot.error)
    return (
      <>
        {header}
        <ErrorAlert error={snapshot.error} />
      </>
    );
  if (!project)
    return (
      <>
        {header}
        <Loading what="the project's bundles and pools" />
      </>
    );
  return (
    <>
      {header}
      <Stepper active={active} onStepClick={(i) => i <= visited && go(i)} allowNextStepsSelect={false}>
        <Stepper.Step label="What" description={type === 'app' ? 'Bundles' : 'Model and bundle'}>
          <WhatStep
            choice={choice}
            onChange={(c) =>
              setBase({ ...base, name: c.name, bundles: c.bundles, ...(c.model ? { model: c.model } : {}) })
            }
            bundles={project.bundles}
            attributesText={attributesText}
            onAttributesText={setAttributesText}
            causes={shownCauses('what')}
          />
        </Stepper.Step>
        <Stepper.Step label="Where" description="Compute pool">
          <WhereStep
            pools={poolOptions}
            kinds={kinds}
            value={where}
            onChange={setWhere}
            causes={shownCauses('where')}
          />
        </Stepper.Step>
        <Stepper.Step label="Variables" description="Effective values">
          <VariablesForm
            variables={variables}
            values={base.variables}
            onChange={(v) => setBase({ ...base, variables: v })}
            errors={serverVariableErrors}
          />
        </Stepper.Step>
        <Stepper.Step label="Review" description="Plan and server check">
          <ReviewStep object={object} plan={plan} dryRun={dryRun} onGoTo={(s) => go(STEPS.indexOf(s))} />
        </Stepper.Step>
      </Stepper>
      {createError && !(createError instanceof ApiError && createError.causes.length) ? (
        <ErrorAlert error={createError} title="Not deployed" />
      ) : null}
      {createError instanceof ApiError && createError.causes.length ? (
        <Alert color="red" mt="md" title="Not deployed">
          The server refused it; nothing was created. See the issues above.
        </Alert>
      ) : null}
      <Group justify="space-between" mt="xl">
        <Button variant="default" onClick={() => go(active - 1)} disabled={active === 0}>
          Back
        </Button>
        {active < STEPS.length - 1 ? (
          <Button onClick={() => go(active + 1)} disabled={!valid[active]}>
            Next
          </Button>
        ) : (
          <Button onClick={() => void deploy()} loading={creating} disabled={!valid.every(Boolean)}>
            Deploy {noun}
          </Button>
        )}
      </Group>
    </>
  );
};
