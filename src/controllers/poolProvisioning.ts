/**
 * The infrastructure step of a compute pool: the provider its Settings choose plans the cluster
 * (profile stack, packs, resolved variables) and makes it — or, with the embedded `none`, only
 * records the plan. What the pool controller writes into `status.cluster`, its phase and its
 * `Provisioned` condition comes from here.
 */
import type { ComputePool, ProfileBundle } from '../model/index.js';
import type { EffectiveVariable } from '../planner/index.js';
import { providerFor, ProviderError, type ClusterHandle } from '../providers/index.js';
import { resolveBundle, type Resolver } from '../rules/index.js';
import type { StoreReader } from '../storage/store.js';
import { secretValues, settingsFor } from './settings.js';

/** What provisioning says of a pool. */
export interface Provisioning {
  phase: 'Planned' | 'Provisioning' | 'Running' | 'Failed';
  /** The `Provisioned` condition. */
  provisioned: { ok: boolean; reason: string; message: string };
  cluster: { provider: string; uid?: string; plan?: Record<string, unknown> };
  /** Ask again after this long (a cluster on its way). */
  requeueAfterMs?: number;
  /** A failure worth retrying with backoff (the provider was unreachable). */
  retry?: Error;
}

/** How often a provisioning cluster is looked at. */
const POLL_MS = 5_000;

export const provisionPool = async (
  store: StoreReader,
  pool: ComputePool,
  bundle: ProfileBundle,
  resolver: Resolver,
  variables: readonly EffectiveVariable[],
): Promise<Provisioning> => {
  const ns = pool.metadata.namespace ?? '';
  const settings = await settingsFor(store, ns);
  const name = settings?.spec.infrastructureProvider ?? 'none';
  const previous = (pool.status as { cluster?: { uid?: string } } | undefined)?.cluster;
  try {
    const provider = providerFor(settings, secretValues(store, ns));
    const profiles = resolveBundle(bundle, resolver).clusterProfiles.flatMap((r) =>
      r.object ? [r.object] : [],
    );
    const plan = provider.plan(
      pool,
      bundle,
      profiles,
      variables.map((v) => ({ name: v.name, value: v.value, source: v.source, secret: v.secret })),
    );
    const cluster = { provider: provider.name, plan: plan as unknown as Record<string, unknown> };
    if (previous?.uid) {
      const handle: ClusterHandle = {
        provider: provider.name as ClusterHandle['provider'],
        uid: previous.uid,
      };
      const s = await provider.status(handle);
      const phase = s.phase === 'Running' ? 'Running' : s.phase === 'Failed' ? 'Failed' : 'Provisioning';
      return {
        phase,
        provisioned: { ok: phase === 'Running', reason: s.providerState ?? phase, message: s.message },
        cluster: { ...cluster, uid: previous.uid },
        ...(phase === 'Provisioning' ? { requeueAfterMs: POLL_MS } : {}),
      };
    }
    const edge = pool.spec.paletteClusterDeploymentConfig;
    const outcome = await provider.provision({
      plan,
      clusterName: `${ns}-${pool.metadata.name}`,
      ...(edge?.machinePools ? { machinePools: edge.machinePools } : {}),
      ...(edge?.controlPlaneEndpoint ? { controlPlaneEndpoint: edge.controlPlaneEndpoint } : {}),
    });
    if (outcome.phase === 'Planned')
      return {
        phase: 'Planned',
        provisioned: { ok: false, reason: 'NoInfrastructureProvider', message: outcome.message },
        cluster,
      };
    return {
      phase: outcome.phase,
      provisioned: { ok: outcome.phase === 'Running', reason: outcome.phase, message: outcome.message },
      cluster: { ...cluster, uid: outcome.handle.uid },
      ...(outcome.phase === 'Provisioning' ? { requeueAfterMs: POLL_MS } : {}),
    };
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    return {
      phase: e.retryable ? 'Provisioning' : 'Failed',
      provisioned: { ok: false, reason: e.code, message: `infrastructure provider "${name}": ${e.message}` },
      cluster: { provider: name, ...(previous?.uid ? { uid: previous.uid } : {}) },
      ...(e.retryable ? { retry: e } : {}),
    };
  }
};
