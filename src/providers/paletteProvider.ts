import {
  LABEL_CLUSTER_PROFILE,
  LAYER_TYPES,
  type ClusterProfile,
  type ClusterProfileType,
  type ComputePool,
  type Layer,
  type ProfileBundle,
} from '../model/index.js';
import { buildClusterPlan, type ClusterPlan, type ResolvedVariable } from './clusterPlan.js';
import { PaletteClient } from './paletteClient.js';
import type { PaletteEdgeNativeClusterEntity, PaletteProfileSummary } from './paletteTypes.js';
import type {
  ClusterHandle,
  ClusterStatus,
  EdgeMachinePool,
  InfrastructureProvider,
  ProvisionOutcome,
  ProvisionRequest,
} from './provider.js';
import { ProviderError, requireSecret, type SecretKeyRef, type SecretValue } from './providerError.js';

/** Palette profile types (`V1ProfileType`) and the ClusterProfile types they become (SPEC §2.3). */
export const PALETTE_PROFILE_TYPES: Readonly<Record<string, ClusterProfileType>> = {
  infra: 'Infrastructure',
  'add-on': 'Add-on',
  cluster: 'Full',
};

/** The key read from the API key Secret when Settings name none. */
export const DEFAULT_PALETTE_API_KEY = 'apiKey';

/** What a {@link PaletteProvider} needs: Settings `spec.palette`, the Secret reader, its namespace. */
export interface PaletteProviderOptions {
  endpoint: string;
  projectUid: string;
  apiKeySecretRef: SecretKeyRef;
  secretValue: SecretValue;
  /** Namespace of the Settings: profiles read from Palette are listed there. */
  namespace: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const dnsName = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200) || 'profile';

/**
 * Provider `palette` (SPEC §6): the project's cluster profiles come from Palette, and a pool's
 * cluster is an edge-native cluster created there from the bundle's profiles, followed until it
 * runs and deleted with the pool.
 */
export class PaletteProvider implements InfrastructureProvider {
  readonly name = 'palette' as const;
  /** The REST client, for callers that need a call the interface does not offer. */
  readonly client: PaletteClient;

