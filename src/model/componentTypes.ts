/**
 * The built-in component types (`helm`, `manifests`, `webservice`): the properties each one takes,
 * as a TypeBox schema with field descriptions, and the one check of those properties. The rules
 * (`WP003`, `WP005`, `WP006`) and the renderer call the same check, so they always agree on what
 * is valid, with the same codes, limits and messages; the renderer of each type lives in
 * `render/components/<type>.ts`.
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import type { FieldPath } from './issue.js';
import { FreeObject, StrictObject } from './schema.js';
import { closest, describeValue, isRecord } from './values.js';
import type { BUILTIN_COMPONENT_TYPES } from './workloadProfile.js';

export const HelmProperties = StrictObject(
  {
    repository: Type.String({
      minLength: 1,
      description:
        'Name of a HelmRepository or OCIRepository of the namespace, or of one a bundle lists in spec.workloadProfileDependencies.',
    }),
    chart: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Chart name. Required on a HelmRepository; on an OCIRepository only with version (the chart inside the registry).',
      }),
    ),
    version: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          "Chart version. Required on a HelmRepository; on an OCIRepository without it the repository's own ref picks the version.",
      }),
    ),
    values: Type.Optional(FreeObject('Helm values (a YAML mapping).')),
    releaseName: Type.Optional(
      Type.String({ minLength: 1, description: 'Helm release name; default <profile>-<component>.' }),
    ),
    targetNamespace: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Namespace the chart installs into; default the render namespace.',
      }),
    ),
  },
  { description: 'Properties of a helm component: a Flux HelmRelease.' },
);
export type HelmProperties = Static<typeof HelmProperties>;

export const WebserviceProperties = StrictObject(
  {
    image: Type.String({
      minLength: 1,
      description: 'Container image, e.g. ghcr.io/open-webui/open-webui:0.5.4.',
    }),
    port: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 65535, description: 'Container and Service port; default 8080.' }),
    ),
    replicas: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000, description: 'Pod replicas; default 1.' }),
    ),
    env: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
        description: 'Environment variables, NAME: value (numbers and booleans become strings).',
      }),
    ),
    resources: Type.Optional(FreeObject('Container resources (requests, limits), copied as given.')),
    gpu: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 64, description: 'NVIDIA GPUs (limits of nvidia.com/gpu).' }),
    ),
  },
  { description: 'Properties of a webservice component: a Deployment and a ClusterIP Service.' },
);
export type WebserviceProperties = Static<typeof WebserviceProperties>;

export const ManifestsProperties = StrictObject(
  {
    objects: Type.Array(FreeObject('A Kubernetes object: apiVersion, kind and metadata.name.'), {
      minItems: 1,
      description:
        'Kubernetes objects, rendered in order; namespaced ones without a namespace get the render namespace.',
    }),
  },
  { description: 'Properties of a manifests component: Kubernetes objects as they are.' },
);
export type ManifestsProperties = Static<typeof ManifestsProperties>;

/** One problem with the properties of a built-in component; `path` is relative to `properties`. */
export interface PropertyProblem {
  code: 'WP003' | 'WP005' | 'WP006';
  path: FieldPath;
  message: string;
}

/** What the property check knows besides the properties. */
export interface PropertyContext {
  /** Kind of the repository a helm component names, when it resolves (rules: the resolver; render: the scope). */
  repositoryKind?: 'HelmRepository' | 'OCIRepository' | undefined;
  /**
   * True once templates are rendered: a `{{ … }}` string then stands for itself. Before rendering
   * (the rules), a number field may hold a placeholder, checked when it is rendered.
   */
  rendered?: boolean;
}

const isTemplated = (v: unknown) => typeof v === 'string' && v.includes('{{');

const unknownFields = (
  props: Record<string, unknown>,
  schema: TObject,
  code: PropertyProblem['code'],
  type: string,
): PropertyProblem[] => {
  const known = Object.keys(schema.properties);
  return Object.keys(props)
    .filter((k) => !known.includes(k))
    .map((k) => {
      const guess = closest(k, known);
      return {
        code,
        path: [k],
        message: `unknown ${type} property ${describeValue(k)}${guess ? `; did you mean "${guess}"?` : ''}. Known: ${known.join(', ')}.`,
      };
    });
};

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Checks a helm component's properties (WP003); the repository's existence is WP004, checked apart. */
export const checkHelmProperties = (
  props: Record<string, unknown>,
  ctx: PropertyContext = {},
): PropertyProblem[] => {
  const problems = unknownFields(props, HelmProperties, 'WP003', 'helm');
  const add = (field: string, message: string) => problems.push({ code: 'WP003', path: [field], message });
  // An OCIRepository can be the chart artifact itself (its ref picks the version); with a version,
  // the chart is looked up inside the registry, so it needs the chart's name.
  const oci = ctx.repositoryKind === 'OCIRepository';
  const required = oci
    ? ['repository', ...(props.version !== undefined ? ['chart'] : [])]
    : ['repository', 'chart', 'version'];
  for (const f of ['repository', 'chart', 'version']) {
    const v = props[f];
    if (isNonEmptyString(v) || (v === undefined && !required.includes(f))) continue;
    const why = oci && f === 'chart' ? ' (the chart inside the OCI registry, since version is given)' : '';
    add(f, `a helm component needs properties.${f} as a non-empty string${why}, found ${describeValue(v)}.`);
  }
  if (props.values !== undefined && !isRecord(props.values))
    add('values', `helm values must be an object (a YAML mapping), found ${describeValue(props.values)}.`);
  for (const f of ['releaseName', 'targetNamespace']) {
    if (props[f] !== undefined && !isNonEmptyString(props[f]))
      add(f, `${f} must be a non-empty string, found ${describeValue(props[f])}.`);
  }
  return problems;
};

