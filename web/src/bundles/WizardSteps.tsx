/**
 * The bundle wizard's steps as controlled components: each shows the draft, reports changes, and
 * shows problems at its fields (the wizard's own checks first, then the server's causes).
 */
import {
  Checkbox,
  Group,
  NativeSelect,
  Radio,
  SegmentedControl,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Input,
} from '@mantine/core';
import type { ClusterProfile, WorkloadProfile } from '../../../src/model/index.js';
import { revisionsOf } from '../../../src/rules/index.js';
import {
  addonProfiles,
  allowedWorkloadTypes,
  BUNDLE_TYPES,
  mainProfiles,
  offeredWorkloads,
  takesClusterProfiles,
  type BundleDraft,
} from './bundleForm';

/**
 * What a bundle may take of a workload profile: the latest (the default: it moves with the
 * profile), or one revision the server keeps, pinned.
 */
const revisionChoices = (w: WorkloadProfile) => [
  { value: '', label: `latest (now ${w.status?.revision ?? 1})` },
  ...revisionsOf(w)
    .reverse()
    .map((r) => ({ value: String(r), label: `pin revision ${r}` })),
];

/** A chosen workload profile, pinned to `revision` (a select's value) or taking the latest (''). */
const withRevision = (name: string, revision: string): { name: string; revision?: number } =>
  revision ? { name, revision: Number(revision) } : { name };

export interface StepProps {
  draft: BundleDraft;
  onChange: (draft: BundleDraft) => void;
  /** Problems by wizard field (`name`, `version`, `main`, …). */
  errors: Record<string, string>;
}

const TYPE_HELP: Record<string, string> = {
  Application: 'Workload profiles only (Application or Model), deployed onto an existing pool.',
  Infrastructure:
    'One edge-native cluster profile (plus add-ons) for compute pools; Infrastructure workloads only.',
  Fullstack: 'A cluster profile and Application or Model workloads: brings its own cluster.',
};

/** Keeps only what the new bundle type allows (an Application bundle drops its cluster profiles). */
const withType = (
  draft: BundleDraft,
  type: BundleDraft['type'],
  wps: readonly WorkloadProfile[],
): BundleDraft => {
  const allowed = allowedWorkloadTypes(type);
  const typeOf = (n: string) => wps.find((w) => w.metadata.name === n)?.spec.type;
  return {
    ...draft,
    type,
    ...(takesClusterProfiles(type) ? {} : { main: null, addons: [] }),
    workloads: draft.workloads.filter((w) => {
      const t = typeOf(w.name);
      return t === undefined || allowed.includes(t);
    }),
  };
};

export const GeneralStep = ({
  draft,
  onChange,
  errors,
  wps,
}: StepProps & { wps: readonly WorkloadProfile[] }) => (
  <Stack gap="sm" maw={640}>
    <TextInput
      label="Name"
      required
      description="Unique in the project; a new version of a bundle is a new name (e.g. my-bundle-v2)."
      value={draft.name}
      // An empty name blocks Next without a red field before anything was typed.
      error={draft.name ? errors.name : undefined}
      onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })}
    />
    <Input.Wrapper label="Bundle type" description={TYPE_HELP[draft.type]} error={errors.type}>
      <SegmentedControl
        aria-label="Bundle type"
        mt={4}
        value={draft.type}
        data={[...BUNDLE_TYPES]}
        onChange={(t) => onChange(withType(draft, t as BundleDraft['type'], wps))}
      />
    </Input.Wrapper>
    <TextInput
      label="Version"
      required
      description="Semantic version; Model as a Service prefers the highest."
      value={draft.version}
      error={errors.version}
      onChange={(e) => onChange({ ...draft, version: e.currentTarget.value })}
    />
    <Textarea
      label="Description"

      rows={2}
      value={draft.description}
      error={errors.description}
      onChange={(e) => onChange({ ...draft, description: e.currentTarget.value })}
    />
    <TextInput
      label="Inference engine"
      description="Label palette.ai/inference-engine (e.g. vllm): model deployments onto a pool compare it exactly."
      value={draft.engine}
      error={errors.engine}
      onChange={(e) => onChange({ ...draft, engine: e.currentTarget.value })}
    />
    <TagsInput
      label="Labels"
      description="key=value, Enter after each"
      value={draft.labels}
      error={errors.labels}
      onChange={(labels) => onChange({ ...draft, labels })}
    />
  </Stack>
);

const layers = (p: ClusterProfile) => p.spec.layers.map((l) => `${l.pack.name} ${l.pack.version}`).join(', ');

