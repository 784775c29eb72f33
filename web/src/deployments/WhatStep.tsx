/**
 * The wizard's first step: the deployment's name and what it deploys — for an app one bundle
 * (Application or Fullstack) or an Infrastructure + Application pair; for a model its id, source and
 * attributes, the bundle optional (none: Model as a Service chooses).
 */
import { List, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { MODEL_SOURCES, type ModelReference, type ProfileBundle } from '../../../src/model/index.js';
import type { Cause } from '../api/client';
import { firstBundleOptions, pairBundleOptions, type DeployChoice } from './model';

/** `key=value` lines as attributes (blank lines ignored); the lines that are not `key=value`. */
export const parseAttributes = (text: string): { attributes: Record<string, string>; bad: string[] } => {
  const attributes: Record<string, string> = {};
  const bad: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) bad.push(line);
    else attributes[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { attributes, bad };
};

const messages = (causes: Cause[], prefix: RegExp) =>
  causes
    .filter((c) => prefix.test(c.field ?? ''))
    .map((c) => `${c.reason}: ${c.message}`)
    .join('; ') || undefined;

export const WhatStep = ({
  choice,
  onChange,
  bundles,
  attributesText,
  onAttributesText,
  causes,
}: {
  choice: DeployChoice;
  onChange: (c: DeployChoice) => void;
  bundles: ProfileBundle[];
  attributesText: string;
  onAttributesText: (t: string) => void;
  /** The server's issues at this step's fields. */
  causes: Cause[];
}) => {
  const first = firstBundleOptions(bundles, choice.type);
  const offered = first.filter((o) => !o.problem);
  const notOffered = first.filter((o) => o.problem);
  const firstBundle = bundles.find((b) => b.metadata.name === choice.bundles[0]);
  const pair = firstBundle?.spec.type === 'Infrastructure' ? pairBundleOptions(bundles, choice.type) : [];
  const setBundles = (names: string[]) => onChange({ ...choice, bundles: names.filter(Boolean) });
  const model = choice.model ?? { source: 'huggingface' as const, id: '', attributes: {} };
  const { bad } = parseAttributes(attributesText);
  return (
    <Stack gap="md" maw={640}>
      <TextInput
        label="Name"
        description="The deployment (an AIWorkload) in this project; lowercase letters, digits and dashes."
        required
        value={choice.name}
        onChange={(e) => onChange({ ...choice, name: e.currentTarget.value })}
        error={messages(causes, /^metadata\.name/)}
      />
      {choice.type === 'model' ? (
        <>
          <NativeSelect
            label="Model source"
            data={[...MODEL_SOURCES]}
            value={model.source}
            onChange={(e) =>
              onChange({
                ...choice,
                model: { ...model, source: e.currentTarget.value as ModelReference['source'] },
              })
            }
          />
          <TextInput
            label="Model id"
            placeholder="meta-llama/Llama-3.1-8B-Instruct"
            required={choice.bundles.length === 0}
            value={model.id}
            onChange={(e) => onChange({ ...choice, model: { ...model, id: e.currentTarget.value } })}
            error={messages(causes, /^spec\.model/)}
          />
          <Textarea
            label="Model attributes"
            description="One key=value a line (e.g. task=text-generation); the project's mappings match on them."
            autosize
            minRows={2}
            value={attributesText}
            onChange={(e) => onAttributesText(e.currentTarget.value)}
            error={bad.length ? `not key=value: ${bad.join(', ')}` : undefined}
          />
        </>
      ) : null}
      <NativeSelect
        label={choice.type === 'app' ? 'Bundle' : 'Bundle (optional)'}
        description={
          choice.type === 'app'
            ? 'An Application or Fullstack bundle, or an Infrastructure bundle and then its Application bundle.'
            : 'Leave empty for Model as a Service to choose by the project’s mappings; an Infrastructure bundle alone lets it choose the Application half.'
        }
        data={[
          {
            value: '',
            label: choice.type === 'app' ? '— choose a bundle —' : '— Model as a Service chooses —',
          },
          ...offered.map((o) => ({
            value: o.bundle.metadata.name,
            label: `${o.bundle.metadata.name} (${o.bundle.spec.type} ${o.bundle.spec.version})`,
          })),
        ]}
        value={choice.bundles[0] ?? ''}
        onChange={(e) => setBundles([e.currentTarget.value])}
        error={messages(causes, /^spec\.profileBundleRefs/)}
      />
      {firstBundle?.spec.type === 'Infrastructure' ? (
        <NativeSelect
          label="Application bundle"
          description={
            choice.type === 'model'
              ? 'The Application half of the pair; empty for Model as a Service to choose it.'
              : 'The Application half of the Infrastructure + Application pair.'
          }
          data={[
            { value: '', label: choice.type === 'model' ? '— Model as a Service chooses —' : '— choose —' },
            ...pair.map((o) => ({
              value: o.bundle.metadata.name,
              label: `${o.bundle.metadata.name} (${o.bundle.spec.version})${o.problem ? ` — ${o.problem}` : ''}`,
              disabled: Boolean(o.problem),
            })),
          ]}
          value={choice.bundles[1] ?? ''}
          onChange={(e) => setBundles([choice.bundles[0]!, e.currentTarget.value])}
        />
      ) : null}
      {notOffered.length ? (
        <details>
          <summary>
            <Text span size="sm">
              {notOffered.length} bundle{notOffered.length === 1 ? '' : 's'} not offered for{' '}
              {choice.type === 'app' ? 'an app' : 'a model'}
            </Text>
          </summary>
          <List size="sm" aria-label="Bundles not offered">
            {notOffered.map((o) => (
              <List.Item key={o.bundle.metadata.name}>
                <b>{o.bundle.metadata.name}</b> ({o.bundle.spec.type}): {o.problem}
              </List.Item>
            ))}
          </List>
        </details>
      ) : null}
    </Stack>
  );
};
