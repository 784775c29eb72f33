import type { ClusterProfile, ComputePool, ProfileBundle, Settings } from '../model/index.js';
import type { ClusterPlan, ProviderName, ResolvedVariable } from './clusterPlan.js';
import { KubeconfigProvider } from './kubeconfigProvider.js';
import { NoneProvider } from './noneProvider.js';
import { PaletteProvider } from './paletteProvider.js';
import { ProviderError, type SecretKeyRef, type SecretValue } from './providerError.js';

/** A cluster a provider made or adopted; stored in the pool's status to follow and delete it. */
export interface ClusterHandle {
  provider: Exclude<ProviderName, 'none'>;
  /** Palette: the cluster uid. kubeconfig: the API server URL of the adopted cluster. */
  uid: string;
}

/** One machine pool of an edge-native cluster: the edge hosts (Palette edge host uids) it is made of. */
export interface EdgeMachinePool {
  name: string;
  /** Whether this pool runs the control plane; exactly one pool should. @default false */
  controlPlane?: boolean;
  /** Let workloads run on control-plane nodes too. @default true for the control-plane pool */
  controlPlaneAsWorker?: boolean;
  edgeHostUids: string[];
  /** Palette machine pool labels, e.g. `gpu`. @default ['control-plane'] or ['worker'] */
  labels?: string[];
}

/** What a ComputePool controller asks for: make (or adopt) the cluster of a recorded plan. */
export interface ProvisionRequest {
  plan: ClusterPlan;
  /** Name of the cluster at the provider; the controller derives it from the pool. */
  clusterName: string;
  /** Palette: the edge hosts to build the cluster from. Ignored by other providers. */
  machinePools?: EdgeMachinePool[];
  /** Palette: the control-plane endpoint (a VIP, or a DDNS name). */
  controlPlaneEndpoint?: { host: string; type?: 'VIP' | 'DDNS' };
  /** Labels put on the provider's cluster object. */
  labels?: Record<string, string>;
}

/**
 * What provisioning started: `Planned` when no machines are made (provider `none`), else a handle to
 * follow with {@link InfrastructureProvider.status}.
 */
export type ProvisionOutcome =
  | { phase: 'Planned'; message: string }
  | { phase: 'Provisioning' | 'Running'; handle: ClusterHandle; message: string };

/** Phase of a provider's cluster, in ComputePool terms (`Deleted`: gone at the provider). */
export type ClusterPhase = 'Planned' | 'Provisioning' | 'Running' | 'Failed' | 'Deleting' | 'Deleted';

/** Where a cluster stands, with a message to show in the pool's conditions. */
export interface ClusterStatus {
  phase: ClusterPhase;
  message: string;
  /** The provider's own word for the state (Palette `status.state`), when it has one. */
  providerState?: string;
}

/** A Kubernetes object to deliver to a cluster (a Flux `OCIRepository` or `Kustomization`). */
export interface DeliveryObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** The `Ready` condition of one delivered object, as read back from the cluster. */
export interface ObjectReadiness {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** `Unknown` while the object's controller has not reported yet. */
  ready: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** Readiness of a set of delivered objects; `ready` when every object is `Ready=True`. */
export interface DeliveryReport {
  ready: boolean;
  objects: ObjectReadiness[];
}

/**
 * What a ComputePool controller needs from the infrastructure behind a project (SPEC §6), one
 * implementation per Settings `spec.infrastructureProvider`. No method logs, and no error or message
 * carries a Secret's value.
 */
export interface InfrastructureProvider {
  readonly name: ProviderName;
  /**
   * The cluster plan to record in the pool's status: the profile stack (with layers and packs) the
   * bundle resolves to among `profiles`, and the resolved `variables` (secret values masked).
   * @throws ProviderError `InvalidRequest` naming every bundle profile reference not found.
   */
  plan(
    pool: ComputePool,
    bundle: ProfileBundle,
    profiles: readonly ClusterProfile[],
    variables: readonly ResolvedVariable[],
  ): ClusterPlan;
  /** Starts making (or adopts) the cluster of a plan; `Planned` when the provider makes none. */
  provision(request: ProvisionRequest): Promise<ProvisionOutcome>;
  /** Where the cluster of a handle stands now. */
  status(handle: ClusterHandle): Promise<ClusterStatus>;
  /** Deletes the cluster (or lets go of an adopted one); a cluster already gone is not an error. */
  delete(handle: ClusterHandle): Promise<void>;
  /** The cluster profiles the provider offers (the bundle wizard's picker); `none` offers none. */
  listClusterProfiles(): Promise<ClusterProfile[]>;
  /**
   * Applies a WorkloadDeployment's Flux objects to the cluster and reads their `Ready` back. Absent
   * when the provider has no cluster to deliver to (deployments then reach the registry only).
   */
  deliver?(handle: ClusterHandle, objects: readonly DeliveryObject[]): Promise<DeliveryReport>;
  /** Reads the `Ready` condition of objects delivered earlier. Present when `deliver` is. */
  readiness?(handle: ClusterHandle, objects: readonly DeliveryObject[]): Promise<DeliveryReport>;
}

/** Knobs for {@link providerFor}; tests and the server set them, users do not. */
export interface ProviderOptions {
  /** The `fetch` used for Palette. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Time allowed for one Palette request. @default 30000 */
  requestTimeoutMs?: number;
  /** Server-side apply field manager for delivered objects. @default 'paletteai' */
  fieldManager?: string;
}

/**
 * The Secret used for a `kubeconfig` provider when Settings name none (`spec.kubeconfig.secretRef`):
 * the Cluster API and Flux `kubeConfig` convention.
 */
export const DEFAULT_KUBECONFIG_SECRET: Required<SecretKeyRef> = { name: 'kubeconfig', key: 'value' };

/**
 * The provider a project's Settings choose (`spec.infrastructureProvider`, default `none`). Secrets
 * are read through `secretValue` when a request needs them, so a rotated key is used at once.
 * @throws ProviderError `InvalidRequest` when `palette` is chosen without a `spec.palette` block.
 */
export const providerFor = (
  settings: Settings | undefined,
  secretValue: SecretValue,
  options: ProviderOptions = {},
): InfrastructureProvider => {
  const choice = settings?.spec.infrastructureProvider ?? 'none';
  switch (choice) {
    case 'none':
      return new NoneProvider();
    case 'palette': {
      const palette = settings?.spec.palette;
      if (!palette) {
        throw new ProviderError(
          'InvalidRequest',
          `Settings "${settings?.metadata.name}" choose infrastructureProvider: palette but have no spec.palette; add endpoint, projectUid and apiKeySecretRef`,
        );
      }
      return new PaletteProvider({
        endpoint: palette.endpoint,
        projectUid: palette.projectUid,
        apiKeySecretRef: palette.apiKeySecretRef,
        secretValue,
        namespace: settings.metadata.namespace ?? 'default',
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
      });
    }
    case 'kubeconfig':
      return new KubeconfigProvider({
        secretRef: settings?.spec.kubeconfig?.secretRef ?? DEFAULT_KUBECONFIG_SECRET,
        secretValue,
        ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
      });
  }
};
