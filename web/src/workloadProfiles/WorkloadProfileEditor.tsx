/**
 * Create a workload profile, from scratch or as a clone (`?clone=NAME`): name, type, description,
 * the components editor and the variables. Every change is checked by the server with a dry run
 * (nothing stored), its issues shown at the fields they name; Create makes one object.
 */
import { Alert, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  WORKLOAD_PROFILE_TYPES,
  type WorkloadProfile,
  type WorkloadProfileType,
} from '../../../src/model/index.js';
import { useDryRun } from '../api/dryRun';
import { api, ApiError, type Cause } from '../api/client';
import { useList } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { to } from '../app/paths';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, Loading } from '../components/states';
import { ComponentsEditor } from './ComponentsEditor';
import {
  emptyDraft,
  fieldErrors,
  fromProfile,
  repositoryWarnings,
  toProfile,
  type ProfileDraft,
} from './profileDraft';
import { VariablesEditor } from './VariablesEditor';

type Check = { state: 'idle' | 'checking' | 'ok' } | { state: 'refused'; causes: Cause[]; message: string };

const Form = ({ initial, ns, cloneOf }: { initial: ProfileDraft; ns: string; cloneOf?: string }) => {
  const navigate = useNavigate();
  const definitions = useList('ComponentDefinition', ns);
  const helmRepos = useList('HelmRepository', ns);
  const ociRepos = useList('OCIRepository', ns);
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error>();
  const { object, problems } = useMemo(() => toProfile(draft, ns), [draft, ns]);
  const local = Object.keys(problems).length > 0;
  const warnings = useMemo(
    () =>
      helmRepos.loading || ociRepos.loading
        ? {}
        : repositoryWarnings(
            object,
            ns,
            [...helmRepos.items, ...ociRepos.items].map((r) => r.metadata.name),
          ),
    [object, ns, helmRepos.loading, helmRepos.items, ociRepos.loading, ociRepos.items],
  );

  // The server's dry run, once typing settles: the same checks as Create, nothing stored.
  const dry = useDryRun(!draft.name || local ? undefined : object);
  const failed = dry.refusal ?? dry.error;
  const check: Check = dry.checking
    ? { state: 'checking' }
    : failed
      ? { state: 'refused', causes: dry.refusal?.causes ?? [], message: failed.message }
      : dry.checked
        ? { state: 'ok' }
        : { state: 'idle' };

  const serverCauses = check.state === 'refused' ? check.causes : [];
  const { byField, rest } = fieldErrors(problems, serverCauses);
  if (!draft.name) byField['metadata.name'] ??= 'required';

  const create = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const made = await api.create<WorkloadProfile>(object);
      void navigate(to.workloadProfile(ns, made.metadata.name));
    } catch (e) {
      setSaveError(e as Error);
    } finally {
      setSaving(false);
    }
  };
  const canCreate = check.state === 'ok' && !saving;
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group align="flex-start" grow>
            <TextInput
              label="Name"
              required
              value={draft.name}
              error={byField['metadata.name']}
              onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value.trim() })}
            />
            <Select
              label="Type"
              data={[...WORKLOAD_PROFILE_TYPES]}
              value={draft.type}
              error={byField['spec.type']}
              allowDeselect={false}
              onChange={(t) => t && setDraft({ ...draft, type: t as WorkloadProfileType })}
            />
          </Group>
          <Textarea
            label="Description"
            autosize
            minRows={1}
            value={draft.description}
            error={byField['spec.description']}
            onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
          />
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          Components
        </Title>
        <ComponentsEditor
          components={draft.components}
          onChange={(components) => setDraft({ ...draft, components })}
          errors={byField}
          warnings={warnings}
          definitions={definitions.items.map((d) => d.metadata.name)}
        />
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          Variables
        </Title>
        <VariablesEditor
          variables={draft.variables}
          onChange={(variables) => setDraft({ ...draft, variables })}
          errors={byField}
        />
      </Paper>
      {rest.length ? (
        <ErrorAlert
          title="The server refuses this profile"
          error={new ApiError(422, check.state === 'refused' ? check.message : '', 'Invalid', rest)}
        />
      ) : null}
      {saveError ? <ErrorAlert error={saveError} title="Not created" /> : null}
      <Group>
        <Button onClick={() => void create()} disabled={!canCreate} loading={saving}>
          Create workload profile
        </Button>
        <Text size="sm" c={check.state === 'refused' ? 'red' : 'dimmed'} role="status">
          {check.state === 'checking'
            ? 'Checking with the server (dry run)…'
            : check.state === 'ok'
              ? 'The server accepts this profile (dry run).'
              : check.state === 'refused'
                ? 'The server refuses this profile: see the fields.'
                : local
                  ? 'Fix the fields marked above.'
                  : 'Name the profile to check it.'}
        </Text>
        {cloneOf ? (
          <Text size="sm" c="dimmed">
            Cloned from {cloneOf}.
          </Text>
        ) : null}
      </Group>
    </Stack>
  );
};

export const WorkloadProfileEditor = () => {
  const ns = useNamespace();
  const [params] = useSearchParams();
  const clone = params.get('clone') ?? undefined;
  const [source, setSource] = useState<{ draft?: ProfileDraft; error?: Error }>(
    clone ? {} : { draft: emptyDraft() },
  );
  useEffect(() => {
    if (!clone) return setSource({ draft: emptyDraft() });
    let live = true;
    setSource({});
    api.get<WorkloadProfile>('WorkloadProfile', ns, clone).then(
      (p) => live && setSource({ draft: fromProfile(p) }),
      (error: Error) => live && setSource({ error }),
    );
    return () => {
      live = false;
    };
  }, [ns, clone]);
  return (
    <>
      <PageHeader
        title={clone ? `Clone workload profile ${clone}` : 'New workload profile'}
        crumbs={[{ label: 'Workload profiles', to: to.workloadProfiles(ns) }]}
        description="What to deploy for an application, a model or an infrastructure dependency."
      />
      {source.error ? (
        <Alert color="red" title={`Cannot clone ${clone}`}>
          {source.error.message}
        </Alert>
      ) : !source.draft ? (
        <Loading what={`workload profile ${clone}`} />
      ) : (
        <Form key={clone ?? ''} initial={source.draft} ns={ns} {...(clone ? { cloneOf: clone } : {})} />
      )}
    </>
  );
};
