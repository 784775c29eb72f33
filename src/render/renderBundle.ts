import {
  isRecord,
  type BUILTIN_COMPONENT_TYPES,
  type Component,
  type ComponentDefinition,
  type HelmRepository,
  type Issue,
  type KubeObject,
  type OCIRepository,
  type ProfileBundle,
  type WorkloadProfile,
} from '../model/index.js';
import { renderCustom } from './components/custom.js';
import { renderHelm } from './components/helm.js';
import { renderManifests } from './components/manifests.js';
import { renderWebservice } from './components/webservice.js';
import { withRenderLabels } from './labels.js';
import { compareKindAndName } from './serialize.js';
import {
  componentPath,
  metaOf,
  propertiesSite,
  renderWithIssues,
  report,
  type BundleScope,
  type ComponentRenderer,
  type ComponentScope,
} from './scope.js';

/** Everything one render reads. The caller resolves references; rendering reads nothing else. */
export interface RenderInput {
  /** Namespace the Flux objects are rendered into. */
  namespace: string;
  bundle: ProfileBundle;
  /** Already resolved and filtered to what is deployed, in bundle order. */
  workloadProfiles: WorkloadProfile[];
  /** Those of the namespace, plus the bundle's dependencies (see `dependencyRepositories`); first of a name wins. */
  repositories: (HelmRepository | OCIRepository)[];
  definitions: ComponentDefinition[];
  /** Effective variable values by name, already typed (numbers, bools, strings). */
  values: Record<string, unknown>;
}

/** The rendered objects (what Flux would apply) and every issue found on the way. */
export interface RenderResult {
  objects: KubeObject[];
  issues: Issue[];
}

/** Deployment priority of a component that gives none: after every explicitly prioritised one. @default 100 */
export const DEFAULT_DEPLOYMENT_PRIORITY = 100;

/** The renderer of each built-in type (their properties and checks: `BUILTIN_COMPONENTS` in the model). */
const RENDERERS: Readonly<Record<string, ComponentRenderer>> = {
  helm: renderHelm,
  manifests: renderManifests,
  webservice: renderWebservice,
} satisfies Record<(typeof BUILTIN_COMPONENT_TYPES)[number], ComponentRenderer>;

/**
 * Renders a bundle's workload profiles to the Kubernetes objects Flux applies.
 *
 * Every component's `properties` go through the template language first (`{{ .var.NAME }}` etc.,
 * see `model/template.ts`); then its type renders objects (`helm`, `manifests`, `webservice`, or
 * a ComponentDefinition). Output, always in the same order for the same input: the Flux sources
 * that helm components use (once each, by kind then name), then per workload profile in the given
 * order, per component by `deploymentPriority` (lower first, default
 * {@link DEFAULT_DEPLOYMENT_PRIORITY}, ties in declaration order), that component's objects in
 * template order.
 *
 * Every top-level object is labelled `app.kubernetes.io/managed-by: paletteai` and
 * `palette.ai/profile-bundle: <bundle>`; objects of one profile also
 * `palette.ai/workload-profile: <profile>` (sources are shared between profiles, so they carry no
 * profile label). Labels an object already has are kept. Issues (codes in `RENDER_CODES`) never
 * throw; the objects rendered despite them are still returned, so callers must not apply a result
 * that has errors.
 */
export function renderBundle(input: RenderInput): RenderResult {
  const bundleName = metaOf(input.bundle).name;
  const base: BundleScope = {
    namespace: input.namespace,
    bundle: bundleName,
    values: input.values,
    repositories: input.repositories,
    definitions: input.definitions,
    issues: [],
    sources: new Map(),
  };
  const rendered: { object: KubeObject; origin: ComponentScope }[] = [];
  for (const profile of input.workloadProfiles) {
    for (const { component, index } of deploymentOrder(profile.spec.workload.components)) {
      const scope: ComponentScope = { ...base, profile: metaOf(profile).name, component, index };
      const raw = component.properties ?? {};
      const props = renderWithIssues(scope, raw, raw, propertiesSite(scope));
      const render = RENDERERS[component.type] ?? renderCustom;
      for (const object of render(scope, isRecord(props) ? props : {})) {
        rendered.push({ object: withRenderLabels(object, bundleName, scope.profile), origin: scope });
      }
    }
  }
  const sources = [...base.sources.values()]
    .sort((a, b) => compareKindAndName(a.object, b.object))
    .map((s) => ({ object: withRenderLabels(s.object, bundleName), origin: s.origin }));
  const objects = dropDuplicates([...sources, ...rendered]);
  return { objects, issues: base.issues };
}

/** Components by deployment priority, ties in declaration order; `index` is the declaration index. */
function deploymentOrder(components: Component[]): { component: Component; index: number }[] {
  return components
    .map((component, index) => ({ component, index }))
    .sort(
      (a, b) =>
        (a.component.deploymentPriority ?? DEFAULT_DEPLOYMENT_PRIORITY) -
          (b.component.deploymentPriority ?? DEFAULT_DEPLOYMENT_PRIORITY) || a.index - b.index,
    );
}

/** Keeps the first object of each identity; reports later ones (RN009) at the component that made them. */
function dropDuplicates(list: { object: KubeObject; origin: ComponentScope }[]): KubeObject[] {
  const seen = new Map<string, ComponentScope>();
  const out: KubeObject[] = [];
  for (const { object, origin } of list) {
    const { kind, metadata } = object;
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    const key = JSON.stringify([group, kind, metadata.namespace ?? '', metadata.name]);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, origin);
      out.push(object);
      continue;
    }
    const where = metadata.namespace ? ` in namespace "${metadata.namespace}"` : '';
    report(
      origin,
      'RN009',
      componentPath(origin, 'name'),
      `renders ${kind} "${metadata.name}"${where}, which component "${first.component.name}" of workload ` +
        `profile "${first.profile}" already renders; rename one of the components or objects`,
    );
  }
  return out;
}
