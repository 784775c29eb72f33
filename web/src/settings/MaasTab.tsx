/**
 * The Model-as-a-Service tab: the Project serving this namespace (or the offer to create one), its
 * mappings editor with the project rules run live in the browser and the server's dry run, the
 * controller's `MappingsLinted` verdict, and a preview of the choice for a typed model.
 */
import { Alert, Badge, Button, Divider, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { checkObject } from '../../../src/kinds/index.js';
import type { KubeObject, Project } from '../../../src/model/index.js';
import { api, ApiError, kindInfo } from '../api/client';
import { useList } from '../api/hooks';
import type { Resolver } from '../../../src/rules/index.js';
import { Conditions, type Condition } from '../components/Conditions';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { mergeIssues, type FieldIssue } from './fieldIssues';
import { toDraft, withMappings, type MappingDraft } from './mappingDraft';
import { MappingPreview } from './MappingPreview';
import { MappingsEditor } from './MappingsEditor';
import { ProjectCreate } from './ProjectCreate';
import { useConcurrentEdit } from './useConcurrentEdit';
import { useDryRun } from '../api/dryRun';
import { usePlanner, type Planner } from '../api/planner';

/** The Project whose `spec.namespace` is `ns` (a namespace has at most one, PRJ004). */
export const projectServing = (projects: Project[], ns: string): Project | undefined =>
  projects.find((p) => p.spec.namespace === ns);

/** The issues a Project's rules find in the browser (PRJ001–003, REF001). */
export const lintProject = (project: Project, resolver: Resolver) =>
  checkObject(project as unknown as KubeObject, resolver);

const IssueList = ({ issues }: { issues: FieldIssue[] }) =>
  issues.length === 0 ? null : (
    <Alert
      color={issues.some((i) => i.severity === 'error') ? 'red' : 'orange'}
      title={`${issues.length} finding${issues.length === 1 ? '' : 's'} in the mappings`}
      role="alert"
    >
      <List size="sm">
        {issues.map((i, n) => (
          <List.Item key={n}>
            <Text span fw={600} ff="monospace">
              {i.code}
            </Text>{' '}
            {i.field ? (
              <Text span ff="monospace" c="dimmed">
                {i.field}:{' '}
              </Text>
            ) : null}
            {i.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );

const ProjectEditor = ({ stored, planner }: { stored: Project; planner: Planner }) => {
  const [drafts, setDrafts] = useState<MappingDraft[]>(() => (stored.spec.maasMappings ?? []).map(toDraft));
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error>();
  const [saved, setSaved] = useState(false);
  const version = stored.metadata.resourceVersion;
  // The live object moved on (a save here, or someone else's): follow it unless edits are pending.
  useEffect(() => {
    if (!dirty) setDrafts((stored.spec.maasMappings ?? []).map(toDraft));
  }, [version]);
  const base = useMemo(
    () => ({ ...stored, apiVersion: kindInfo('Project').apiVersion, kind: 'Project' }) as Project,
    [stored],
  );
  const edited = useMemo(() => withMappings(base, drafts), [base, drafts]);
  const local = useMemo(() => lintProject(edited, planner.resolver), [edited, planner.resolver]);
  const dry = useDryRun(dirty ? (edited as unknown as KubeObject) : undefined, { exists: true });
  const unplaced = saveError ?? dry.refusal ?? dry.error;
  const issues = mergeIssues(local, unplaced);
  const concurrent = useConcurrentEdit(stored.spec);
  const change = (next: MappingDraft[]) => {
    concurrent.began();
    setDrafts(next);
    setDirty(true);
    setSaved(false);
    setSaveError(undefined);
  };
  const save = async () => {
    const conflict = concurrent.check();
    if (conflict) return setSaveError(conflict);
    setSaving(true);
    setSaveError(undefined);
    try {
      const obj = edited as unknown as KubeObject;
      await api.replace(obj, true);
      await api.replace(obj);
      setDirty(false);
      setSaved(true);
      concurrent.done();
      planner.reload();
    } catch (e) {
      setSaveError(e as Error);
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    setDrafts((stored.spec.maasMappings ?? []).map(toDraft));
    setDirty(false);
    setSaveError(undefined);
    concurrent.done();
  };
  const errors = issues.filter((i) => i.severity === 'error').length;
  const linted = stored.status?.conditions?.find((c) => c.type === 'MappingsLinted');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Text size="sm" maw={640}>
          Project <b>{stored.metadata.name}</b> (in namespace {stored.metadata.namespace}) serves this
          namespace{stored.spec.description ? `: ${stored.spec.description}.` : '.'} Its mappings choose a
          bundle for a model deployment: the highest priority that matches wins, with no fall-through.
        </Text>
        <Group gap="xs">
          <Text size="sm" c="dimmed" aria-live="polite">
            {dry.checking
              ? 'Checking with the server…'
              : saved
                ? 'Saved.'
                : dirty && !(dry.refusal ?? dry.error) && dry.result
                  ? 'The server accepts these mappings.'
                  : ''}
          </Text>
          <Button variant="default" onClick={discard} disabled={!dirty}>
            Discard changes
          </Button>
          <Button onClick={() => void save()} loading={saving} disabled={!dirty || errors > 0}>
            Save mappings
          </Button>
        </Group>
      </Group>
      {linted ? (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge
            variant="light"
            color={linted.status === 'True' ? 'green' : 'orange'}
            style={{ flexShrink: 0 }}
          >
            MappingsLinted {linted.status}
          </Badge>
          <Text size="sm">
            {dirty ? 'Saved mappings: ' : ''}
            {linted.message}
          </Text>
        </Group>
      ) : null}
      <IssueList issues={issues} />
      {unplaced && !(unplaced instanceof ApiError && unplaced.causes.every((c) => c.field)) ? (
        <ErrorAlert
          error={unplaced}
          title={saveError ? 'The mappings were not saved' : 'The server refuses these mappings'}
        />
      ) : null}
      <Paper withBorder p="md">
        {planner.error ? (
          <ErrorAlert error={planner.error} title="The preview cannot read the namespace" />
        ) : planner.loading ? (
          <Loading what="the bundles for the preview" />
        ) : (
          <MappingPreview project={edited} resolver={planner.resolver} onReload={planner.reload} />
        )}
      </Paper>
      <Title order={4}>Mappings</Title>
      <MappingsEditor drafts={drafts} issues={issues} onChange={change} />
      <Divider />
      <Title order={4}>Status</Title>
      <Conditions conditions={(stored.status?.conditions ?? []) as Condition[]} />
    </Stack>
  );
};

/** The tab: the namespace's Project found among every Project, then its editor. */
export const MaasTab = ({ ns }: { ns: string }) => {
  const planner = usePlanner(ns);
  const projects = useList<Project>('Project', undefined);
  if (projects.error) return <ErrorAlert error={projects.error} title="Projects could not be listed" />;
  if (projects.loading) return <Loading what="the project" />;
  const project = projectServing(projects.items, ns);
  if (!project)
    return (
      <Stack>
        <Empty title="No project serves this namespace" />
        <ProjectCreate ns={ns} />
      </Stack>
    );
  return (
    <ProjectEditor
      key={`${project.metadata.namespace}/${project.metadata.name}`}
      stored={project}
      planner={planner}
    />
  );
};
