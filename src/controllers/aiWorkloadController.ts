/**
 * The AIWorkload controller (SPEC §6): plans an app or model deployment (Model as a Service when a
 * model names no bundle; the compatibility check; variables with their sources, the model id bound
 * to `modelId`/`modelSource`), ensures its pool (an existing one it may claim, or a dedicated one
 * it owns), creates one WorkloadDeployment per deployed workload profile, and aggregates their
 * state: `Pending → Deploying → Delivered` (pool `Planned`) or `Running` (pool `Running`), `Failed`
 * with a condition naming the rule code, the field and the fix. Everything it owns carries the
 * label `palette.ai/owner-aiworkload` and goes when the AIWorkload goes.
 */
import { isDeepStrictEqual } from 'node:util';
import { prefetch } from '../apiserver/index.js';
import { condition, deliveredArtifact, kindModule, servedNamespace, type Condition } from '../kinds/index.js';
import {
  InvalidError,
  kubeTimestamp,
  type AIWorkload,
  type ComputePool,
  type KubeObject,
} from '../model/index.js';
import { planWorkflow, resolveVariables, type PlanContext } from '../planner/index.js';
import { resolveBundle, type Resolver } from '../rules/index.js';
import type { ObjectKey, StoredObject, WatchEvent } from '../storage/store.js';
import {
  compatibleCondition,
  conditionsOf,
  delivered,
  endpointsOf,
  failureMessage,
  isTrue,
  LABEL_OWNER_AIWORKLOAD,
  nextHistory,
  planStatus,
  wantedDeployment,
  type AIWorkloadStatus,
} from './aiWorkloadParts.js';
import type { ControllerContext } from './context.js';
import { SECRET_MASK } from '../providers/index.js';
import { recordEvent, type EventNote } from './events.js';
import { respecDeployment } from './ownedDeployments.js';
import type { Reconciler } from './runtime/controllerLoop.js';

export { LABEL_OWNER_AIWORKLOAD } from './aiWorkloadParts.js';

/** The configs with the values of secret variables masked (status never holds a secret). */
const maskSecrets = (
  configs: NonNullable<AIWorkload['spec']['workloadDeploymentConfigs']>,
  planned: PlanContext,
): NonNullable<AIWorkload['spec']['workloadDeploymentConfigs']> => {
  const secret = new Set(planned.plan.variables.filter((v) => v.secret).map((v) => v.name));
  return configs.map((c) =>
    c.variables
      ? {
          ...c,
          variables: Object.fromEntries(
            Object.entries(c.variables).map(([k, v]) => [k, secret.has(k) ? SECRET_MASK : v]),
          ),
        }
      : c,
  );
};

const ownedBy = (name: string) => [{ key: LABEL_OWNER_AIWORKLOAD, op: '=' as const, value: name }];

const byAge = (a: KubeObject, b: KubeObject) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
  a.metadata.name.localeCompare(b.metadata.name);

