import {
  BUILTIN_COMPONENT_TYPES,
  checkBuiltinProperties,
  repositoryNotFoundMessage,
  scanTemplates,
  type Component,
  type FieldPath,
  type Issue,
  type WorkloadProfile,
} from '../model/index.js';
import { userSchemaValidator } from './definitionRules.js';
import { closest, issue, missingReference } from './issues.js';
import { namespaceOf, placeOf, type Resolver } from './resolver.js';
import { checkVariables } from './variableRules.js';

const BUILTIN = new Set<string>(BUILTIN_COMPONENT_TYPES);

/**
 * Properties of a built-in type, by the model's one check (the renderer runs the same), plus the
 * helm repository reference (WP004), which only resolves against the other objects.
 */
const checkBuiltin = (
  c: Component,
  props: Record<string, unknown>,
  at: FieldPath,
  ns: string,
  resolver: Resolver,
): Issue[] | undefined => {
  const repo = c.type === 'helm' ? props.repository : undefined;
  const resolved = typeof repo === 'string' && repo !== '' ? resolver.repository(ns, repo) : undefined;
  const problems = checkBuiltinProperties(c.type, props, { repositoryKind: resolved?.kind });
  if (!problems) return undefined;
  const issues = problems.map((p) => issue(p.code, [...at, ...p.path], p.message));
  if (typeof repo === 'string' && repo !== '' && !repo.includes('{{') && !resolved) {
    issues.push(
      missingReference(
        'WP004',
        [...at, 'repository'],
        repositoryNotFoundMessage(repo, ns, resolver.repositoryNames(ns)),
      ),
    );
  }
  return issues;
};

const checkComponent = (c: Component, at: FieldPath, ns: string, resolver: Resolver): Issue[] => {
  const props = c.properties ?? {};
  const pAt = [...at, 'properties'];
  const builtin = checkBuiltin(c, props, pAt, ns, resolver);
  if (builtin) return builtin;
  const def = resolver.componentDefinition(ns, c.type);
  if (!def) {
    const guess = closest(c.type, BUILTIN);
    return [
      missingReference(
        'WP002',
        [...at, 'type'],
        `component type "${c.type}" is not built in (helm, manifests, webservice) and no ComponentDefinition "${c.type}" exists in ${placeOf(resolver, ns)}${guess ? `; did you mean "${guess}"?` : ''}. Create the definition or fix the type.`,
      ),
    ];
  }
  const validate = userSchemaValidator(def.spec.schema);
  if (!validate || validate(props)) return [];
  return (validate.errors ?? []).map((e) =>
    issue(
      'WP007',
      [...pAt, ...e.instancePath.split('/').filter(Boolean)],
      `properties do not match ComponentDefinition "${c.type}": ${e.instancePath ? `${e.instancePath.slice(1).replace(/\//g, '.')} ` : ''}${e.message ?? 'is invalid'}${e.keyword === 'required' ? '; add it' : ''}.`,
    ),
  );
};

/** Rules for one WorkloadProfile: variables, components, templates (WP…, VAR…, TPL001). */
export const checkWorkloadProfile = (wp: WorkloadProfile, resolver: Resolver): Issue[] =>
  workloadProfileIssues(wp, resolver, true);

/**
 * Only the rules of {@link checkWorkloadProfile} that read other objects (each component against
 * its definition or repository), for a profile whose own rules already ran on it.
 */
export const checkWorkloadProfileReferences = (wp: WorkloadProfile, resolver: Resolver): Issue[] =>
  workloadProfileIssues(wp, resolver, false);

/** The profile's issues in one order whichever rules run: variables, then component by component, then templates. */
const workloadProfileIssues = (wp: WorkloadProfile, resolver: Resolver, own: boolean): Issue[] => {
  const ns = namespaceOf(wp);
  const issues = own ? checkVariables(wp.spec.variables ?? [], ['spec', 'variables']) : [];
  const names = new Map<string, number>();
  const components = wp.spec.workload.components;
  components.forEach((c, i) => {
    const at = ['spec', 'workload', 'components', i];
    if (own) {
      const first = names.get(c.name);
      if (first !== undefined)
        issues.push(
          issue(
            'WP001',
            [...at, 'name'],
            `component name "${c.name}" is used twice (also components[${first}]); names must be unique in a profile.`,
          ),
        );
      else names.set(c.name, i);
    }
    issues.push(...checkComponent(c, at, ns, resolver));
  });
  if (own) issues.push(...templateIssues(wp));
  return issues;
};

/** What the profile's templates say (TPL001) and the variables they read undeclared (VAR006). */
const templateIssues = (wp: WorkloadProfile): Issue[] => {
  const issues: Issue[] = [];
  const components = wp.spec.workload.components;
  const declared = new Set((wp.spec.variables ?? []).map((v) => v.name));
  const scan = scanTemplates(components);
  for (const e of scan.errors)
    issues.push(issue('TPL001', ['spec', 'workload', 'components', ...e.path], e.message));
  const reported = new Set<string>();
  for (const p of scan.placeholders) {
    const name = p.path[0];
    if (p.root !== 'var' || name === undefined || declared.has(name) || reported.has(name)) continue;
    reported.add(name);
    issues.push(
      issue(
        'VAR006',
        ['spec', 'workload', 'components', ...p.at],
        `template reads variable "${name}" but spec.variables does not declare it; declare it (name, variableType, value) so users see its type and default.`,
        'warning',
      ),
    );
  }
  return issues;
};
