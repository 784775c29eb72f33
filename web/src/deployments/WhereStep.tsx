/**
 * The wizard's second step: where the deployment runs — an existing pool that can host it (shared,
 * or dedicated and not yet claimed; for a model, inference-engine compatible), or a new dedicated
 * pool, which only bundles that can make one allow. Every pool it cannot use says why.
 */
import { Radio, Stack, Text } from '@mantine/core';
import type { PoolKind } from '../../../src/planner/index.js';
import type { Cause } from '../api/client';

export const NEW_DEDICATED = '__dedicated__';

/** One existing pool as the step offers it. */
export interface PoolOption {
  name: string;
  variant: PoolKind;
  phase?: string;
  bundle: string;
  /** Why it cannot host this deployment. */
  problem?: string;
}

export const WhereStep = ({
  pools,
  kinds,
  value,
  onChange,
  causes,
}: {
  pools: PoolOption[];
  /** Why not an existing pool / a new dedicated pool, per kind (undefined: allowed). */
  kinds: Record<PoolKind, string | undefined>;
  /** A pool name, or NEW_DEDICATED. */
  value: string;
  onChange: (value: string) => void;
  causes: Cause[];
}) => (
  <Radio.Group
    label="Where it runs"
    description="An existing compute pool, or a new dedicated pool made for (and deleted with) this deployment."
    value={value}
    onChange={onChange}
    error={causes.map((c) => `${c.reason}: ${c.message}`).join('; ') || undefined}
  >
    <Stack gap="sm" mt="sm">
      {pools.length === 0 ? (
        <Text size="sm" c="dimmed">
          This project has no compute pools yet.
        </Text>
      ) : null}
      {pools.map((p) => {
        const why = kinds.shared ?? p.problem;
        return (
          <Radio
            key={p.name}
            value={p.name}
            label={p.name}
            disabled={Boolean(why)}
            description={`${p.variant} pool running ${p.bundle}, ${p.phase ?? 'Pending'}${why ? ` — cannot host it: ${why}` : ''}`}
          />
        );
      })}
      <Radio
        value={NEW_DEDICATED}
        label="New dedicated pool"
        disabled={Boolean(kinds.dedicated)}
        description={
          kinds.dedicated
            ? `Not possible: ${kinds.dedicated}`
            : 'Made from the bundle(s) for this deployment only.'
        }
      />
    </Stack>
  </Radio.Group>
);
