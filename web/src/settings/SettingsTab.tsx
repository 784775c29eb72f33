/**
 * The Settings tab: the Settings named `default` of this namespace (created on first save):
 * infrastructure provider, Palette, Hugging Face, NVIDIA NGC, kubeconfig and OCI registry, with
 * Secret references picked by name. Checked live (browser rules and the server's dry run) and saved
 * after a dry run; every issue at its field.
 */
import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { checkObject } from '../../../src/kinds/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import type { KubeObject, Settings } from '../../../src/model/index.js';
import { api, ApiError } from '../api/client';
import { useFetch, useObject } from '../api/hooks';
import { Conditions, type Condition } from '../components/Conditions';
import { ErrorAlert, Loading } from '../components/states';
import { fieldProps, mergeIssues } from './fieldIssues';
import { useConcurrentEdit } from './useConcurrentEdit';
import { useDryRun } from '../api/dryRun';
import { SecretRefInput } from './SecretRefInput';
import { fromSettingsDraft, toSettingsDraft, type Provider, type SettingsDraft } from './settingsDraft';

/** The names of the namespace's Secrets, and nothing else of them. */
const useSecretNames = (ns: string): string[] => {
  const secrets = useFetch(() => api.listMetadata('Secret', ns), [ns]);
  return useMemo(() => (secrets.data ?? []).map((s) => s.metadata.name), [secrets.data]);
};

/** What the Settings rules look up (whether a Secret exists), from the Secret names alone. */
const secretsResolver = (ns: string, names: string[]) =>
  new IndexResolver(
    names.map(
      (name) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns } }) as KubeObject,
    ),
  );

