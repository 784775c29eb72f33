/**
 * The status controller: when an object changes, the objects that refer to it are checked again
 * and their status written when it changes (a bundle waiting for its profile turns Ready, a pool
 * waiting for its bundle resolves), so `kubectl apply -f dir/` works in any file order. It follows
 * the store's changes, whichever process or path wrote them, and writes through the write pipeline.
 */
import { KINDS, type KubeObject } from '../model/index.js';
import { kindModule, servedNamespace } from '../kinds/index.js';
import type { ObjectKey, WatchEvent } from '../storage/store.js';
import type { ControllerContext } from './context.js';
import type { Reconciler } from './runtime/controllerLoop.js';

/** Whether an object's references were all there when its status was last computed. */
const resolved = (o: KubeObject): boolean =>
  ((o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
    (c) => c.type === 'ResolvedRefs' && c.status === 'True',
  );

/** The status controller's reconciler (run by a ControllerLoop). */
export const statusReconciler = ({ reads, pipeline }: ControllerContext): Reconciler => ({
  name: 'status controller',
  watches: KINDS.map((k) => k.kind),
  // Only a kind that serves another namespace (a Project) needs its object read.
  keysFor: (e: WatchEvent): Promise<readonly ObjectKey[]> => {
    const target = kindModule(e.key.kind).servedNamespace
      ? { ...e.key, namespace: servedNamespace(e.object) }
      : e.key;
    return reads.dependents(e, target);
  },
  reconcile: async (key) => void (await pipeline.recheck(key)),
  // What waited for references when no controller ran may be resolvable now.
  resync: (o) => !resolved(o),
  resyncKinds: KINDS.filter((k) => kindModule(k.kind).status).map((k) => k.kind),
});
