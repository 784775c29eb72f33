/**
 * The WorkloadDeployment controller (SPEC §6): renders a deployment's workload profile to
 * manifests, packs them as a Flux OCI artifact, and delivers it to the registry the namespace's
 * Settings name (`ociRegistry`), or by default into the OCI image layout under the data directory.
 * The same render gives the same digest, and an artifact already recorded in `status.artifact` is
 * not pushed again. A registry that is down or refuses the credentials leaves `Delivered=False`
 * saying so, and the work is retried with backoff.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  RegistryAuthError,
  RegistryHttpError,
  RegistryTlsError,
  RegistryUnreachableError,
  packFluxArtifact,
  pushArtifact,
  writeImageLayout,
  type OciArtifact,
} from '../delivery/index.js';
import { condition, type Condition } from '../kinds/index.js';
import type { KubeObject, Project, WorkloadDeployment, WorkloadDeploymentArtifact } from '../model/index.js';
import type { ObjectKey, StoredObject, WatchEvent } from '../storage/store.js';
import type { ControllerContext } from './context.js';
import { recordEvent, type EventNote } from './events.js';
import type { Reconciler } from './runtime/controllerLoop.js';
import {
  artifactStatus,
  deliveryTarget,
  DeliveryProblem,
  renderDeployment,
  settingsFor,
} from './workloadDelivery.js';

export { spokeManifests, type SpokeOptions } from './workloadDelivery.js';

/** The condition types this controller owns. */
const OWNED = new Set(['Rendered', 'Delivered']);

const conditionsOf = (o: KubeObject): Condition[] =>
  (o.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];

/** `creationTimestamp` as RFC 3339 (the artifact's `created`: fixed per deployment, never the clock). */
const createdOf = (wd: KubeObject): string => {
  const t = Date.parse(wd.metadata.creationTimestamp ?? '');
  return (Number.isNaN(t) ? new Date(0) : new Date(t)).toISOString().replace(/\.\d{3}Z$/, 'Z');
};

/** The reason of a delivery error, for `Delivered=False`. */
const reasonOf = (error: Error): string =>
  error instanceof RegistryUnreachableError
    ? 'RegistryUnreachable'
    : error instanceof RegistryAuthError
      ? 'RegistryAuthFailed'
      : error instanceof RegistryTlsError
        ? 'RegistryTlsFailed'
        : error instanceof RegistryHttpError
          ? 'RegistryError'
          : 'DeliveryFailed';

/** What one reconcile decided. */
interface Outcome {
  phase: 'Rendered' | 'Delivered' | 'Failed';
  rendered: { ok: boolean; reason: string; message: string };
  delivered: { ok: boolean; reason: string; message: string };
  artifact?: WorkloadDeploymentArtifact;
  /** Thrown after the status is written, so the work queue retries with backoff. */
  retry?: Error;
}

