import { isDeepStrictEqual } from 'node:util';
import { ConflictError, type KubeObject } from '../../model/index.js';
import { evaluate, statusFor } from '../admission/evaluate.js';
import type { ServerContext } from '../context.js';

const MAX_DEPTH = 4;

/**
 * Re-checks the objects that refer to `changed` (a bundle waiting for its profile, a pool waiting
 * for its bundle, …) and stores their new status when it differs, so `kubectl apply -f dir/` works in
 * any file order. Follows chains of dependents a few levels deep.
 */
export const reevaluateDependents = async (
  ctx: ServerContext,
  changed: KubeObject,
  depth = 0,
): Promise<void> => {
  if (depth >= MAX_DEPTH) return;
  // A Project serves the namespace named in its spec, not the one it lives in.
  const ns =
    changed.kind === 'Project'
      ? ((changed.spec as { namespace?: string } | undefined)?.namespace ?? '')
      : (changed.metadata.namespace ?? '');
  for (const d of ctx.refs.dependentsOf(changed.kind, ns, changed.metadata.name)) {
    const current = await ctx.store.get(d);
    if (!current) continue;
    const e = await evaluate(structuredClone(current), ctx.store, 'Strict', ctx.lists);
    const status = statusFor(current, e);
    if (!status || isDeepStrictEqual(status, current.status)) continue;
    try {
      const stored = await ctx.store.update({ ...current, status }, current.metadata.resourceVersion);
      await reevaluateDependents(ctx, stored, depth + 1);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err; // a concurrent write re-evaluates it anyway
    }
  }
};