const SettingsForm = ({
  ns,
  stored,
  onCreated,
}: {
  ns: string;
  stored: Settings | undefined;
  onCreated: () => void;
}) => {
  const [draft, setDraft] = useState<SettingsDraft>(() => toSettingsDraft(stored));
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error>();
  const [saved, setSaved] = useState(false);
  const secretNames = useSecretNames(ns);
  const version = stored?.metadata.resourceVersion;
  useEffect(() => {
    if (!dirty) setDraft(toSettingsDraft(stored));
  }, [version]);
  const object = useMemo(() => fromSettingsDraft(draft, ns, stored), [draft, ns, stored]);
  const local = useMemo(
    () => checkObject(object as unknown as KubeObject, secretsResolver(ns, secretNames)),
    [object, ns, secretNames],
  );
  const dry = useDryRun(dirty ? object : undefined, { exists: !!stored });
  const issues = mergeIssues(local, saveError ?? dry.refusal ?? dry.error);
  const concurrent = useConcurrentEdit(stored?.spec);
  const set = (next: Partial<SettingsDraft>) => {
    concurrent.began();
    setDraft((d) => ({ ...d, ...next }));
    setDirty(true);
    setSaved(false);
    setSaveError(undefined);
  };
  const save = async () => {
    const conflict = concurrent.check();
    if (conflict) return setSaveError(conflict);
    setSaving(true);
    setSaveError(undefined);
    const obj = object as unknown as KubeObject;
    try {
      if (stored) {
        await api.replace(obj, true);
        await api.replace(obj);
      } else {
        await api.create(obj, true);
        await api.create(obj);
      }
      setDirty(false);
      setSaved(true);
      concurrent.done();
      if (!stored) onCreated();
    } catch (e) {
      setSaveError(e as Error);
    } finally {
      setSaving(false);
    }
  };
  const unplaced = saveError ?? dry.refusal ?? dry.error;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const p = draft.palette;
  return (
    <Stack gap="md" maw={960}>
      <Text size="sm">
        {stored
          ? 'The integrations of this namespace (Settings "default").'
          : 'This namespace has no Settings yet: saving creates Settings "default".'}{' '}
        Secrets are referred to by name and key; their values are never shown here.
      </Text>
      <NativeSelect
        label="Infrastructure provider"
        description="Who builds the clusters of compute pools"
        data={[
          { value: '', label: 'Not set (none)' },
          { value: 'none', label: 'none — record the plan, make no machines' },
          { value: 'palette', label: 'palette — Palette builds them' },
          { value: 'kubeconfig', label: 'kubeconfig — adopt an existing cluster' },
        ]}
        value={draft.infrastructureProvider}
        onChange={(e) => set({ infrastructureProvider: e.currentTarget.value as Provider })}
        {...fieldProps(issues, 'spec.infrastructureProvider')}
        w={420}
      />
      <Fieldset legend="Palette" aria-label="Palette">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Palette endpoint"
              placeholder="https://api.spectrocloud.com"
              value={p.endpoint}
              onChange={(e) => set({ palette: { ...p, endpoint: e.currentTarget.value } })}
              {...fieldProps(issues, 'spec.palette.endpoint')}
            />
            <TextInput
              label="Palette project UID"
              value={p.projectUid}
              onChange={(e) => set({ palette: { ...p, projectUid: e.currentTarget.value } })}
              {...fieldProps(issues, 'spec.palette.projectUid')}
            />
          </SimpleGrid>
          <SecretRefInput
            label="Palette API key"
            field="spec.palette.apiKeySecretRef"
            value={p.apiKey}
            onChange={(apiKey) => set({ palette: { ...p, apiKey } })}
            secretNames={secretNames}
            issues={issues}
            keyPlaceholder="apiKey"
          />
          {fieldProps(issues, 'spec.palette').error && !p.endpoint && !p.apiKey.name ? (
            <Text size="sm" c="red">
              {fieldProps(issues, 'spec.palette').error}
            </Text>
          ) : null}
        </Stack>
      </Fieldset>
      <Fieldset legend="Models" aria-label="Models">
        <Stack gap="sm">
          <SecretRefInput
            label="Hugging Face token"
            field="spec.huggingFace.tokenSecretRef"
            value={draft.huggingFace}
            onChange={(huggingFace) => set({ huggingFace })}
            secretNames={secretNames}
            issues={issues}
            keyPlaceholder="token"
          />
          <SecretRefInput
            label="NVIDIA NGC API key"
            field="spec.nvidiaNgc.apiKeySecretRef"
            value={draft.nvidiaNgc}
            onChange={(nvidiaNgc) => set({ nvidiaNgc })}
            secretNames={secretNames}
            issues={issues}
            keyPlaceholder="NGC_API_KEY"
          />
        </Stack>
      </Fieldset>
      <Fieldset legend="Kubeconfig provider" aria-label="Kubeconfig provider">
        <SecretRefInput
          label="Kubeconfig"
          field="spec.kubeconfig.secretRef"
          value={draft.kubeconfig}
          onChange={(kubeconfig) => set({ kubeconfig })}
          secretNames={secretNames}
          issues={issues}
          keyPlaceholder="value"
        />
      </Fieldset>
      <Fieldset legend="OCI registry" aria-label="OCI registry">
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            Where rendered workloads are pushed; when empty, the server&apos;s local folder.
          </Text>
          <TextInput
            label="Registry URL"
            placeholder="oci://harbor.example.com/paletteai"
            value={draft.oci.url}
            onChange={(e) => set({ oci: { ...draft.oci, url: e.currentTarget.value } })}
            {...fieldProps(issues, 'spec.ociRegistry.url')}
          />
          <SecretRefInput
            label="Registry credentials"
            field="spec.ociRegistry.credentialsSecretRef"
            value={draft.oci.credentials}
            onChange={(credentials) => set({ oci: { ...draft.oci, credentials } })}
            secretNames={secretNames}
            issues={issues}
            keyPlaceholder=".dockerconfigjson"
          />
          <Checkbox
            label="Insecure (plain HTTP or an unverified certificate)"
            checked={draft.oci.insecure}
            onChange={(e) => set({ oci: { ...draft.oci, insecure: e.currentTarget.checked } })}
          />
        </Stack>
      </Fieldset>
      {unplaced && !(unplaced instanceof ApiError && unplaced.causes.every((c) => c.field)) ? (
        <ErrorAlert
          error={unplaced}
          title={saveError ? 'The settings were not saved' : 'The server refuses these settings'}
        />
      ) : null}
      <Group>
        <Button onClick={() => void save()} loading={saving} disabled={!dirty || errors > 0}>
          {stored ? 'Save settings' : 'Create settings'}
        </Button>
        <Button
          variant="default"
          onClick={() => {
            setDraft(toSettingsDraft(stored));
            setDirty(false);
            setSaveError(undefined);
            concurrent.done();
          }}
          disabled={!dirty}
        >
          Discard changes
        </Button>
        <Text size="sm" c="dimmed" aria-live="polite">
          {dry.checking
            ? 'Checking with the server…'
            : saved
              ? 'Saved.'
              : dirty && dry.result
                ? 'The server accepts these settings.'
                : ''}
        </Text>
      </Group>
      {stored ? <Conditions conditions={(stored.status?.conditions ?? []) as Condition[]} /> : null}
    </Stack>
  );
};

/** The tab: the Settings `default` (a 404 means "none yet": the form creates it). */
export const SettingsTab = ({ ns }: { ns: string }) => {
  const [generation, setGeneration] = useState(0);
  return (
    <SettingsLoader
      key={generation}
      ns={ns}

      onCreated={() => setGeneration((g) => g + 1)}
    />
  );
};

const SettingsLoader = ({ ns, onCreated }: { ns: string; onCreated: () => void }) => {
  const settings = useObject<Settings>('Settings', ns, 'default');
  const missing = settings.error instanceof ApiError && settings.error.status === 404;
  if (settings.loading) return <Loading what="the settings" />;
  if (settings.error && !missing)
    return <ErrorAlert error={settings.error} title="Settings could not be read" />;
  return (
    <SettingsForm
      key={missing ? 'new' : 'stored'}
      ns={ns}
      stored={missing ? undefined : settings.object}

      onCreated={onCreated}
    />
  );
};
