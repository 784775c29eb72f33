import {
  DEFAULT_INTERVAL,
  dependencyRepositories,
  isRecord,
  type HelmRepository,
  type KubeObject,
  type OCIRepository,
} from '../model/index.js';
import { metaOf } from './scope.js';

/** Media type of a Helm chart layer in an OCI artifact (what Flux's `layerSelector` picks). */
export const HELM_CHART_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

/** The model's builder of a bundle's dependency repositories, re-exported for render callers. */
export { DEFAULT_INTERVAL, dependencyRepositories };

/**
 * A repository as it is applied: its spec, with `spec.interval` defaulting to
 * {@link DEFAULT_INTERVAL} (Flux needs one), under its name in `namespace`. The rest of the hub's
 * object stays behind: status, server-set metadata, and labels and annotations (kubectl's
 * last-applied-configuration among them) — a render depends on the spec alone, so relabelling a
 * repository does not deliver every deployment that uses it again.
 */
export function cleanRepository(repo: HelmRepository | OCIRepository, namespace: string): KubeObject {
  const spec = isRecord(repo.spec) ? (structuredClone(repo.spec) as Record<string, unknown>) : {};
  return {
    apiVersion: repo.apiVersion,
    kind: repo.kind,
    metadata: { name: metaOf(repo).name, namespace },
    spec: { ...spec, interval: spec.interval ?? DEFAULT_INTERVAL },
  };
}

/** A DNS-1123 label-ish name: lower case, invalid characters as `-`, no leading/trailing `-`. */
const toName = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 253);

/**
 * The dedicated OCIRepository of one chart version: `<repo>-<chart>-<version, dots as dashes>`,
 * with `url` `<repo url>/<chart>` and `ref.tag` the version (any other `ref` is dropped). The
 * copy also selects the Helm chart layer (`layerSelector` with {@link HELM_CHART_MEDIA_TYPE},
 * operation `copy`) unless the repository sets its own, as Flux's HelmRelease `chartRef` expects.
 */
export function ociChartRepository(
  repo: OCIRepository,
  chart: string,
  version: string,
  namespace: string,
): KubeObject {
  const base = cleanRepository(repo, namespace);
  const spec = base.spec as Record<string, unknown>;
  const name = toName(`${metaOf(repo).name}-${chart}-${version.replace(/\./g, '-')}`);
  return {
    ...base,
    metadata: { ...base.metadata, name },
    spec: {
      ...spec,
      url: `${repo.spec.url.replace(/\/+$/, '')}/${chart}`,
      ref: { tag: version },
      layerSelector: spec.layerSelector ?? { mediaType: HELM_CHART_MEDIA_TYPE, operation: 'copy' },
    },
  };
}
