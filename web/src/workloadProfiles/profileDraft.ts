/**
 * The workload profile editor's state and its translation to and from a WorkloadProfile: components
 * with their properties as YAML text, variables with a typed default, and the server's causes
 * mapped to the editor's fields (`spec.workload.components[1].properties.chart` → component 1's
 * properties).
 */
import { parse, stringify } from 'yaml';
import {
  BUILTIN_COMPONENT_TYPES,
  checkBuiltinProperties,
  formatPath,
  repositoryNotFoundMessage,
  type Component,
  type Variable,
  type VariableType,
  type WorkloadProfile,
  type WorkloadProfileType,
} from '../../../src/model/index.js';
import type { Cause } from '../api/client';

export interface ComponentDraft {
  /** Stable React key (components can be reordered). */
  key: string;
  name: string;
  type: string;
  /** Deployment priority as typed ('' = none). */
  priority: string;
  /** The properties as YAML (or JSON, which is YAML too). */
  properties: string;
}

export interface VariableDraft {
  key: string;
  name: string;
  type: VariableType;
  /** Default value as typed ('' = none). */
  value: string;
  required: boolean;
  description: string;
}

export interface ProfileDraft {
  name: string;
  type: WorkloadProfileType;
  description: string;
  components: ComponentDraft[];
  variables: VariableDraft[];
}

let counter = 0;
/** A fresh key for a new row. */
export const newKey = () => `k${++counter}`;

/** Properties a new component of a built-in type starts with (its required fields). */
export const PROPERTY_TEMPLATES: Record<string, string> = {
  helm: 'repository: \nchart: \nversion: \nvalues: {}\n',
  webservice: 'image: \nport: 8080\nreplicas: 1\n',
  manifests: 'objects:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: \n',
};

export const TYPES = BUILTIN_COMPONENT_TYPES;

/** A new component row of `type`. */
export const newComponent = (index: number, type = 'helm'): ComponentDraft => ({
  key: newKey(),
  name: `component-${index + 1}`,
  type,
  priority: '',
  properties: PROPERTY_TEMPLATES[type] ?? '{}\n',
});

export const emptyDraft = (): ProfileDraft => ({
  name: '',
  type: 'Application',
  description: '',
  components: [newComponent(0)],
  variables: [],
});

/** A draft from a stored profile (for Clone): the name is the clone's to choose. */
export const fromProfile = (p: WorkloadProfile): ProfileDraft => ({
  name: `${p.metadata.name}-copy`,
  type: p.spec.type,
  description: p.spec.description ?? '',
  components: p.spec.workload.components.map((c) => ({
    key: newKey(),
    name: c.name,
    type: c.type,
    priority: c.deploymentPriority === undefined ? '' : String(c.deploymentPriority),
    properties: c.properties ? stringify(c.properties) : '{}\n',
  })),
  variables: (p.spec.variables ?? []).map((v) => ({
    key: newKey(),
    name: v.name,
    type: v.variableType,
    value: v.value && !v.secret ? String(Object.values(v.value)[0]) : '',
    required: v.validationMode === 'required',
    description: v.description ?? '',
  })),
});

const typed = (type: VariableType, raw: string): unknown => {
  if (type === 'bool') return raw.trim() === 'true';
  if (type.startsWith('int') || type.startsWith('float')) return Number(raw);
  return raw;
};

/** Field path of a component's properties (the server's causes use the same paths). */
export const propertiesField = (i: number) => `spec.workload.components[${i}].properties`;

/**
 * The WorkloadProfile the draft stands for, and the problems found before asking the server
 * (properties that are not a YAML mapping, built-in properties that fail their type's check), by field.
 */
