import { BUILTIN_COMPONENT_TYPES, formatPath, type FieldPath, type KubeObject } from '../../model/index.js';
import { componentPath, metaOf, renderWithIssues, report, type ComponentScope } from '../scope.js';
import { toKubeObject } from './manifests.js';

/**
 * Renders a component whose `type` names a ComponentDefinition: each object of the definition's
 * `spec.template`, in order, rendered with `{ properties, var, name: component name, namespace,
 * bundle }`, then namespaced as a `manifests` object would be.
 *
 * `properties` are the component's properties, already rendered. They are not checked against the
 * definition's `spec.schema` here (validation does that). Issues point at the component: a missing
 * property at `properties.<name>`, anything else at `type`, the message naming the template field.
 * RN004 (a missing reference) when no definition has that name; RN002 for a template entry that is not an object.
 */
export function renderCustom(scope: ComponentScope, props: Record<string, unknown>): KubeObject[] {
  const type = scope.component.type;
  const def = scope.definitions.find((d) => metaOf(d).name === type);
  const typeAt = componentPath(scope, 'type');
  if (!def) {
    const names = scope.definitions.map((d) => metaOf(d).name).sort();
    report(
      scope,
      'RN004',
      typeAt,
      `type "${type}" is neither built in (${BUILTIN_COMPONENT_TYPES.join(', ')}) nor a ComponentDefinition ` +
        `of namespace "${scope.namespace}" (definitions: ${names.length > 0 ? names.join(', ') : 'none'}); ` +
        `fix the type or import the definition`,
      'MissingReference',
    );
    return [];
  }
  const where = (at: FieldPath) =>
    ` in ComponentDefinition "${type}" at ${formatPath(['spec', 'template', ...at])}`;
  const rendered = renderWithIssues(scope, def.spec.template, props, {
    pathOf: () => typeAt,
    describe: where,
  });
  const out: KubeObject[] = [];
  (rendered as unknown[]).forEach((item, i) => {
    const obj = toKubeObject(item, scope.namespace);
    if (typeof obj === 'string') report(scope, 'RN002', typeAt, `${obj}${where([i])}`);
    else out.push(obj);
  });
  return out;
}