export const workloadDeploymentReconciler = (ctx: ControllerContext): Reconciler => {
  const { store, pipeline, now } = ctx;

  /** Delivers `artifact` unless `status.artifact` already records it at the same place. */
  const deliver = async (
    wd: WorkloadDeployment,
    artifact: OciArtifact,
  ): Promise<Outcome['delivered'] & { artifact?: WorkloadDeploymentArtifact }> => {
    const ns = wd.metadata.namespace ?? 'default';
    const target = await deliveryTarget(store, ns, wd.metadata.name, ctx.dataDir);
    const reference = target.kind === 'layout' ? target.reference : target.reference(artifact.digest);
    const recorded = wd.status?.artifact;
    const delivered = conditionsOf(wd as KubeObject).some(
      (c) => c.type === 'Delivered' && c.status === 'True',
    );
    const where = target.kind === 'layout' ? `the OCI image layout ${target.dir}` : `registry ${reference}`;
    if (!(delivered && recorded?.digest === artifact.digest && recorded.reference === reference)) {
      const t = performance.now();
      if (target.kind === 'layout') writeImageLayout(target.dir, wd.metadata.name, artifact);
      else await pushArtifact(target.target, wd.metadata.name, artifact);
      ctx.timing?.('push', performance.now() - t);
    }
    return {
      ok: true,
      reason: 'Delivered',
      message: `artifact ${artifact.digest} delivered to ${where}`,
      artifact: artifactStatus(reference, artifact),
    };
  };

  const decide = async (wd: WorkloadDeployment): Promise<Outcome> => {
    const kept = wd.status?.artifact ? { artifact: wd.status.artifact } : {};
    let artifact: OciArtifact;
    try {
      const t0 = performance.now();
      const { objects, revision } = await renderDeployment(store, wd);
      const t1 = performance.now();
      artifact = packFluxArtifact(objects, {
        source: `paletteai://${wd.metadata.namespace ?? 'default'}/workloaddeployments/${wd.metadata.name}`,
        revision,
        created: createdOf(wd as KubeObject),
      });
      ctx.timing?.('render', t1 - t0);
      ctx.timing?.('pack', performance.now() - t1);
    } catch (error) {
      const problem =
        error instanceof DeliveryProblem ? error : new DeliveryProblem('RenderFailed', String(error));
      return {
        phase: 'Failed',
        rendered: { ok: false, reason: problem.reason, message: problem.message },
        delivered: {
          ok: false,
          reason: 'NotRendered',
          message: 'nothing to deliver until the deployment renders',
        },
        ...kept,
      };
    }
    const rendered = {
      ok: true,
      reason: 'Rendered',
      message: `rendered ${wd.spec.workloadProfile.name} as Flux artifact ${artifact.digest}`,
    };
    try {
      const { artifact: delivered, ...condition } = await deliver(wd, artifact);
      return {
        phase: 'Delivered',
        rendered,
        delivered: condition,
        ...(delivered ? { artifact: delivered } : {}),
      };
    } catch (error) {
      if (error instanceof DeliveryProblem)
        return {
          phase: 'Failed',
          rendered,
          delivered: { ok: false, reason: error.reason, message: error.message },
          ...kept,
        };
      const e = error as Error;
      return {
        phase: 'Failed',
        rendered,
        delivered: { ok: false, reason: reasonOf(e), message: `${e.message}; retrying with backoff` },
        ...kept,
        retry: e,
      };
    }
  };

  const reconcile = async (key: ObjectKey): Promise<void> => {
    const stored = await store.get(key);
    if (!stored) return;
    const wd = stored as unknown as WorkloadDeployment & StoredObject;
    const outcome = await decide(wd);
    const t = now();
    const managed = [
      condition(
        'Rendered',
        outcome.rendered.ok,
        outcome.rendered.reason,
        outcome.rendered.message,
        stored,
        t,
      ),
      condition(
        'Delivered',
        outcome.delivered.ok,
        outcome.delivered.reason,
        outcome.delivered.message,
        stored,
        t,
      ),
    ];
    const { artifact: _old, ...rest } = wd.status ?? {};
    const status = {
      ...rest,
      phase: outcome.phase,
      ...(outcome.artifact ? { artifact: outcome.artifact } : {}),
      ...(stored.metadata.generation !== undefined ? { observedGeneration: stored.metadata.generation } : {}),
      conditions: [...conditionsOf(stored).filter((c) => !OWNED.has(c.type)), ...managed],
    };
    if (!isDeepStrictEqual(status, wd.status)) {
      await pipeline.replace(
        key,
        (cur) => ({
          ...cur,
          metadata: { ...cur.metadata, resourceVersion: wd.metadata.resourceVersion },
          status,
        }),
        { subresource: 'status' },
      );
      const before = conditionsOf(stored);
      const changed = (c: Condition) =>
        !before.some((b) => b.type === c.type && b.status === c.status && b.message === c.message);
      const notes: EventNote[] = [];
      if (changed(managed[0]!))
        notes.push(
          outcome.rendered.ok
            ? { type: 'Normal', reason: 'Rendered', message: outcome.rendered.message }
            : { type: 'Warning', reason: 'RenderFailed', message: outcome.rendered.message },
        );
      if (outcome.rendered.ok && changed(managed[1]!))
        notes.push(
          outcome.delivered.ok
            ? { type: 'Normal', reason: 'Delivered', message: outcome.delivered.message }
            : { type: 'Warning', reason: 'DeliveryFailed', message: outcome.delivered.message },
        );
      for (const note of notes) await recordEvent(ctx, stored, note);
    }
    if (outcome.retry) throw outcome.retry;
  };

  /** The deployments of a namespace, filtered. */
  const deploymentsIn = async (namespace: string, wanted: (wd: WorkloadDeployment) => boolean) =>
    (await ctx.reads.list<WorkloadDeployment>('WorkloadDeployment', namespace))
      .filter(wanted)
      .map((wd) => ({ kind: 'WorkloadDeployment', namespace, name: wd.metadata.name }));

  /** What a change of each watched kind concerns (the rest: every deployment of its namespace). */
  const concerns: Record<string, (e: WatchEvent) => Promise<ObjectKey[]>> = {
    WorkloadDeployment: async (e) => [e.key],
    WorkloadProfile: (e) =>
      deploymentsIn(e.key.namespace, (wd) => wd.spec.workloadProfile.name === e.key.name),
    ProfileBundle: (e) => deploymentsIn(e.key.namespace, (wd) => wd.spec.profileBundle === e.key.name),
    // Only the Secret the namespace's Settings name for the registry's credentials.
    Secret: async (e) =>
      (await settingsFor(store, e.key.namespace))?.spec.ociRegistry?.credentialsSecretRef?.name === e.key.name
        ? deploymentsIn(e.key.namespace, () => true)
        : [],
    // A Project's settingsRef picks the Settings of the namespace it serves.
    Project: (e) => deploymentsIn((e.object as unknown as Project).spec?.namespace ?? '', () => true),
  };
  const keysFor = (e: WatchEvent): Promise<ObjectKey[]> =>
    (concerns[e.key.kind] ?? ((x: WatchEvent) => deploymentsIn(x.key.namespace, () => true)))(e);

  return {
    name: 'workload-deployment controller',
    watches: [
      'WorkloadDeployment',
      'WorkloadProfile',
      'ProfileBundle',
      'Settings',
      'Secret',
      'Project',
      'ComponentDefinition',
      'HelmRepository',
      'OCIRepository',
      'VariableSet',
    ],
    keysFor,
    reconcile,
    resync: () => true,
    resyncKinds: ['WorkloadDeployment'],
  };
};
