import type { HelmRepository, OCIRepository } from './fluxSources.js';
import type { ProfileBundle } from './profileBundle.js';

/** Reconcile interval of the Flux objects the product creates. @default '10m' */
export const DEFAULT_INTERVAL = '10m';

/** apiVersion of the Flux source kinds. */
export const FLUX_SOURCE_API_VERSION = 'source.toolkit.fluxcd.io/v1';

/**
 * Turns `spec.workloadProfileDependencies` of a bundle into Flux `HelmRepository` and
 * `OCIRepository` objects in `namespace`, in declaration order (helm first), with
 * `spec.interval` defaulting to {@link DEFAULT_INTERVAL}. The one builder of these objects: the
 * rules resolve helm components against them, the renderer renders them, the server stores them.
 */
export function dependencyRepositories(
  bundle: ProfileBundle,
  namespace: string,
): (HelmRepository | OCIRepository)[] {
  const deps = bundle.spec.workloadProfileDependencies;
  const helm = (deps?.helmRepositories ?? []).map((d): HelmRepository => ({
    apiVersion: FLUX_SOURCE_API_VERSION,
    kind: 'HelmRepository',
    metadata: { name: d.name, namespace },
    spec: {
      url: d.url,
      ...(d.type ? { type: d.type } : {}),
      interval: d.interval ?? DEFAULT_INTERVAL,
      ...(d.secretRef ? { secretRef: { name: d.secretRef.name } } : {}),
    },
  }));
  const oci = (deps?.ociRepositories ?? []).map((d): OCIRepository => ({
    apiVersion: FLUX_SOURCE_API_VERSION,
    kind: 'OCIRepository',
    metadata: { name: d.name, namespace },
    spec: {
      url: d.url,
      ...(d.ref ? { ref: { ...d.ref } } : {}),
      interval: d.interval ?? DEFAULT_INTERVAL,
      ...(d.secretRef ? { secretRef: { name: d.secretRef.name } } : {}),
    },
  }));
  return [...helm, ...oci];
}