export const aiWorkloadReconciler = (ctx: ControllerContext): Reconciler => {
  const { store, pipeline, now } = ctx;

  /** Deletes what an AIWorkload that is gone owned: its WorkloadDeployments and its pool. */
  const collectOwned = async (key: ObjectKey) => {
    for (const kind of ['WorkloadDeployment', 'ComputePool']) {
      const owned = await store.list(kind, { namespace: key.namespace, labels: ownedBy(key.name) });
      for (const o of owned.items)
        await pipeline.delete({ kind, namespace: key.namespace, name: o.metadata.name });
    }
  };

  /** Writes the status when it changed, and an Event when the phase did. */
  const writeStatus = async (
    stored: StoredObject,
    next: Partial<AIWorkloadStatus>,
    conditions: Condition[],
    note?: EventNote,
  ) => {
    // A selection from an earlier plan (when Model as a Service chose) does not outlive it.
    const { selection: _earlier, ...kept } = (stored.status ?? {}) as AIWorkloadStatus;
    const status = {
      ...kept,
      ...next,
      conditions: [
        ...conditionsOf(stored).filter((c) => !conditions.some((m) => m.type === c.type)),
        ...conditions,
      ],
    } as AIWorkloadStatus;
    if (isDeepStrictEqual(status, stored.status)) return;
    const key = { kind: stored.kind, namespace: stored.metadata.namespace ?? '', name: stored.metadata.name };
    await pipeline.replace(
      key,
      (cur) => ({
        ...cur,
        metadata: { ...cur.metadata, resourceVersion: stored.metadata.resourceVersion },
        status,
      }),
      { subresource: 'status' },
    );
    const before = (stored.status as AIWorkloadStatus | undefined)?.phase;
    if (note && status.phase !== before) await recordEvent(ctx, stored, note);
  };

  /** The pool the deployment runs on, once it is usable; otherwise why it is not (yet). */
  const ensurePool = async (
    stored: StoredObject,
    w: AIWorkload,
    plan: PlanContext,
    resolver: Resolver,
  ): Promise<{ pool: ComputePool } | { wait: string } | { refuse: string }> => {
    const ns = stored.metadata.namespace ?? '';
    let name: string;
    if (w.spec.computePoolRef) {
      name = w.spec.computePoolRef.name;
      const pool = (await store.get({ kind: 'ComputePool', namespace: ns, name })) as ComputePool | undefined;
      if (pool?.spec.clusterVariant.dedicated) {
        // A dedicated pool hosts one deployment: its owner, else the first that names it.
        const owner = pool.metadata.labels?.[LABEL_OWNER_AIWORKLOAD];
        const claimants = (await store.list('AIWorkload', { namespace: ns })).items
          .filter((o) => (o as unknown as AIWorkload).spec.computePoolRef?.name === name)
          .sort(byAge);
        const first = owner ?? claimants[0]?.metadata.name;
        if (first && first !== w.metadata.name)
          return {
            refuse: `WF004 spec.computePoolRef: dedicated compute pool "${name}" hosts exactly one deployment, and AIWorkload "${first}" claimed it first; name a shared pool, another dedicated pool, or use dedicatedComputePool: {}.`,
          };
      }
    } else {
      name = w.metadata.name;
      const infra = plan.bundles.find((b) => b.spec.type === 'Infrastructure' || b.spec.type === 'Fullstack');
      if (!infra) return { wait: 'no Infrastructure or Fullstack bundle in the plan to build the pool from' };
      const key = { kind: 'ComputePool', namespace: ns, name };
      const existing = await store.get(key);
      // The pool takes the values its own side declares; the others are the deployment's.
      const infraProfiles = resolveBundle(infra, resolver).workloadProfiles.flatMap((r) =>
        r.object?.spec.type === 'Infrastructure' ? [r.object] : [],
      );
      const declared = new Set(
        resolveVariables(ns, [infra], infraProfiles, {}, resolver).variables.map((v) => v.name),
      );
      const variables = Object.fromEntries(
        Object.entries(w.spec.dedicatedComputePool?.variables ?? {}).filter(([k]) => declared.has(k)),
      );
      const spec = {
        profileBundleRef: { name: infra.metadata.name },
        clusterVariant: { dedicated: {} },
        ...(Object.keys(variables).length ? { variables } : {}),
        ...(w.spec.dedicatedComputePool?.paletteClusterDeploymentConfig
          ? { paletteClusterDeploymentConfig: w.spec.dedicatedComputePool.paletteClusterDeploymentConfig }
          : {}),
      };
      if (!existing) {
        try {
          await pipeline.create({
            apiVersion: 'spectrocloud.com/v1alpha1',
            kind: 'ComputePool',
            metadata: { name, namespace: ns, labels: { [LABEL_OWNER_AIWORKLOAD]: w.metadata.name } },
            spec,
          } as unknown as KubeObject);
        } catch (e) {
          // The rules refuse the pool: say so on the deployment (retrying would not help).
          if (!(e instanceof InvalidError)) throw e;
          return { refuse: `spec.dedicatedComputePool: the compute pool cannot be made: ${e.message}` };
        }
      } else if (existing.metadata.labels?.[LABEL_OWNER_AIWORKLOAD] !== w.metadata.name)
        return {
          refuse: `WF004 spec.dedicatedComputePool: a ComputePool named "${name}" already exists and this deployment does not own it; rename the AIWorkload or delete that pool.`,
        };
      else if (!isDeepStrictEqual(existing.spec, spec))
        await pipeline.replace(key, (cur) => ({ ...cur, spec }));
    }
    const pool = (await store.get({ kind: 'ComputePool', namespace: ns, name })) as ComputePool | undefined;
    const phase = pool?.status?.phase ?? 'missing';
    if (!pool || (phase !== 'Planned' && phase !== 'Running'))
      return { wait: `waiting for compute pool "${name}" to be Planned or Running (it is ${phase})` };
    return { pool };
  };

  const reconcile = async (key: ObjectKey): Promise<void> => {
    const stored = await store.get(key);
    if (!stored) return collectOwned(key);
    const w = stored as unknown as AIWorkload & StoredObject;
    const t = now();
    const was = w.status?.phase;
    // Until its references resolve, admission keeps it Pending and says what it waits for.
    if (!isTrue(stored, 'ResolvedRefs')) return;
    const resolver = await prefetch(stored, store);
    const request = kindModule('AIWorkload').planRequest?.(stored, resolver);
    if (!request) return;
    const planned = planWorkflow(request, resolver);
    const base = planStatus(planned);
    const compatible = compatibleCondition(planned, stored, t);
    const invalid = !isTrue(stored, 'Valid');
    if (!planned.plan.allowed || invalid) {
      // A plan that is not allowed never half-happens: nothing is created.
      const failed = planned.plan.checks.find((c) => c.result === 'fail');
      const message =
        failureMessage(planned) ||
        conditionsOf(stored).find((c) => c.type === 'Valid')?.message ||
        'the deployment breaks a rule';
      const reason = failed?.code ?? 'RulesFailed';
      return writeStatus(
        stored,
        { ...base, phase: 'Failed' },
        [compatible, condition('Planned', false, reason, message, stored, t)],
        { type: 'Warning', reason: 'Failed', message },
      );
    }
    const plannedCondition = condition(
      'Planned',
      true,
      'Planned',
      `deploys ${planned.plan.deploy.workloadProfiles.join(', ') || 'nothing'} of ${planned.plan.bundles.join(' + ')}`,
      stored,
      t,
    );
    if (!w.status?.plan || !isDeepStrictEqual(w.status.plan, base.plan))
      await recordEvent(ctx, stored, {
        type: 'Normal',
        reason: 'Planned',
        message: plannedCondition.message!,
      });

    const target = await ensurePool(stored, w, planned, resolver);
    if ('refuse' in target)
      return writeStatus(
        stored,
        { ...base, phase: 'Failed' },
        [compatible, plannedCondition, condition('PoolReady', false, 'WF004', target.refuse, stored, t)],
        { type: 'Warning', reason: 'Failed', message: target.refuse },
      );
    if ('wait' in target)
      return writeStatus(stored, { ...base, phase: was === 'Failed' || !was ? 'Pending' : was }, [
        compatible,
        plannedCondition,
        condition('PoolReady', false, 'WaitingForPool', target.wait, stored, t),
      ]);
    const pool = target.pool;
    const poolName = pool.metadata.name;
    const poolReady = condition(
      'PoolReady',
      true,
      pool.status?.phase ?? 'Planned',
      `compute pool "${poolName}" is ${pool.status?.phase}`,
      stored,
      t,
    );

    // One WorkloadDeployment per deployed workload profile. A dedicated pool of its own delivers its
    // Infrastructure profiles itself (as `<pool>-<profile>`, the same name): they are left to it.
    const ns = key.namespace;
    const profiles = planned.profiles.filter(
      (p) => !(w.spec.dedicatedComputePool && p.spec.type === 'Infrastructure'),
    );
    const bundleOf = (profile: string) =>
      planned.bundles.find((b) => (b.spec.workloadProfiles ?? []).some((r) => r.name === profile))?.metadata
        .name ?? planned.plan.bundles[0]!;
    const wanted = profiles.map((p) => wantedDeployment(w, bundleOf(p.metadata.name), p, poolName, planned));
    for (const wd of wanted) {
      const wdKey = { kind: 'WorkloadDeployment', namespace: ns, name: wd.metadata.name };
      const existing = await store.get(wdKey);
      if (!existing) await pipeline.create(wd);
      else if (existing.metadata.labels?.[LABEL_OWNER_AIWORKLOAD] !== w.metadata.name) {
        const message = `WorkloadDeployment "${wd.metadata.name}" exists and belongs to another owner; rename the AIWorkload or delete it.`;
        return writeStatus(
          stored,
          { ...base, phase: 'Failed' },
          [
            compatible,
            plannedCondition,
            poolReady,
            condition('Delivered', false, 'NameTaken', message, stored, t),
          ],
          { type: 'Warning', reason: 'Failed', message },
        );
      } else if (!isDeepStrictEqual(existing.spec, wd.spec)) {
        await respecDeployment(pipeline, wdKey, wd.spec);
      }
    }
    const names = new Set(wanted.map((x) => x.metadata.name));
    for (const old of (await store.list('WorkloadDeployment', { namespace: ns, labels: ownedBy(key.name) }))
      .items)
      if (!names.has(old.metadata.name))
        await pipeline.delete({ kind: 'WorkloadDeployment', namespace: ns, name: old.metadata.name });

    // Aggregate what the WorkloadDeployments delivered.
    const current = await Promise.all(
      wanted.map((wd) => store.get({ kind: 'WorkloadDeployment', namespace: ns, name: wd.metadata.name })),
    );
    const waiting = wanted.filter((_, i) => !delivered(current[i])).map((x) => x.metadata.name);
    const done = waiting.length === 0;
    const phase = !done ? 'Deploying' : pool.status?.phase === 'Running' ? 'Running' : 'Delivered';
    const artifacts = current.flatMap((wd) => (wd ? [deliveredArtifact(wd)] : []));
    const history = done
      ? nextHistory(w.status?.history ?? [], artifacts, w.metadata.generation ?? 1, kubeTimestamp(t), {
          ...(w.spec.profileBundleRefs ? { profileBundleRefs: w.spec.profileBundleRefs } : {}),
          ...(w.spec.model ? { model: w.spec.model } : {}),
          ...(w.spec.workloadDeploymentConfigs
            ? { workloadDeploymentConfigs: maskSecrets(w.spec.workloadDeploymentConfigs, planned) }
            : {}),
        })
      : (w.status?.history ?? []);
    const deliveredCondition = condition(
      'Delivered',
      done,
      done ? 'Delivered' : 'Rendering',
      done
        ? `every WorkloadDeployment is delivered${phase === 'Delivered' ? `; compute pool "${poolName}" is Planned, so no cluster runs them` : ''}`
        : `waiting for ${waiting.join(', ')} to be delivered`,
      stored,
      t,
    );
    const note: EventNote =
      phase === 'Deploying'
        ? {
            type: 'Normal',
            reason: 'Deploying',
            message: `created ${wanted.map((x) => x.metadata.name).join(', ')} on compute pool "${poolName}"`,
          }
        : { type: 'Normal', reason: phase, message: deliveredCondition.message! };
    return writeStatus(
      stored,
      {
        ...base,
        phase,
        artifacts,
        endpoints: endpointsOf(profiles, ns),
        ...(history.length ? { history } : {}),
      },
      [compatible, plannedCondition, poolReady, deliveredCondition],
      note,
    );
  };

  /** The AIWorkloads that refer to (or may pick) what changed. */
  const dependentsOf = async (e: WatchEvent, target: ObjectKey): Promise<ObjectKey[]> =>
    (await ctx.reads.dependents(e, target)).filter((d) => d.kind === 'AIWorkload');

  return {
    name: 'aiworkload controller',
    watches: ['AIWorkload', 'WorkloadDeployment', 'ComputePool', 'ProfileBundle', 'Project'],
    keysFor: async (e) => {
      const ns = e.key.namespace;
      if (e.key.kind === 'AIWorkload') return [e.key];
      if (e.key.kind === 'WorkloadDeployment') {
        const owner = (e.object.spec as { owner?: { kind?: string; name?: string } } | undefined)?.owner;
        return owner?.kind === 'AIWorkload' && owner.name
          ? [{ kind: 'AIWorkload', namespace: ns, name: owner.name }]
          : [];
      }
      // A Project serves another namespace: the deployments there may pick by its mappings.
      if (e.key.kind === 'Project')
        return dependentsOf(e, { ...e.key, namespace: servedNamespace(e.object) });
      // Most changes carry no owner label: the text tells without parsing the object.
      const owner = e.json.includes(LABEL_OWNER_AIWORKLOAD)
        ? e.object.metadata.labels?.[LABEL_OWNER_AIWORKLOAD]
        : undefined;
      return [
        ...(await dependentsOf(e, e.key)),
        ...(owner ? [{ kind: 'AIWorkload', namespace: ns, name: owner }] : []),
      ];
    },
    reconcile,
    resync: () => true,
    resyncKinds: ['AIWorkload'],
  };
};
