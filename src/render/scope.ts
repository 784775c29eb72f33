import {
  formatPath,
  type Component,
  type ComponentDefinition,
  type FieldPath,
  type HelmRepository,
  type Issue,
  type IssueReason,
  type KubeObject,
  type PropertyProblem,
  type OCIRepository,
  type ObjectMeta,
} from '../model/index.js';
import { renderTemplate, scanTemplates, type TemplateContext } from '../model/template.js';
import type { RenderCode } from './codes.js';

/** What every component of one render shares. */
export interface BundleScope {
  namespace: string;
  bundle: string;
  values: Record<string, unknown>;
  repositories: (HelmRepository | OCIRepository)[];
  definitions: ComponentDefinition[];
  issues: Issue[];
  /** Flux sources helm components use, by `kind/name`, with the component that first used them. */
  sources: Map<string, { object: KubeObject; origin: ComponentScope }>;
}

/** One component of one workload profile being rendered. */
export interface ComponentScope extends BundleScope {
  profile: string;
  component: Component;
  /** Index of the component in `spec.workload.components` (not its deployment order). */
  index: number;
}

/** A component renderer: rendered properties in, Kubernetes objects out (issues go to the scope). */
export type ComponentRenderer = (scope: ComponentScope, properties: Record<string, unknown>) => KubeObject[];

/** `metadata` of a model object (the model types it loosely). */
export const metaOf = (obj: { metadata: unknown }): ObjectMeta => obj.metadata as ObjectMeta;

/** The field path of the component inside its workload profile, followed by `rest`. */
export const componentPath = (scope: ComponentScope, ...rest: FieldPath): (string | number)[] => [
  'spec',
  'workload',
  'components',
  scope.index,
  ...rest,
];

/**
 * Codes the renderer reports: its own, and the rules' codes of the checks it shares with them
 * (built-in component properties, the helm repository reference).
 */
export type ReportCode = RenderCode | PropertyProblem['code'] | 'WP004';

/** Records an error about the component; the message is prefixed with the profile and component. */
export function report(
  scope: ComponentScope,
  code: ReportCode,
  at: FieldPath,
  message: string,
  reason?: IssueReason,
): void {
  scope.issues.push({
    code,
    severity: 'error',
    path: formatPath(at),
    message: `workload profile "${scope.profile}": component "${scope.component.name}": ${message}`,
    ...(reason ? { reason } : {}),
  });
}

/** Reports the shared property check's problems at the component; true when there were none. */
export function reportProperties(scope: ComponentScope, problems: readonly PropertyProblem[]): boolean {
  for (const p of problems) report(scope, p.code, componentPath(scope, 'properties', ...p.path), p.message);
  return problems.length === 0;
}

/** Where the strings being rendered live, to point issues at the field a user would fix. */
export interface TemplateSite {
  /** Profile path of a field of the rendered value. */
  pathOf: (at: FieldPath) => FieldPath;
  /** Text naming where the string is when `pathOf` cannot (e.g. inside a ComponentDefinition). */
  describe: (at: FieldPath) => string;
}

/** Strings of `properties` are fields of the component itself. */
export const propertiesSite = (scope: ComponentScope): TemplateSite => ({
  pathOf: (at) => componentPath(scope, 'properties', ...at),
  describe: () => '',
});

/**
 * Renders `value` with the component's template context, reporting syntax errors (RN006), values
 * that are missing (RN005) and refused keys (RN007). Returns the rendered value.
 */
export function renderWithIssues(
  scope: ComponentScope,
  value: unknown,
  properties: Record<string, unknown>,
  site: TemplateSite,
): unknown {
  for (const err of scanTemplates(value).errors) {
    report(scope, 'RN006', site.pathOf(err.path), `${err.message}${site.describe(err.path)}`);
  }
  const ctx: TemplateContext = {
    var: scope.values,
    properties,
    name: scope.component.name,
    namespace: scope.namespace,
    bundle: scope.bundle,
  };
  const out = renderTemplate(value, ctx);
  for (const m of out.missing) {
    const where = site.describe(m.at);
    if (m.root === 'var') {
      const name = m.path[0] ?? '';
      report(
        scope,
        'RN005',
        site.pathOf(m.at),
        `variable "${name}" has no value (read by ${m.placeholder}${where}); ` +
          `declare it in the profile's spec.variables or give it with --set ${name}=VALUE`,
      );
    } else if (m.root === 'properties') {
      const at = componentPath(scope, 'properties', ...m.path);
      report(
        scope,
        'RN005',
        where ? at : site.pathOf(m.at),
        `property "${m.path.join('.')}" is not set (read by ${m.placeholder}${where}); set ${formatPath(at)}`,
      );
    } else {
      report(scope, 'RN005', site.pathOf(m.at), `${m.placeholder} has no value${where}`);
    }
  }
  for (const at of out.droppedKeys) {
    report(
      scope,
      'RN007',
      site.pathOf(at),
      `key "${String(at[at.length - 1])}" is not allowed${site.describe(at)} and was left out; rename it`,
    );
  }
  return out.value;
}
