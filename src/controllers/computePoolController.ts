/**
 * The compute-pool controller (SPEC §6): plans what a pool deploys of its bundle (the §3 table),
 * records it in `status.plan` with what it ignored and why, `status.inferenceEngine` and the bundle
 * it was built from, says `UpToDate=False` when that bundle changes later, and delivers the
 * bundle's Infrastructure workload profiles as WorkloadDeployments owned by the pool. With the
 * embedded `none` provider no machines are made: the pool is `Planned`, and its `Provisioned`
 * condition says so in words.
 */
import { isDeepStrictEqual } from 'node:util';
import { prefetch } from '../apiserver/index.js';
import { condition, kindModule, type Condition } from '../kinds/index.js';
import {
  LABEL_INFERENCE_ENGINE,
  type ComputePool,
  type KubeObject,
  type ProfileBundle,
  type WorkloadDeployment,
} from '../model/index.js';
import { planWorkflow } from '../planner/index.js';
import { pinnedRevision } from '../rules/index.js';
import type { ObjectKey, StoredObject } from '../storage/store.js';
import type { ControllerContext } from './context.js';
import { recordEvent } from './events.js';
import { respecDeployment } from './ownedDeployments.js';
import { provisionPool } from './poolProvisioning.js';
import type { Reconciler } from './runtime/controllerLoop.js';

import { LABEL_COMPUTE_POOL } from '../model/index.js';
export { LABEL_COMPUTE_POOL };

