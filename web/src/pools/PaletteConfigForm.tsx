/**
 * `spec.paletteClusterDeploymentConfig` for projects whose Settings choose the Palette provider:
 * the machine pools of the edge-native cluster with their edge host uids, and the control-plane
 * endpoint (the VIP reserved for it). Without it Palette cannot place the cluster.
 */
import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Input,
  Select,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { PaletteClusterDeploymentConfig } from '../../../src/model/index.js';

export interface MachinePoolDraft {
  name: string;
  controlPlane: boolean;
  controlPlaneAsWorker: boolean;
  /** One uid per line (or comma separated). */
  edgeHostUids: string;
}

export interface PaletteDraft {
  host: string;
  type: 'VIP' | 'DDNS';
  pools: MachinePoolDraft[];
}

export const emptyPaletteDraft = (): PaletteDraft => ({
  host: '',
  type: 'VIP',
  pools: [{ name: 'control-plane', controlPlane: true, controlPlaneAsWorker: true, edgeHostUids: '' }],
});

/** The draft as the spec field (the server checks it; nothing is dropped here but blank lines). */
export const paletteConfig = (d: PaletteDraft): PaletteClusterDeploymentConfig => ({
  ...(d.host.trim() ? { controlPlaneEndpoint: { host: d.host.trim(), type: d.type } } : {}),
  machinePools: d.pools.map((p) => ({
    name: p.name.trim(),
    ...(p.controlPlane ? { controlPlane: true } : {}),
    ...(p.controlPlane && !p.controlPlaneAsWorker ? { controlPlaneAsWorker: false } : {}),
    edgeHostUids: p.edgeHostUids
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  })),
});

export const PaletteConfigForm = ({
  draft,
  onChange,
  error,
}: {
  draft: PaletteDraft;
  onChange: (d: PaletteDraft) => void;
  error?: string | undefined;
}) => {
  const setPool = (i: number, patch: Partial<MachinePoolDraft>) =>
    onChange({ ...draft, pools: draft.pools.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  return (
    <Fieldset legend="Palette edge cluster (spec.paletteClusterDeploymentConfig)">
      <Stack gap="sm">
        <Group align="flex-end">
          <TextInput
            label="Control-plane endpoint"
            description="The virtual IP reserved for the Kubernetes API, or its DDNS name."
            placeholder="10.10.0.50"
            value={draft.host}
            onChange={(e) => onChange({ ...draft, host: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <Select
            label="Endpoint type"
            data={['VIP', 'DDNS']}
            value={draft.type}
            allowDeselect={false}
            onChange={(v) => onChange({ ...draft, type: (v as 'VIP' | 'DDNS' | null) ?? 'VIP' })}
            w={120}
          />
        </Group>
        {draft.pools.map((p, i) => (
          <Fieldset key={i} legend={`Machine pool ${i + 1}`} variant="filled">
            <Group align="flex-start">
              <TextInput
                label="Name"
                value={p.name}
                onChange={(e) => setPool(i, { name: e.currentTarget.value })}
                w={200}
              />
              <Textarea
                label="Edge host uids"
                description="One per line (Palette: Clusters → Edge Hosts)."
                rows={3}
                value={p.edgeHostUids}
                onChange={(e) => setPool(i, { edgeHostUids: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
              <Stack gap={6} pt={24}>
                <Checkbox
                  label="Control plane"
                  checked={p.controlPlane}
                  onChange={(e) => setPool(i, { controlPlane: e.currentTarget.checked })}
                />
                <Checkbox
                  label="Workloads on control plane"
                  disabled={!p.controlPlane}
                  checked={p.controlPlane && p.controlPlaneAsWorker}
                  onChange={(e) => setPool(i, { controlPlaneAsWorker: e.currentTarget.checked })}
                />
              </Stack>
              <ActionIcon
                variant="subtle"
                color="red"
                mt={24}
                aria-label={`Remove machine pool ${i + 1}`}
                disabled={draft.pools.length === 1}
                onClick={() => onChange({ ...draft, pools: draft.pools.filter((_, j) => j !== i) })}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Fieldset>
        ))}
        <Group justify="space-between">
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              onChange({
                ...draft,
                pools: [
                  ...draft.pools,
                  {
                    name: `worker-${draft.pools.length}`,
                    controlPlane: false,
                    controlPlaneAsWorker: true,
                    edgeHostUids: '',
                  },
                ],
              })
            }
          >
            Add machine pool
          </Button>
        </Group>
        {error ? <Input.Error role="alert">{error}</Input.Error> : null}
      </Stack>
    </Fieldset>
  );
};