  constructor(private readonly options: PaletteProviderOptions) {
    const ref = {
      name: options.apiKeySecretRef.name,
      key: options.apiKeySecretRef.key ?? DEFAULT_PALETTE_API_KEY,
    };
    this.client = new PaletteClient({
      endpoint: options.endpoint,
      projectUid: options.projectUid,
      apiKeySecretRef: ref,
      apiKey: () => requireSecret(options.secretValue, ref, DEFAULT_PALETTE_API_KEY, 'the Palette API key'),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  plan(
    pool: ComputePool,
    bundle: ProfileBundle,
    profiles: readonly ClusterProfile[],
    variables: readonly ResolvedVariable[],
  ): ClusterPlan {
    return buildClusterPlan('palette', pool, bundle, profiles, variables);
  }

  /**
   * The project's published Infrastructure, Full and Add-on profiles as ClusterProfile objects
   * (named `<name>-<version>`, labelled with the Palette name, `spec.uid` the Palette uid). System
   * profiles, drafts and profiles without packs are left out; `kernel` layers have no ClusterProfile
   * layer type and are left out too.
   */
  async listClusterProfiles(): Promise<ClusterProfile[]> {
    const items = await this.client.listClusterProfiles({
      filter: { profileType: Object.keys(PALETTE_PROFILE_TYPES) },
    });
    return items.flatMap((item) => {
      const profile = this.toClusterProfile(item);
      return profile ? [profile] : [];
    });
  }

  private toClusterProfile(item: PaletteProfileSummary): ClusterProfile | undefined {
    const published = item.specSummary?.published;
    const type = PALETTE_PROFILE_TYPES[published?.type ?? ''];
    const name = item.metadata?.name;
    if (!published || !type || !name) return undefined;
    const version = item.specSummary?.version ?? '1.0.0';
    const layers: Layer[] = (published.packs ?? []).flatMap((p) => {
      const layerType = LAYER_TYPES.find((t) => t === p.layer);
      if (!layerType || !p.name) return [];
      return [{ type: layerType, pack: { name: p.name, version: p.tag ?? p.version ?? 'unknown' } }];
    });
    if (layers.length === 0) return undefined;
    return {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ClusterProfile',
      metadata: {
        name: dnsName(`${name}-${version}`),
        namespace: this.options.namespace,
        labels: { [LABEL_CLUSTER_PROFILE]: name },
      },
      spec: {
        type,
        cloudType: published.cloudType ?? 'all',
        version,
        ...(item.metadata?.uid ? { uid: item.metadata.uid } : {}),
        layers,
      },
      status: { source: `palette project ${this.options.projectUid}` },
    };
  }

  /**
   * Creates an edge-native cluster from the plan's profiles (each must carry its Palette uid) on
   * the request's edge hosts. Resolved variables stay in the recorded plan: the documented
   * `V1SpectroClusterProfileEntity` has no field for profile variables, so none are sent.
   */
  async provision(request: ProvisionRequest): Promise<ProvisionOutcome> {
    const noUid = request.plan.profiles.filter((p) => !p.uid).map((p) => p.name);
    if (noUid.length > 0) {
      throw new ProviderError(
        'InvalidRequest',
        `cluster profiles ${noUid.join(', ')} have no Palette uid: a palette pool can only use profiles read from Palette project ${this.options.projectUid}`,
      );
    }
    if (request.plan.profiles.length === 0) {
      throw new ProviderError(
        'InvalidRequest',
        'the plan has no cluster profile: an edge-native cluster needs an Infrastructure or Full profile',
      );
    }
    const pools = request.machinePools ?? [];
    if (!pools.some((p) => p.controlPlane && p.edgeHostUids.length > 0)) {
      throw new ProviderError(
        'InvalidRequest',
        `cluster "${request.clusterName}" needs a control-plane machine pool with at least one edge host uid: set spec.paletteClusterDeploymentConfig.machinePools (one with controlPlane: true and edgeHostUids from Palette's Clusters → Edge Hosts) and controlPlaneEndpoint.host (the reserved VIP)`,
      );
    }
    const entity: PaletteEdgeNativeClusterEntity = {
      metadata: { name: request.clusterName, ...(request.labels ? { labels: request.labels } : {}) },
      spec: {
        ...(request.controlPlaneEndpoint
          ? {
              cloudConfig: {
                controlPlaneEndpoint: {
                  host: request.controlPlaneEndpoint.host,
                  type: request.controlPlaneEndpoint.type ?? 'VIP',
                },
              },
            }
          : {}),
        machinepoolconfig: pools.map(machinePool),
        profiles: request.plan.profiles.map((p) => ({ uid: p.uid as string })),
      },
    };
    const uid = await this.client.createEdgeNativeCluster(entity);
    return {
      phase: 'Provisioning',
      handle: { provider: 'palette', uid },
      message: `Palette is creating edge-native cluster "${request.clusterName}" (uid ${uid}) from profiles ${request.plan.profiles.map((p) => `${p.name}@${p.version}`).join(', ')}`,
    };
  }

  /**
   * Palette's `status.state` in pool terms: `Running` is Running; `Deleting` and `Deleted` pass
   * through; a cluster gone from the project is `Deleted`. Palette documents the state only as "current
   * operational state", so any other word (Pending, Provisioning, Importing, …) is Provisioning,
   * except `Failed`, or a condition with status `False`, which is Failed with Palette's message.
   */
  async status(handle: ClusterHandle): Promise<ClusterStatus> {
    let cluster;
    try {
      cluster = await this.client.getCluster(handle.uid);
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'NotFound')
        return { phase: 'Deleted', message: error.message };
      throw error;
    }
    const state = cluster.status?.state ?? 'Pending';
    const failed = (cluster.status?.conditions ?? []).find((c) => c.status === 'False' && c.message);
    const name = cluster.metadata?.name ?? handle.uid;
    if (state === 'Running')
      return { phase: 'Running', message: `Palette cluster "${name}" is Running`, providerState: state };
    if (state === 'Deleting' || state === 'Deleted') {
      return { phase: state, message: `Palette cluster "${name}" is ${state}`, providerState: state };
    }
    if (state === 'Failed' || failed) {
      const why = failed ? `${failed.type ?? 'condition'}: ${failed.message}` : 'no reason given';
      return {
        phase: 'Failed',
        message: `Palette cluster "${name}" failed (${why}); see the cluster's events in Palette`,
        providerState: state,
      };
    }
    return { phase: 'Provisioning', message: `Palette cluster "${name}" is ${state}`, providerState: state };
  }

  /** Deletes the cluster in Palette; a cluster already gone is fine. */
  async delete(handle: ClusterHandle): Promise<void> {
    try {
      await this.client.deleteCluster(handle.uid);
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'NotFound') return;
      throw error;
    }
  }
}

const machinePool = (
  p: EdgeMachinePool,
): PaletteEdgeNativeClusterEntity['spec']['machinepoolconfig'][number] => ({
  cloudConfig: { edgeHosts: p.edgeHostUids.map((hostUid) => ({ hostUid })) },
  poolConfig: {
    name: p.name,
    labels: p.labels ?? [p.controlPlane ? 'control-plane' : 'worker'],
    size: p.edgeHostUids.length,
    ...(p.controlPlane
      ? { isControlPlane: true, useControlPlaneAsWorker: p.controlPlaneAsWorker ?? true }
      : {}),
  },
});
