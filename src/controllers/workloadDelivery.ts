/**
 * What the WorkloadDeployment controller reads and computes besides its reconcile loop: the
 * render of one deployment from the store, the delivery target the namespace's Settings name, and
 * the Flux objects a pool's cluster applies to run the artifact (SPEC §6).
 */
import { join } from 'node:path';
import { parseRegistryUrl, type OciArtifact, type RegistryTarget } from '../delivery/index.js';
import {
  SYSTEM_NAMESPACE,
  type KubeObject,
  type ProfileBundle,
  type WorkloadDeployment,
  type WorkloadDeploymentArtifact,
  type WorkloadProfile,
} from '../model/index.js';
import { resolveVariables } from '../planner/index.js';
import { renderBundle } from '../render/index.js';
import { IndexResolver, profileAtRevision, readableRevisions, type Repository } from '../rules/index.js';
import type { Store } from '../storage/store.js';
import { secretKey, settingsFor } from './settings.js';

export { settingsFor };

/** A reason the deployment cannot be rendered or delivered as it stands; the message says the fix. */
export class DeliveryProblem extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The rendered manifests of one deployment, and the inputs' revision. */
export interface Rendered {
  objects: KubeObject[];
  /** `<workload profile>@<revision>` */
  revision: string;
}

const listIn = async (store: Store, kind: string, namespace: string) =>
  (await store.list(kind, { namespace })).items;

/**
 * Renders `wd`'s workload profile (components in `deploymentPriority` order) with the profile's and
 * bundle's defaults, the VariableSets, and `spec.variables` (the values the owner resolved) on top.
 * Throws {@link DeliveryProblem} when a reference is missing or the render reports errors.
 */
export const renderDeployment = async (store: Store, wd: WorkloadDeployment): Promise<Rendered> => {
  const ns = wd.metadata.namespace ?? 'default';
  const get = (kind: string, name: string) => store.get({ kind, namespace: ns, name });
  const profile = (await get('WorkloadProfile', wd.spec.workloadProfile.name)) as WorkloadProfile | undefined;
  const bundle = (await get('ProfileBundle', wd.spec.profileBundle)) as ProfileBundle | undefined;
  for (const [kind, name, found] of [
    ['WorkloadProfile', wd.spec.workloadProfile.name, profile],
    ['ProfileBundle', wd.spec.profileBundle, bundle],
  ] as const)
    if (!found)
      throw new DeliveryProblem(
        'MissingReference',
        `${kind} ${ns}/${name} (spec.${kind === 'ProfileBundle' ? 'profileBundle' : 'workloadProfile.name'}) does not exist: create it, or point the deployment at one that does`,
      );
  const objects: KubeObject[] = [profile as KubeObject, bundle as KubeObject];
  for (const space of new Set([ns, SYSTEM_NAMESPACE]))
    objects.push(...(await listIn(store, 'VariableSet', space)));
  for (const kind of ['ComponentDefinition', 'HelmRepository', 'OCIRepository'])
    objects.push(...(await listIn(store, kind, ns)));
  const resolver = new IndexResolver(objects);
  // The revision the deployment names, not whatever the profile is now (SPEC §2.2).
  const wanted = wd.spec.workloadProfile.revision;
  const wp = profileAtRevision(profile!, wanted);
  if (!wp)
    throw new DeliveryProblem(
      'MissingReference',
      `WorkloadProfile ${ns}/${profile!.metadata.name} no longer keeps revision ${wanted} ` +
        `(spec.workloadProfile.revision; readable: ${readableRevisions(profile!)}): ` +
        'point the deployment at one of those, or its bundle at the latest',
    );
  const pb = bundle!;
  // spec.variables are effective values: those a lock holds already are not overrides.
  const declared = resolveVariables(ns, [pb], [wp], {}, resolver).variables;
  const overrides = Object.fromEntries(
    Object.entries(wd.spec.variables ?? {}).filter(([n]) => !declared.some((v) => v.name === n && v.locked)),
  );
  const vars = resolveVariables(ns, [pb], [wp], overrides, resolver);
  const failed = vars.checks.filter((c) => c.result === 'fail');
  if (failed.length)
    throw new DeliveryProblem('VariablesInvalid', failed.map((c) => `${c.code}: ${c.message}`).join(' '));
  const definitions = wp.spec.workload.components.flatMap((c) => {
    const d = resolver.componentDefinition(ns, c.type);
    return d ? [d] : [];
  });
  const repositories = resolver
    .repositoryNames(ns)
    .flatMap((n) => [resolver.repository(ns, n)].filter((r): r is Repository => r !== undefined));
  const result = renderBundle({
    namespace: ns,
    bundle: pb,
    workloadProfiles: [wp],
    repositories,
    definitions,
    values: vars.values,
  });
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (errors.length)
    throw new DeliveryProblem(
      'RenderFailed',
      `workload profile ${wp.metadata.name} does not render: ${errors.map((i) => `${i.code} ${i.path}: ${i.message}`).join(' ')}`,
    );
  return { objects: result.objects, revision: `${wp.metadata.name}@${wp.status?.revision ?? 1}` };
};