export const ClusterStep = ({
  draft,
  onChange,
  errors,
  cps,
}: StepProps & { cps: readonly ClusterProfile[] }) => {
  if (!takesClusterProfiles(draft.type))
    return (
      <Text c="dimmed">An Application bundle holds no cluster profiles: it runs on an existing pool.</Text>
    );
  const profile = (name: string) => cps.find((p) => p.metadata.name === name);
  const main = mainProfiles(cps);
  const addons = addonProfiles(cps);
  return (
    <Stack gap="lg">
      <Radio.Group
        label="Infrastructure or Full cluster profile"
        description="Only edge-native profiles are offered (PB007)."
        required
        value={draft.main?.name ?? null}
        error={errors.main}
        onChange={(name) => onChange({ ...draft, main: { name } })}
      >
        <Stack gap="xs" mt="xs">
          {main.length ? (
            main.map((name) => {
              const p = profile(name)!;
              return (
                <Radio
                  key={name}
                  value={name}
                  label={name}
                  description={`${p.spec.type} · ${p.spec.cloudType} · ${p.spec.version} · ${layers(p)}`}
                />
              );
            })
          ) : (
            <Text c="dimmed" size="sm">
              No edge-native Infrastructure or Full cluster profiles in this project.
            </Text>
          )}
        </Stack>
      </Radio.Group>
      <Checkbox.Group
        label="Add-on cluster profiles"
        value={draft.addons.map((a) => a.name)}
        error={errors.addons}
        onChange={(names) =>
          onChange({
            ...draft,
            addons: names.map((n) => draft.addons.find((a) => a.name === n) ?? { name: n }),
          })
        }
      >
        <Stack gap="xs" mt="xs">
          {addons.length ? (
            addons.map((name) => {
              const p = profile(name)!;
              return (
                <Checkbox
                  key={name}
                  value={name}
                  label={name}
                  description={`${p.spec.cloudType} · ${p.spec.version} · ${layers(p)}`}
                />
              );
            })
          ) : (
            <Text c="dimmed" size="sm">
              No Add-on cluster profiles in this project.
            </Text>
          )}
        </Stack>
      </Checkbox.Group>
    </Stack>
  );
};

export const WorkloadStep = ({
  draft,
  onChange,
  errors,
  wps,
}: StepProps & { wps: readonly WorkloadProfile[] }) => {
  const chosen = draft.workloads.map((w) => w.name);
  const offered = offeredWorkloads(draft.type, wps, chosen);
  const hidden = allowedWorkloadTypes(draft.type).filter((t) => !offered.some((w) => w.spec.type === t));
  return (
    <Checkbox.Group
      label="Workload profiles"
      description={`A ${draft.type} bundle takes ${allowedWorkloadTypes(draft.type).join(', ')} profiles; never Application and Model together (PB006).`}
      value={chosen}
      error={errors.workloads}
      onChange={(names) =>
        onChange({
          ...draft,
          workloads: names.map((n) => draft.workloads.find((w) => w.name === n) ?? { name: n }),
        })
      }
    >
      <Stack gap="xs" mt="xs">
        {offered.length ? (
          offered.map((w) => {
            const picked = draft.workloads.find((x) => x.name === w.metadata.name);
            return (
              <Group key={w.metadata.name} justify="space-between" align="flex-start" wrap="nowrap">
                <Checkbox
                  value={w.metadata.name}
                  label={w.metadata.name}
                  description={[w.spec.type, `revision ${w.status?.revision ?? 1}`, w.spec.description]
                    .filter(Boolean)
                    .join(' · ')}
                />
                {picked ? (
                  <NativeSelect
                    aria-label={`Revision of ${w.metadata.name}`}
                    size="xs"
                    value={picked.revision === undefined ? '' : String(picked.revision)}
                    data={revisionChoices(w)}
                    onChange={(e) =>
                      onChange({
                        ...draft,
                        workloads: draft.workloads.map((x) =>
                          x.name === w.metadata.name ? withRevision(x.name, e.currentTarget.value) : x,
                        ),
                      })
                    }
                  />
                ) : null}
              </Group>
            );
          })
        ) : (
          <Text c="dimmed" size="sm">
            No workload profiles of these types in this project.
          </Text>
        )}
        {hidden.length && chosen.length ? (
          <Text c="dimmed" size="xs">
            {hidden.join(' and ')} profiles are hidden: this bundle already holds the other kind.
          </Text>
        ) : null}
      </Stack>
    </Checkbox.Group>
  );
};