/** Checks a webservice component's properties (WP005): image, ports and counts in range, maps. */
export const checkWebserviceProperties = (
  props: Record<string, unknown>,
  ctx: PropertyContext = {},
): PropertyProblem[] => {
  const problems = unknownFields(props, WebserviceProperties, 'WP005', 'webservice');
  const add = (path: FieldPath, message: string) => problems.push({ code: 'WP005', path, message });
  if (!isNonEmptyString(props.image)) {
    add(
      ['image'],
      `a webservice component needs properties.image, e.g. ghcr.io/open-webui/open-webui:0.5.4; found ${describeValue(props.image)}.`,
    );
  }
  for (const f of ['port', 'replicas', 'gpu'] as const) {
    const v = props[f];
    if (v === undefined || (!ctx.rendered && isTemplated(v))) continue;
    const { minimum: min, maximum: max } = WebserviceProperties.properties[f] as {
      minimum: number;
      maximum: number;
    };
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      add([f], `${f} must be a whole number from ${min} to ${max}, found ${describeValue(v)}.`);
  }
  const { env, resources } = props;
  if (env !== undefined && !isRecord(env))
    add(['env'], `env must be a map of NAME: value, found ${describeValue(env)}.`);
  for (const [name, value] of Object.entries(isRecord(env) ? env : {})) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      add(
        ['env', name],
        `env ${describeValue(name)} must be a string, number or bool, found ${describeValue(value)}.`,
      );
  }
  if (resources !== undefined && !isRecord(resources))
    add(
      ['resources'],
      `resources must be an object with requests/limits, found ${describeValue(resources)}.`,
    );
  return problems;
};

/**
 * Why `value` is not a Kubernetes object (undefined when it is): an object with a non-empty string
 * `apiVersion` and `kind`, and a `metadata` object with a non-empty string `name` and, when present,
 * `labels` and `annotations` maps of strings.
 */
export const kubeObjectProblem = (value: unknown): string | undefined => {
  if (!isRecord(value)) return `expected a Kubernetes object, found ${describeValue(value)}`;
  const meta = value.metadata;
  const missing = [
    isNonEmptyString(value.apiVersion) ? undefined : 'apiVersion',
    isNonEmptyString(value.kind) ? undefined : 'kind',
    isRecord(meta) && isNonEmptyString(meta.name) ? undefined : 'metadata.name',
  ].filter((f) => f !== undefined);
  if (missing.length > 0) return `a Kubernetes object needs a string ${missing.join(', ')}`;
  for (const field of ['labels', 'annotations'] as const) {
    const map = (meta as Record<string, unknown>)[field];
    if (map !== undefined && !(isRecord(map) && Object.values(map).every((v) => typeof v === 'string')))
      return `metadata.${field} must be a map of strings`;
  }
  return undefined;
};

/** Checks a manifests component's properties (WP006): a non-empty list of Kubernetes objects. */
export const checkManifestsProperties = (
  props: Record<string, unknown>,
  _ctx: PropertyContext = {},
): PropertyProblem[] => {
  const problems = unknownFields(props, ManifestsProperties, 'WP006', 'manifests');
  const objects = props.objects;
  if (!Array.isArray(objects) || objects.length === 0) {
    problems.push({
      code: 'WP006',
      path: ['objects'],
      message: `a manifests component needs properties.objects, a non-empty list of Kubernetes objects; found ${describeValue(objects)}.`,
    });
    return problems;
  }
  objects.forEach((o: unknown, i) => {
    const why = kubeObjectProblem(o);
    if (why) problems.push({ code: 'WP006', path: ['objects', i], message: `objects[${i}]: ${why}.` });
  });
  return problems;
};

/** One entry per built-in component type: its properties schema and its check. */
export const BUILTIN_COMPONENTS = {
  helm: { properties: HelmProperties, check: checkHelmProperties },
  manifests: { properties: ManifestsProperties, check: checkManifestsProperties },
  webservice: { properties: WebserviceProperties, check: checkWebserviceProperties },
} as const satisfies Record<
  (typeof BUILTIN_COMPONENT_TYPES)[number],
  {
    properties: TObject;
    check: (props: Record<string, unknown>, ctx?: PropertyContext) => PropertyProblem[];
  }
>;

/** The problems with the properties of a built-in component type; undefined for other types. */
export const checkBuiltinProperties = (
  type: string,
  props: Record<string, unknown>,
  ctx: PropertyContext = {},
): PropertyProblem[] | undefined =>
  Object.hasOwn(BUILTIN_COMPONENTS, type)
    ? BUILTIN_COMPONENTS[type as keyof typeof BUILTIN_COMPONENTS].check(props, ctx)
    : undefined;

/** The WP004 message: a helm component's repository does not resolve in the namespace. */
export const repositoryNotFoundMessage = (
  name: string,
  namespace: string,
  known: readonly string[],
): string =>
  `repository "${name}" is neither a HelmRepository nor an OCIRepository in namespace ${namespace}${known.length ? ` (found: ${known.join(', ')})` : ''}; create it or list it in a bundle's workloadProfileDependencies.`;
