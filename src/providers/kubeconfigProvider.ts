import type { KubeConfig, KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import type { ClusterProfile, ComputePool, ProfileBundle } from '../model/index.js';
import { buildClusterPlan, type ClusterPlan, type ResolvedVariable } from './clusterPlan.js';
import type {
  ClusterHandle,
  ClusterStatus,
  DeliveryObject,
  DeliveryReport,
  InfrastructureProvider,
  ObjectReadiness,
  ProvisionOutcome,
  ProvisionRequest,
} from './provider.js';
import { ProviderError, requireSecret, type SecretKeyRef, type SecretValue } from './providerError.js';

/** The Flux API groups a delivery needs on the adopted cluster. */
export const FLUX_GROUPS = ['source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io'] as const;

/** What a {@link KubeconfigProvider} needs: where the kubeconfig lives and how to read it. */
export interface KubeconfigProviderOptions {
  secretRef: SecretKeyRef;
  secretValue: SecretValue;
  /** Server-side apply field manager. @default 'paletteai' */
  fieldManager?: string;
}

interface Connection {
  kc: KubeConfig;
  server: string;
  objects: KubernetesObjectApi;
}

/**
 * Provider `kubeconfig` (SPEC §6): adopts an existing cluster from a kubeconfig held in a Secret
 * (nothing is made or deleted) and delivers each WorkloadDeployment's Flux `OCIRepository` +
 * `Kustomization` there with server-side apply, reading their `Ready` condition back. The client is
 * `@kubernetes/client-node`, loaded on first use.
 */
export class KubeconfigProvider implements InfrastructureProvider {
  readonly name = 'kubeconfig' as const;
  private readonly secretRef: Required<SecretKeyRef>;
  private readonly fieldManager: string;

  constructor(private readonly options: KubeconfigProviderOptions) {
    this.secretRef = { name: options.secretRef.name, key: options.secretRef.key ?? 'value' };
    this.fieldManager = options.fieldManager ?? 'paletteai';
  }

  plan(
    pool: ComputePool,
    bundle: ProfileBundle,
    profiles: readonly ClusterProfile[],
    variables: readonly ResolvedVariable[],
  ): ClusterPlan {
    return buildClusterPlan('kubeconfig', pool, bundle, profiles, variables);
  }

  /** Adopts the cluster: checks it answers and serves Flux; the handle is its API server URL. */
  async provision(_request: ProvisionRequest): Promise<ProvisionOutcome> {
    const conn = await this.connect();
    const status = await this.check(conn);
    if (status.phase === 'Failed') throw new ProviderError('InvalidRequest', status.message);
    return {
      phase: 'Running',
      handle: { provider: 'kubeconfig', uid: conn.server },
      message: status.message,
    };
  }

  /** `Running` while the cluster answers and serves the Flux APIs, else `Failed` saying why. */
  async status(_handle: ClusterHandle): Promise<ClusterStatus> {
    return this.check(await this.connect());
  }

  /** An adopted cluster is not ours to delete: nothing is done. */
  async delete(_handle: ClusterHandle): Promise<void> {}

  /** A kubeconfig brings a cluster, not cluster profiles. */
  async listClusterProfiles(): Promise<ClusterProfile[]> {
    return [];
  }

  /** Server-side applies the objects (in order, sources first as given), then reads `Ready` back. */
  async deliver(_handle: ClusterHandle, objects: readonly DeliveryObject[]): Promise<DeliveryReport> {
    const conn = await this.connect();
    const { PatchStrategy } = await import('@kubernetes/client-node');
    for (const object of objects) {
      await this.guard(conn, `applying ${describe(object)}`, () =>
        conn.objects.patch(
          structuredClone(object) as KubernetesObject,
          undefined,
          undefined,
          this.fieldManager,
          true,
          PatchStrategy.ServerSideApply,
        ),
      );
    }
    return this.readBack(conn, objects);
  }

  /** Reads the `Ready` condition of objects delivered earlier. */
  async readiness(_handle: ClusterHandle, objects: readonly DeliveryObject[]): Promise<DeliveryReport> {
    return this.readBack(await this.connect(), objects);
  }

  private async readBack(conn: Connection, objects: readonly DeliveryObject[]): Promise<DeliveryReport> {
    const results: ObjectReadiness[] = [];
    for (const object of objects) {
      const live = await this.guard(conn, `reading ${describe(object)}`, () =>
        conn.objects.read({
          apiVersion: object.apiVersion,
          kind: object.kind,
          metadata: {
            name: object.metadata.name,
            ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
          },
        }),
      );
      const conditions = (live as { status?: { conditions?: unknown } }).status?.conditions;
      const ready = Array.isArray(conditions)
        ? (conditions as { type?: string; status?: string; reason?: string; message?: string }[]).find(
            (c) => c.type === 'Ready',
          )
        : undefined;
      results.push({
        apiVersion: object.apiVersion,
        kind: object.kind,
        ...(live.metadata?.namespace ? { namespace: live.metadata.namespace } : {}),
        name: object.metadata.name,
        ready: ready?.status === 'True' || ready?.status === 'False' ? ready.status : 'Unknown',
        ...(ready?.reason ? { reason: ready.reason } : {}),
        ...(ready?.message ? { message: ready.message } : {}),
      });
    }
    return { ready: results.every((r) => r.ready === 'True'), objects: results };
  }

  private async connect(): Promise<Connection> {
    const text = await requireSecret(
      this.options.secretValue,
      this.secretRef,
      'value',
      'the kubeconfig of the adopted cluster',
    );
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    try {
      kc.loadFromString(text);
    } catch {
      // The parser's message may quote the document, which holds credentials: it is not passed on.
      throw new ProviderError(
        'InvalidRequest',
        `Secret "${this.secretRef.name}" key "${this.secretRef.key}" does not hold a valid kubeconfig`,
      );
    }
    const server = kc.getCurrentCluster()?.server;
    if (!server) {
      throw new ProviderError(
        'InvalidRequest',
        `the kubeconfig in Secret "${this.secretRef.name}" key "${this.secretRef.key}" has no current context with a cluster server`,
      );
    }
    return { kc, server, objects: k8s.KubernetesObjectApi.makeApiClient(kc) };
  }

  private async check(conn: Connection): Promise<ClusterStatus> {
    const k8s = await import('@kubernetes/client-node');
    const version = await this.guard(conn, 'reading the server version', () =>
      conn.kc.makeApiClient(k8s.VersionApi).getCode(),
    );
    const groups = await this.guard(conn, 'listing API groups', () =>
      conn.kc.makeApiClient(k8s.ApisApi).getAPIVersions(),
    );
    const served = new Set(groups.groups.map((g) => g.name));
    const missing = FLUX_GROUPS.filter((g) => !served.has(g));
    if (missing.length > 0) {
      return {
        phase: 'Failed',
        message: `the cluster at ${conn.server} does not serve ${missing.join(', ')}: install Flux there (flux install) so deployments can be delivered`,
      };
    }
    return {
      phase: 'Running',
      message: `adopted the existing cluster at ${conn.server} (Kubernetes ${version.gitVersion}) from Secret "${this.secretRef.name}"; no machines were made`,
    };
  }

  /** Runs one client call and turns its failure into a {@link ProviderError} that names the step. */
  private async guard<T>(conn: Connection, doing: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toProviderError(error, doing, conn.server, this.secretRef);
    }
  }
}

