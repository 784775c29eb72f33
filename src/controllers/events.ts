/**
 * Core v1 Events for the steps controllers take (SPEC §6: `kubectl get events`, `kubectl
 * describe`), written through the write pipeline like everything else. A repeat of the same
 * reason and message on the same object counts up the existing Event instead of adding one.
 */
import { createHash } from 'node:crypto';
import { kubeTimestamp, type KubeObject } from '../model/index.js';
import type { ControllerContext } from './context.js';

/** The component Events name as their source. */
export const EVENT_SOURCE = 'paletteai-controllers';

export interface EventNote {
  type: 'Normal' | 'Warning';
  /** UpperCamelCase, e.g. `Planned`, `Delivered`, `DeliveryFailed`. */
  reason: string;
  /** For a person; never a Secret's value. */
  message: string;
}

/** Records one step on `object` (its namespace; `default` for a cluster-scoped object). */
export const recordEvent = async (
  ctx: ControllerContext,
  object: KubeObject,
  note: EventNote,
): Promise<void> => {
  const namespace = object.metadata.namespace ?? 'default';
  const id = createHash('sha256')
    .update(`${object.kind}/${object.metadata.name}/${note.reason}/${note.message}`)
    .digest('hex')
    .slice(0, 16);
  const name = `${object.metadata.name}.${id}`.slice(0, 253);
  const time = kubeTimestamp(ctx.now());
  const key = { kind: 'Event', namespace, name };
  const existing = await ctx.store.get(key);
  if (existing) {
    await ctx.pipeline.replace(key, (cur) => ({
      ...cur,
      count: ((cur as { count?: number }).count ?? 1) + 1,
      lastTimestamp: time,
    }));
    return;
  }
  await ctx.pipeline.create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
    },
    reason: note.reason,
    message: note.message,
    type: note.type,
    source: { component: EVENT_SOURCE },
    reportingComponent: EVENT_SOURCE,
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
  } as unknown as KubeObject);
};