export const toProfile = (
  d: ProfileDraft,
  namespace: string,
): { object: WorkloadProfile; problems: Record<string, string> } => {
  const problems: Record<string, string> = {};
  const components: Component[] = d.components.map((c, i) => {
    let properties: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = parse(c.properties);
      if (parsed === null || parsed === undefined) properties = undefined;
      else if (typeof parsed !== 'object' || Array.isArray(parsed))
        problems[propertiesField(i)] = 'properties must be a mapping (key: value)';
      else properties = parsed as Record<string, unknown>;
    } catch (e) {
      problems[propertiesField(i)] = `not valid YAML: ${(e as Error).message.split('\n')[0]}`;
    }
    for (const p of (properties && checkBuiltinProperties(c.type, properties)) ?? [])
      problems[`${propertiesField(i)}${p.path.length ? `.${formatPath(p.path)}` : ''}`] ??=
        `${p.code}: ${p.message}`;
    return {
      name: c.name,
      type: c.type,
      ...(c.priority.trim() !== '' ? { deploymentPriority: Number(c.priority) } : {}),
      ...(properties ? { properties } : {}),
    };
  });
  const variables: Variable[] = d.variables.map((v) => ({
    name: v.name,
    variableType: v.type,
    ...(v.value.trim() !== '' ? { value: { [v.type]: typed(v.type, v.value) } as Variable['value'] } : {}),
    ...(v.required ? { validationMode: 'required' as const } : {}),
    ...(v.description ? { description: v.description } : {}),
  }));
  return {
    object: {
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'WorkloadProfile',
      metadata: { name: d.name, namespace },
      spec: {
        type: d.type,
        ...(d.description ? { description: d.description } : {}),
        ...(variables.length ? { variables } : {}),
        workload: { components },
      },
    } as WorkloadProfile,
    problems,
  };
};

/**
 * Which editor field shows a problem at `path`: the name, type and description, a component's
 * name, type, priority or properties (deeper paths go to the properties field), a variable's row,
 * or `''` for the rest (shown above the form).
 */
export const fieldOf = (path: string | undefined): string => {
  if (!path) return '';
  const p = path.replace(/^\./, '');
  if (p === 'metadata.name' || p === 'spec.type' || p === 'spec.description') return p;
  const c = /^spec\.workload\.components\[(\d+)\](?:\.(name|type|deploymentPriority|properties))?/.exec(p);
  if (c) return c[2] ? `spec.workload.components[${c[1]}].${c[2]}` : `spec.workload.components[${c[1]}].name`;
  if (p.startsWith('spec.workload.components')) return 'spec.workload.components';
  const v = /^spec\.variables\[(\d+)\]/.exec(p);
  if (v) return `spec.variables[${v[1]}]`;
  return '';
};

/** Problems by editor field: the editor's own, then the server's causes (`REASON: message`). */
export const fieldErrors = (
  problems: Record<string, string>,
  causes: Cause[],
): { byField: Record<string, string>; rest: Cause[] } => {
  const byField: Record<string, string> = {};
  for (const [path, message] of Object.entries(problems)) {
    const f = fieldOf(path);
    byField[f] = byField[f] ? `${byField[f]}; ${message}` : message;
  }
  const rest: Cause[] = [];
  for (const c of causes) {
    const f = fieldOf(c.field);
    if (!f) rest.push(c);
    else {
      const text = `${c.reason}: ${c.message}`;
      byField[f] = byField[f] ? `${byField[f]}; ${text}` : text;
    }
  }
  delete byField[''];
  return { byField, rest };
};

/** Moves item `from` to `to` (the reorder buttons). */
export const move = <T>(list: T[], from: number, to: number): T[] => {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
};

/**
 * WP004 ahead of time, by component index: helm components whose repository is none of the
 * namespace's. Only a warning: the server accepts the profile (the reference may be created later or
 * come from a bundle's workloadProfileDependencies) and reports it in the ResolvedRefs condition.
 */
export const repositoryWarnings = (
  object: WorkloadProfile,
  namespace: string,
  repositories: readonly string[],
): Record<number, string> => {
  const out: Record<number, string> = {};
  object.spec.workload.components.forEach((c, i) => {
    const repo = c.type === 'helm' ? c.properties?.repository : undefined;
    if (typeof repo === 'string' && repo && !repositories.includes(repo))
      out[i] = `WP004: ${repositoryNotFoundMessage(repo, namespace, [...repositories].sort())}`;
  });
  return out;
};