const describe = (o: DeliveryObject): string =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

const toProviderError = (
  error: unknown,
  doing: string,
  server: string,
  secret: Required<SecretKeyRef>,
): ProviderError => {
  const code = (error as { code?: unknown }).code;
  const body = (error as { body?: unknown }).body;
  const said =
    typeof body === 'object' && body && typeof (body as { message?: unknown }).message === 'string'
      ? `: ${(body as { message: string }).message}`
      : '';
  const where = `the cluster at ${server}`;
  if (code === 401 || code === 403) {
    return new ProviderError(
      'Unauthorized',
      `${where} refused the credentials of the kubeconfig in Secret "${secret.name}" key "${secret.key}" (HTTP ${code}) while ${doing}; renew them in that Secret`,
      code,
    );
  }
  if (typeof code === 'number') {
    if (code === 404)
      return new ProviderError('NotFound', `${where} answered HTTP 404 while ${doing}${said}`, code);
    if (code === 409)
      return new ProviderError('Conflict', `${where} answered HTTP 409 while ${doing}${said}`, code);
    if (code >= 500)
      return new ProviderError(
        'ServerError',
        `${where} answered HTTP ${code} while ${doing}${said}; retrying with backoff`,
        code,
      );
    return new ProviderError(
      'Rejected',
      `${where} refused the request (HTTP ${code}) while ${doing}${said}`,
      code,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/Unrecognized API version and kind/.test(message)) {
    return new ProviderError(
      'NotFound',
      `${where} does not serve the kind while ${doing}: install Flux there (flux install)`,
    );
  }
  return new ProviderError(
    'Unreachable',
    `${where} could not be reached while ${doing} (${networkCause(error)}); check the kubeconfig's server and the network — retrying with backoff`,
  );
};

const networkCause = (error: unknown): string => {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } }).code ??
    (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error';
};