const conditionsOf = (o: KubeObject): Condition[] =>
  (o.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
const isTrue = (o: KubeObject, type: string) =>
  conditionsOf(o).some((c) => c.type === type && c.status === 'True');

/** The WorkloadDeployment a pool owns for one of its Infrastructure workload profiles. */
const ownedDeployment = (pool: ComputePool, bundle: ProfileBundle, profile: string, revision: number) =>
  ({
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'WorkloadDeployment',
    metadata: {
      name: `${pool.metadata.name}-${profile}`,
      namespace: pool.metadata.namespace,
      labels: { [LABEL_COMPUTE_POOL]: pool.metadata.name },
    },
    spec: {
      owner: { kind: 'ComputePool', name: pool.metadata.name },
      profileBundle: bundle.metadata.name,
      workloadProfile: { name: profile, revision },
      computePool: pool.metadata.name,
    },
  }) satisfies Omit<WorkloadDeployment, 'status'> as unknown as KubeObject;

export const computePoolReconciler = (ctx: ControllerContext): Reconciler => {
  const { store, pipeline, now } = ctx;
  /** Deletes what a pool that is gone owned. */
  const collectOwned = async (key: ObjectKey) => {
    const owned = await store.list('WorkloadDeployment', {
      namespace: key.namespace,
      labels: [{ key: LABEL_COMPUTE_POOL, op: '=', value: key.name }],
    });
    for (const wd of owned.items)
      await pipeline.delete({ kind: wd.kind, namespace: key.namespace, name: wd.metadata.name });
  };

  const reconcile = async (key: ObjectKey): Promise<void | { requeueAfterMs: number }> => {
    const stored = await store.get(key);
    if (!stored) return collectOwned(key);
    const pool = stored as unknown as ComputePool & StoredObject;
    // Admission (and the status controller) say whether it can be planned: until its references
    // resolve and its rules pass, it waits as Pending.
    if (!isTrue(stored, 'ResolvedRefs') || !isTrue(stored, 'Valid')) return;
    const resolver = await prefetch(stored, store);
    const request = kindModule('ComputePool').planRequest?.(stored, resolver);
    const bundle = resolver.profileBundle(key.namespace, pool.spec.profileBundleRef.name);
    if (!request || !bundle) return;
    const { plan } = planWorkflow(request, resolver);
    const t = now();
    const current = {
      name: bundle.metadata.name,
      version: bundle.spec.version,
      generation: bundle.metadata.generation ?? 1,
    };
    const built = pool.status?.bundle ?? current;
    const changed = !isDeepStrictEqual(built, current);
    const failed = plan.checks.filter((c) => c.result === 'fail');
    // A pool whose bundle changed keeps what it was built from: nothing changes under it until
    // it is upgraded, so it is not provisioned again either.
    const made = failed.length
      ? undefined
      : await provisionPool(store, pool, bundle, resolver, plan.variables);
    const managed = [
      ...(made
        ? [
            condition(
              'Provisioned',
              made.provisioned.ok,
              made.provisioned.reason,
              made.provisioned.message,
              stored,
              t,
            ),
          ]
        : []),
      condition(
        'UpToDate',
        !changed,
        changed ? 'BundleChanged' : 'UpToDate',
        changed
          ? `bundle ${current.name} changed since the pool was built (version ${built.version} → ${current.version}, generation ${built.generation} → ${current.generation}); nothing changes under the pool until it is upgraded`
          : `built from bundle ${current.name} ${current.version} (generation ${current.generation})`,
        stored,
        t,
      ),
    ];
    const status = {
      ...(pool.status ?? {}),
      phase: failed.length ? 'Failed' : made!.phase,
      ...(bundle.metadata.labels?.[LABEL_INFERENCE_ENGINE]
        ? { inferenceEngine: bundle.metadata.labels[LABEL_INFERENCE_ENGINE] }
        : {}),
      bundle: built,
      ...(made ? { cluster: made.cluster } : {}),
      plan: {
        deploy: plan.deploy,
        ignored: plan.ignored.map((i) => ({
          kind: i.kind,
          name: i.name,
          bundle: i.bundle,
          reason: i.reason,
        })),
      },
      conditions: [
        ...conditionsOf(stored).filter((c) => !managed.some((m) => m.type === c.type)),
        ...managed,
      ],
    };
    if (!isDeepStrictEqual(status, pool.status)) {
      await pipeline.replace(
        key,
        (cur) => ({
          ...cur,
          metadata: { ...cur.metadata, resourceVersion: pool.metadata.resourceVersion },
          status,
        }),
        { subresource: 'status' },
      );
      if (status.phase !== pool.status?.phase)
        await recordEvent(
          ctx,
          stored,
          failed.length
            ? {
                type: 'Warning',
                reason: 'PlanFailed',
                message: failed.map((c) => `${c.code}: ${c.message}`).join(' '),
              }
            : {
                type: made!.phase === 'Failed' ? 'Warning' : 'Normal',
                reason: made!.phase,
                message: `${plan.deploy.clusterProfiles.length} cluster profile(s) and ${plan.deploy.workloadProfiles.length} workload profile(s) of bundle ${current.name} ${current.version}: ${made!.provisioned.message}`,
              },
        );
      if (
        changed &&
        !(pool.status?.conditions ?? []).some((c) => c.type === 'UpToDate' && c.status === 'False')
      )
        await recordEvent(ctx, stored, {
          type: 'Warning',
          reason: 'BundleChanged',
          message: managed[1]!.message!,
        });
    }
    if (made?.retry) throw made.retry; // written down; the work queue retries with backoff
    if (failed.length || changed || made?.phase === 'Failed') return;
    // The Infrastructure workload profiles the plan deploys run as WorkloadDeployments of the pool.
    // Each at the revision its bundle pins, else the latest: a profile's new revision re-renders.
    for (const name of plan.deploy.workloadProfiles) {
      const pin = pinnedRevision(bundle, name);
      const revision = resolver.workloadProfile(key.namespace, name, pin)?.status?.revision ?? pin ?? 1;
      const wd = ownedDeployment(pool, bundle, name, revision);
      const wdKey = { kind: 'WorkloadDeployment', namespace: key.namespace, name: wd.metadata.name };
      const existing = await store.get(wdKey);
      if (!existing) await pipeline.create(wd);
      else if (
        existing.metadata.labels?.[LABEL_COMPUTE_POOL] === pool.metadata.name &&
        !isDeepStrictEqual(existing.spec, wd.spec)
      )
        await respecDeployment(pipeline, wdKey, wd.spec);
    }
    return made?.requeueAfterMs ? { requeueAfterMs: made.requeueAfterMs } : undefined;
  };

  return {
    name: 'compute-pool controller',
    watches: ['ComputePool', 'ProfileBundle'],
    keysFor: async (e) =>
      e.key.kind === 'ComputePool'
        ? [e.key]
        : (await ctx.reads.dependents(e, e.key)).filter((d) => d.kind === 'ComputePool'),
    reconcile,
    resync: () => true,
    resyncKinds: ['ComputePool'],
  };
};
