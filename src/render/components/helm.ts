import type { HelmRepository, KubeObject, OCIRepository } from '../../model/index.js';
import { DEFAULT_INTERVAL, cleanRepository, ociChartRepository } from '../repositories.js';
import { componentPath, describeType, isRecord, metaOf, report, type ComponentScope } from '../scope.js';

/** apiVersion of the Flux HelmRelease this renderer writes. */
export const HELM_RELEASE_API_VERSION = 'helm.toolkit.fluxcd.io/v2';

/**
 * Renders a `helm` component as a Flux `HelmRelease` named `<profile>-<component>` in the render
 * namespace, and records the Flux source it reads in `scope.sources` (once per source).
 *
 * Properties: `repository` (name of a HelmRepository or OCIRepository in `scope.repositories`),
 * `chart`, `version`, `values` (object), `releaseName` (default `<profile>-<component>`),
 * `targetNamespace` (default the render namespace; `install.createNamespace` when it differs).
 *
 * - HelmRepository: `spec.chart.spec` names the chart, version and `sourceRef`.
 * - OCIRepository: `spec.chartRef` points at it (Flux v2 chart reference), and the version is the
 *   repository's own `ref`. When the component also gives `version`, it points instead at a
 *   dedicated copy `<repo>-<chart>-<version with dots as dashes>` whose url is `<repo url>/<chart>`
 *   and whose `ref.tag` is that version, so several versions of one registry can be deployed side
 *   by side (see {@link ociChartRepository}).
 *
 * Issues: RN001 when the repository is not found (the component is skipped), RN008 when a
 * property is missing or has the wrong type.
 */
export function renderHelm(scope: ComponentScope, props: Record<string, unknown>): KubeObject[] {
  const repoName = props.repository;
  if (typeof repoName !== 'string' || repoName === '') {
    report(scope, 'RN008', componentPath(scope, 'properties', 'repository'), needs('repository', repoName));
    return [];
  }
  const repo = findRepository(scope, repoName);
  if (!repo) return [];
  const chart = props.chart;
  const version = typeof props.version === 'number' ? String(props.version) : props.version;
  const fullName = `${scope.profile}-${scope.component.name}`;
  const releaseName = props.releaseName ?? fullName;
  const targetNamespace = props.targetNamespace ?? scope.namespace;
  const bad = [
    // an OCIRepository without version is the chart artifact itself, so it needs no chart name
    repo.kind === 'HelmRepository' || version !== undefined || chart !== undefined
      ? check('chart', chart)
      : undefined,
    version === undefined ? undefined : check('version', version),
    check('releaseName', releaseName),
    check('targetNamespace', targetNamespace),
    props.values === undefined || isRecord(props.values)
      ? undefined
      : ([
          'values',
          `"values" must be an object of Helm values, found ${describeType(props.values)}`,
        ] as const),
  ].filter((b) => b !== undefined);
  for (const [field, message] of bad)
    report(scope, 'RN008', componentPath(scope, 'properties', field), message);
  if (bad.length > 0) return [];

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
      typeof version === 'string' && typeof chart === 'string'
        ? ociChartRepository(repo, chart, version, scope.namespace)
        : cleanRepository(repo, scope.namespace);
    useSource(scope, source);
    spec.chartRef = { kind: 'OCIRepository', name: source.metadata.name };
  }
  if (props.values !== undefined) spec.values = props.values;
  return [
    {
      apiVersion: HELM_RELEASE_API_VERSION,
      kind: 'HelmRelease',
      metadata: { name: fullName, namespace: scope.namespace },
      spec,
    },
  ];
}

/** Finds the repository by name; reports RN001 (with the available names) when there is none or two kinds. */
function findRepository(scope: ComponentScope, name: string): HelmRepository | OCIRepository | undefined {
  const found = scope.repositories.filter((r) => metaOf(r).name === name);
  const kinds = new Set(found.map((r) => r.kind));
  if (found.length > 0 && kinds.size === 1) return found[0];
  const at = componentPath(scope, 'properties', 'repository');
  if (kinds.size > 1) {
    report(
      scope,
      'RN001',
      at,
      `repository "${name}" names both a HelmRepository and an OCIRepository; rename one`,
    );
    return undefined;
  }
  const available = scope.repositories.map((r) => `${metaOf(r).name} (${r.kind})`).sort();
  report(
    scope,
    'RN001',
    at,
    `repository "${name}" is not a HelmRepository or OCIRepository of namespace "${scope.namespace}"; ` +
      `available: ${available.length > 0 ? available.join(', ') : 'none'}; ` +
      `add it to the bundle's spec.workloadProfileDependencies or fix the name`,
  );
  return undefined;
}

function useSource(scope: ComponentScope, object: KubeObject): void {
  const key = `${object.kind}/${object.metadata.name}`;
  if (!scope.sources.has(key)) scope.sources.set(key, { object, origin: scope });
}

const needs = (field: string, value: unknown): string =>
  `"${field}" must be a non-empty string, found ${describeType(value)}`;

const check = (field: string, value: unknown): readonly [string, string] | undefined =>
  typeof value === 'string' && value !== '' ? undefined : ([field, needs(field, value)] as const);
