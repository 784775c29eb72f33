import {
  BUILTIN_COMPONENT_TYPES,
  scanTemplates,
  type Component,
  type FieldPath,
  type Issue,
  type WorkloadProfile,
} from '../model/index.js';
import { userSchemaValidator } from './definitionRules.js';
import { closest, issue, show } from './issues.js';
import { namespaceOf, type Resolver } from './resolver.js';
import { checkVariables } from './variableRules.js';

const BUILTIN = new Set<string>(BUILTIN_COMPONENT_TYPES);
const HELM_FIELDS = ['repository', 'chart', 'version', 'values', 'releaseName', 'targetNamespace'];
const WEBSERVICE_FIELDS = ['image', 'port', 'replicas', 'env', 'resources', 'gpu'];

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const unknownFields = (
  props: Record<string, unknown>,
  known: string[],
  at: FieldPath,
  code: 'WP003' | 'WP005',
  type: string,
) =>
  Object.keys(props)
    .filter((k) => !known.includes(k))
    .map((k) => {
      const guess = closest(k, known);
      return issue(
        code,
        [...at, k],
        `unknown ${type} property ${show(k)}${guess ? `; did you mean "${guess}"?` : ''}. Known: ${known.join(', ')}.`,
      );
    });

const isTemplated = (v: unknown) => typeof v === 'string' && v.includes('{{');

const checkHelm = (
  props: Record<string, unknown>,
  at: FieldPath,
  ns: string,
  resolver: Resolver,
): Issue[] => {
  const issues = unknownFields(props, HELM_FIELDS, at, 'WP003', 'helm');
  const resolved =
    typeof props.repository === 'string' ? resolver.repository(ns, props.repository) : undefined;
  // An OCIRepository can point at the chart artifact itself (its ref picks the version).
  const required = resolved?.kind === 'OCIRepository' ? ['repository'] : ['repository', 'chart', 'version'];
  for (const f of required) {
    const v = props[f];
    if (typeof v !== 'string' || v === '') {
      issues.push(
        issue(
          'WP003',
          [...at, f],
          `a helm component needs properties.${f} as a non-empty string, found ${v === undefined ? 'nothing' : show(v)}.`,
        ),
      );
    }
  }
  if (props.values !== undefined && !isObject(props.values)) {
    issues.push(
      issue(
        'WP003',
        [...at, 'values'],
        `helm values must be an object (a YAML mapping), found ${show(props.values)}.`,
      ),
    );
  }
  for (const f of ['releaseName', 'targetNamespace']) {
    if (props[f] !== undefined && typeof props[f] !== 'string')
      issues.push(issue('WP003', [...at, f], `${f} must be a string, found ${show(props[f])}.`));
  }
  const repo = props.repository;
  if (typeof repo === 'string' && repo !== '' && !isTemplated(repo) && !resolved) {
    const known = resolver.repositoryNames(ns);
    issues.push(
      issue(
        'WP004',
        [...at, 'repository'],
        `repository "${repo}" is neither a HelmRepository nor an OCIRepository in namespace ${ns}${known.length ? ` (found: ${known.join(', ')})` : ''}; create it or list it in a bundle's workloadProfileDependencies.`,
      ),
    );
  }
  return issues;
};

const checkWebservice = (props: Record<string, unknown>, at: FieldPath): Issue[] => {
  const issues = unknownFields(props, WEBSERVICE_FIELDS, at, 'WP005', 'webservice');
  if (typeof props.image !== 'string' || props.image === '') {
    issues.push(
      issue(
        'WP005',
        [...at, 'image'],
        `a webservice component needs properties.image, e.g. ghcr.io/open-webui/open-webui:0.5.4; found ${props.image === undefined ? 'nothing' : show(props.image)}.`,
      ),
    );
  }
  const int = (f: string, min: number, max: number) => {
    const v = props[f];
    if (v === undefined || isTemplated(v)) return;
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
      issues.push(
        issue('WP005', [...at, f], `${f} must be a whole number from ${min} to ${max}, found ${show(v)}.`),
      );
    }
  };
  int('port', 1, 65535);
  int('replicas', 0, 1000);
  int('gpu', 0, 64);
  if (props.env !== undefined && !isObject(props.env))
    issues.push(
      issue('WP005', [...at, 'env'], `env must be a map of NAME: value, found ${show(props.env)}.`),
    );
  if (props.resources !== undefined && !isObject(props.resources))
    issues.push(
      issue(
        'WP005',
        [...at, 'resources'],
        `resources must be an object with requests/limits, found ${show(props.resources)}.`,
      ),
    );
  return issues;
};

const checkManifests = (props: Record<string, unknown>, at: FieldPath): Issue[] => {
  const issues = unknownFields(props, ['objects'], at, 'WP003', 'manifests').map((i) => ({
    ...i,
    code: 'WP006',
  }));
  const objects = props.objects;
  if (!Array.isArray(objects) || objects.length === 0) {
    return [
      ...issues,
      issue(
        'WP006',
        [...at, 'objects'],
        `a manifests component needs properties.objects, a non-empty list of Kubernetes objects; found ${objects === undefined ? 'nothing' : show(objects)}.`,
      ),
    ];
  }
  objects.forEach((o, i) => {
    const meta = isObject(o) ? o.metadata : undefined;
    if (
      !isObject(o) ||
      typeof o.apiVersion !== 'string' ||
      typeof o.kind !== 'string' ||
      !isObject(meta) ||
      typeof meta.name !== 'string'
    ) {
      issues.push(
        issue(
          'WP006',
          [...at, 'objects', i],
          'each object needs apiVersion, kind and metadata.name (strings).',
        ),
      );
    }
  });
  return issues;
};

const checkComponent = (c: Component, at: FieldPath, ns: string, resolver: Resolver): Issue[] => {
  const props = c.properties ?? {};
  const pAt = [...at, 'properties'];
  if (c.type === 'helm') return checkHelm(props, pAt, ns, resolver);
  if (c.type === 'webservice') return checkWebservice(props, pAt);
  if (c.type === 'manifests') return checkManifests(props, pAt);
  const def = resolver.componentDefinition(ns, c.type);
  if (!def) {
    const guess = closest(c.type, BUILTIN);
    return [
      issue(
        'WP002',
        [...at, 'type'],
        `component type "${c.type}" is not built in (helm, manifests, webservice) and no ComponentDefinition "${c.type}" exists in namespace ${ns}${guess ? `; did you mean "${guess}"?` : ''}. Create the definition or fix the type.`,
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
export const checkWorkloadProfile = (wp: WorkloadProfile, resolver: Resolver): Issue[] => {
  const ns = namespaceOf(wp);
  const issues = checkVariables(wp.spec.variables ?? [], ['spec', 'variables']);
  const names = new Map<string, number>();
  const components = wp.spec.workload.components;
  components.forEach((c, i) => {
    const at = ['spec', 'workload', 'components', i];
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
    issues.push(...checkComponent(c, at, ns, resolver));
  });
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
