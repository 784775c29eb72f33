import {
  byCodeUnits,
  checkHelmProperties,
  repositoryNotFoundMessage,
  type HelmProperties,
  type HelmRepository,
  type KubeObject,
  type OCIRepository,
} from '../../model/index.js';
import { DEFAULT_INTERVAL, cleanRepository, ociChartRepository } from '../repositories.js';
import { componentPath, metaOf, report, reportProperties, type ComponentScope } from '../scope.js';

/** apiVersion of the Flux HelmRelease this renderer writes. */
export const HELM_RELEASE_API_VERSION = 'helm.toolkit.fluxcd.io/v2';

/**
 * Renders a `helm` component as a Flux `HelmRelease` named `<profile>-<component>` in the render
 * namespace, and records the Flux source it reads in `scope.sources` (once per source).
 *
 * Properties ({@link HelmProperties}): `repository` (name of a HelmRepository or OCIRepository in
 * `scope.repositories`), `chart`, `version`, `values` (object), `releaseName` (default
 * `<profile>-<component>`), `targetNamespace` (default the render namespace;
 * `install.createNamespace` when it differs).
 *
 * - HelmRepository: `spec.chart.spec` names the chart, version and `sourceRef`.
 * - OCIRepository: `spec.chartRef` points at it (Flux v2 chart reference), and the version is the
 *   repository's own `ref`. When the component also gives `version`, it points instead at a
 *   dedicated copy `<repo>-<chart>-<version with dots as dashes>` whose url is `<repo url>/<chart>`
 *   and whose `ref.tag` is that version, so several versions of one registry can be deployed side
 *   by side (see {@link ociChartRepository}).
 *
 * Issues, as the rules report them: WP003 for properties that {@link checkHelmProperties} refuses,
 * WP004 when the repository is not found; RN001 when the name is both a HelmRepository and an
 * OCIRepository. On any issue the component is skipped.
 */
export function renderHelm(scope: ComponentScope, props: Record<string, unknown>): KubeObject[] {
  const repoName = props.repository;
  const named = typeof repoName === 'string' && repoName !== '';
  const repo = named ? findRepository(scope, repoName) : undefined;
  if (repo === AMBIGUOUS) return [];
  const ok = reportProperties(
    scope,
    checkHelmProperties(props, { repositoryKind: repo?.kind, rendered: true }),
  );
  if (named && !repo) {
    const known = [...new Set(scope.repositories.map((r) => metaOf(r).name))].sort(byCodeUnits);
    report(
      scope,
      'WP004',
      componentPath(scope, 'properties', 'repository'),
      repositoryNotFoundMessage(repoName, scope.namespace, known),
      'MissingReference',
    );
  }
  if (!ok || !repo) return [];
  const fullName = `${scope.profile}-${scope.component.name}`;
  const {
    chart,
    version,
    values,
    releaseName = fullName,
    targetNamespace = scope.namespace,
  } = props as HelmProperties;

  const spec: Record<string, unknown> = {
    interval: DEFAULT_INTERVAL,
    releaseName,
    targetNamespace,
  };
  if (targetNamespace !== scope.namespace) spec.install = { createNamespace: true };
  if (repo.kind === 'HelmRepository') {
    useSource(scope, cleanRepository(repo, scope.namespace));
    spec.chart = {
      spec: {
        chart,
        ...(version !== undefined ? { version } : {}),
        sourceRef: { kind: 'HelmRepository', name: repoName },
        interval: DEFAULT_INTERVAL,
      },
    };
  } else {
    const source =
      version !== undefined && chart !== undefined
        ? ociChartRepository(repo, chart, version, scope.namespace)
        : cleanRepository(repo, scope.namespace);
    useSource(scope, source);
    spec.chartRef = { kind: 'OCIRepository', name: source.metadata.name };
  }
  if (values !== undefined) spec.values = values;
  return [
    {
      apiVersion: HELM_RELEASE_API_VERSION,
      kind: 'HelmRelease',
      metadata: { name: fullName, namespace: scope.namespace },
      spec,
    },
  ];
}

/** {@link findRepository}'s answer for a name that is both a HelmRepository and an OCIRepository. */
const AMBIGUOUS = Symbol('ambiguous');

/** Finds the repository by name; reports RN001 when the name is both kinds (undefined: none). */
function findRepository(
  scope: ComponentScope,
  name: string,
): HelmRepository | OCIRepository | typeof AMBIGUOUS | undefined {
  const found = scope.repositories.filter((r) => metaOf(r).name === name);
  const kinds = new Set(found.map((r) => r.kind));
  if (kinds.size <= 1) return found[0];
  report(
    scope,
    'RN001',
    componentPath(scope, 'properties', 'repository'),
    `repository "${name}" names both a HelmRepository and an OCIRepository; rename one`,
  );
  return AMBIGUOUS;
}

function useSource(scope: ComponentScope, object: KubeObject): void {
  const key = `${object.kind}/${object.metadata.name}`;
  if (!scope.sources.has(key)) scope.sources.set(key, { object, origin: scope });
}