/** Where an artifact goes: a registry repository, or the OCI image layout under the data directory. */
export type DeliveryTarget =
  | { kind: 'registry'; target: RegistryTarget; reference: (digest: string) => string }
  | { kind: 'layout'; dir: string; reference: string };

/**
 * The delivery target of namespace `ns` for tag `tag`: Settings `ociRegistry` (repository
 * `<url>/<ns>`, credentials from the Secret's `username` and `password`), else the image layout
 * `<dataDir>/artifacts/<ns>`. Throws {@link DeliveryProblem} naming what to fix.
 */
export const deliveryTarget = async (
  store: Store,
  ns: string,
  tag: string,
  dataDir: string | undefined,
): Promise<DeliveryTarget> => {
  const settings = await settingsFor(store, ns);
  const registry = settings?.spec.ociRegistry;
  if (!registry) {
    if (!dataDir)
      throw new DeliveryProblem(
        'NoDataDirectory',
        `no Settings ociRegistry serves namespace ${ns} and this server has no data directory for the default OCI image layout: set spec.ociRegistry in the Settings, or run the server with --data`,
      );
    const dir = join(dataDir, 'artifacts', ns);
    return { kind: 'layout', dir, reference: `oci:${dir}:${tag}` };
  }
  const where = `Settings ${ns}/${settings.metadata.name}`;
  const url = `${registry.url.replace(/\/+$/, '')}/${ns}`;
  let location;
  try {
    location = parseRegistryUrl(url, registry.insecure ?? false);
  } catch (error) {
    throw new DeliveryProblem('RegistryUrlInvalid', `${where}: ${(error as Error).message}`);
  }
  const target: RegistryTarget = { url, ...(registry.insecure ? { insecure: true } : {}) };
  const ref = registry.credentialsSecretRef;
  if (ref) {
    const secretName = `Secret ${ns}/${ref.name}`;
    const secret = await store.get({ kind: 'Secret', namespace: ns, name: ref.name });
    if (!secret)
      throw new DeliveryProblem(
        'CredentialsNotFound',
        `${secretName}, named by ${where} ociRegistry.credentialsSecretRef, does not exist: create it with the keys username and password`,
      );
    const username = secretKey(secret, 'username');
    const password = secretKey(secret, 'password');
    if (username === undefined || password === undefined)
      throw new DeliveryProblem(
        'CredentialsInvalid',
        `${secretName}, named by ${where} ociRegistry.credentialsSecretRef, lacks the key ${username === undefined ? 'username' : 'password'}: add it (data, base64, or stringData)`,
      );
    target.credentials = { username, password };
    target.credentialsName = secretName;
  }
  return {
    kind: 'registry',
    target,
    reference: (digest) => `${location.host}/${location.repository}:${tag}@${digest}`,
  };
};

/** The `status.artifact` of a delivered artifact. */
export const artifactStatus = (reference: string, a: OciArtifact): WorkloadDeploymentArtifact => ({
  reference,
  digest: a.digest,
  mediaType: a.mediaType,
  size: a.manifest.length,
});

/** Options of {@link spokeManifests}. */
export interface SpokeOptions {
  /** Namespace of the Flux objects on the cluster. @default flux-system */
  fluxNamespace?: string;
  /** How often Flux checks the source and re-applies. @default 5m */
  interval?: string;
  /** The registry is plain HTTP or has a certificate Flux does not trust (Settings `insecure`). */
  insecure?: boolean;
}

/**
 * The Flux `OCIRepository` (pinned to the artifact's digest) and `Kustomization` (path `./`, prune,
 * into the deployment's namespace) that a pool's cluster applies to run `wd`'s delivered artifact.
 * Throws for an artifact in the local image layout: a cluster can pull only from a registry.
 */
export const spokeManifests = (
  wd: Pick<WorkloadDeployment, 'metadata'>,
  artifact: Pick<WorkloadDeploymentArtifact, 'reference' | 'digest'>,
  options: SpokeOptions = {},
): KubeObject[] => {
  const repo = /^([^/@]+\/[^@:]+(?:\/[^@:]+)*)(:[^@/]+)?(@sha256:[0-9a-f]{64})?$/.exec(
    artifact.reference,
  )?.[1];
  if (!repo || artifact.reference.startsWith('oci:'))
    throw new Error(
      `artifact ${artifact.reference} is not in a registry, so no cluster can pull it: set spec.ociRegistry in the Settings of namespace ${wd.metadata.namespace ?? 'default'}`,
    );
  const name = wd.metadata.name;
  const namespace = options.fluxNamespace ?? 'flux-system';
  const interval = options.interval ?? '5m';
  const labels = {
    'app.kubernetes.io/managed-by': 'paletteai',
    'palette.ai/workload-deployment': name,
  };
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name, namespace, labels },
      spec: {
        interval,
        url: `oci://${repo}`,
        ref: { digest: artifact.digest },
        ...(options.insecure ? { insecure: true } : {}),
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace, labels },
      spec: {
        interval,
        path: './',
        prune: true,
        sourceRef: { kind: 'OCIRepository', name },
        targetNamespace: wd.metadata.namespace ?? 'default',
      },
    },
  ] as KubeObject[];
};
