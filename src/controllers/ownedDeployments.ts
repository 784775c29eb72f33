/** What the controllers that own WorkloadDeployments (AIWorkloads, pools) do to them alike. */
import type { WritePipeline } from '../apiserver/index.js';
import type { KubeObject } from '../model/index.js';
import type { ObjectKey } from '../storage/store.js';
import { conditionsOf } from './aiWorkloadParts.js';

/**
 * Gives an owned WorkloadDeployment a new spec (another bundle, variables, or revision of its
 * workload profile): it renders again, and what the old spec delivered no longer counts, so its
 * status goes back to Pending without its Delivered condition until the new render is delivered.
 */
export const respecDeployment = async (
  pipeline: WritePipeline,
  key: ObjectKey,
  spec: KubeObject['spec'],
): Promise<void> => {
  const updated = await pipeline.replace(key, (cur) => ({ ...cur, spec }));
  await pipeline.replace(
    key,
    (cur) => ({
      ...cur,
      metadata: { ...cur.metadata, resourceVersion: updated.object.metadata.resourceVersion },
      status: { conditions: conditionsOf(cur).filter((c) => c.type !== 'Delivered'), phase: 'Pending' },
    }),
    { subresource: 'status' },
  );
};
