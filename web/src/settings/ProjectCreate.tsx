/**
 * Offered when no Project serves the namespace: one create (checked first with a dry run) of a
 * Project whose `spec.namespace` is this namespace, living in the tenant namespace the user names.
 */
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Project } from '../../../src/model/index.js';
import { api, kindInfo } from '../api/client';
import { ErrorAlert } from '../components/states';
import { fieldProps, mergeIssues } from './fieldIssues';

/** A suggested project name: the namespace without its `project-` prefix. */
export const suggestedProjectName = (ns: string): string => ns.replace(/^project-/, '') || ns;

/** The Project object the form creates. */
export const newProject = (ns: string, name: string, tenant: string, description: string): Project =>
  ({
    apiVersion: kindInfo('Project').apiVersion,
    kind: 'Project',
    metadata: { name: name.trim(), namespace: tenant.trim() },
    spec: {
      namespace: ns,
      settingsRef: { name: 'default' },
      ...(description.trim() ? { description: description.trim() } : {}),
    },
  }) as Project;

export const ProjectCreate = ({ ns }: { ns: string }) => {
  const [name, setName] = useState(suggestedProjectName(ns));
  const [tenant, setTenant] = useState(ns);
  const [description, setDescription] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const issues = mergeIssues([], error);
  const create = async () => {
    setBusy(true);
    setError(undefined);
    const object = newProject(ns, name, tenant, description);
    try {
      await api.create(object, true);
      await api.create(object);
      // The list watch shows the new project; this form goes away by itself.
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm" maw={640}>
      <Text>
        No Project serves namespace <b>{ns}</b> yet. A Project holds the Model-as-a-Service mappings that
        choose a bundle for a model deployment; create one to add them.
      </Text>
      <TextInput
        label="Project name"
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        {...fieldProps(issues, 'metadata.name')}
      />
      <TextInput
        label="Tenant namespace"
        description="Where the Project object lives (Projects are kept apart from the namespace they serve)"
        required
        value={tenant}
        onChange={(e) => setTenant(e.currentTarget.value)}
        {...fieldProps(issues, 'metadata.namespace')}
      />
      <TextInput
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        {...fieldProps(issues, 'spec.description')}
      />
      {error ? <ErrorAlert error={error} title="The project was not created" /> : null}
      <Group>
        <Button onClick={() => void create()} loading={busy} disabled={!name.trim() || !tenant.trim()}>
          Create project
        </Button>
      </Group>
    </Stack>
  );
};
