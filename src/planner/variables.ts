import {
  LABEL_PROFILE_BUNDLE,
  SYSTEM_NAMESPACE,
  byCodeUnits,
  type ModelReference,
  type ProfileBundle,
  type Variable,
  type VariableOverrides,
  type WorkloadProfile,
} from '../model/index.js';
import { closest, coerceOverride, plainValue, type Resolver } from '../rules/index.js';
import type { Check, EffectiveVariable } from './types.js';

interface Source {
  label: string;
  variables: readonly Variable[];
}

interface State extends EffectiveVariable {
  lockedBy?: string;
}

/** A variable a deployment override may set: its type and, when locked, the source that locked it. */
export interface OverridableVariable {
  type: string;
  lockedBy?: string | undefined;
}

/**
 * Checks deployment overrides (`--set`, AIWorkload or ComputePool variables) against the declared
 * variables: VAR010 for a name nobody declares (with a "did you mean"), VAR008 for a locked
 * variable, VAR009 for a value that does not fit the type. Returns the accepted values, typed
 * (`"3"` for an int is 3), and the failed checks, in the order of `overrides`. The one place these
 * rules live: the plan and the Studio import's `--set` both use it.
 */
export const checkOverrides = (
  overrides: VariableOverrides,
  declared: ReadonlyMap<string, OverridableVariable>,
  options: {
    /**
     * Quote a refused value in its message (what a user typed on the command line); off where the
     * message reaches an audit log and the value may be a secret (the server's Studio import).
     * @default true
     */
    quoteValues?: boolean;
  } = {},
): { values: Map<string, unknown>; checks: Check[] } => {
  const values = new Map<string, unknown>();
  const checks: Check[] = [];
  for (const [name, raw] of Object.entries(overrides)) {
    const cur = declared.get(name);
    if (!cur) {
      const guess = closest(name, declared.keys());
      checks.push({
        code: 'VAR010',
        result: 'fail',
        path: 'overrides',
        message: `override "${name}" matches no declared variable${guess ? `; did you mean "${guess}"?` : ''} (declared: ${[...declared.keys()].sort(byCodeUnits).join(', ') || 'none'}).`,
      });
      continue;
    }
    if (cur.lockedBy) {
      checks.push({
        code: 'VAR008',
        result: 'fail',
        path: 'overrides',
        message: `"${name}" is locked by ${cur.lockedBy}; a deployment cannot override it.`,
      });
      continue;
    }
    const { value, problem } = coerceOverride(cur.type as Variable['variableType'], raw);
    if (problem) {
      checks.push({
        code: 'VAR009',
        result: 'fail',
        path: 'overrides',
        message: `override ${options.quoteValues === false ? name : `${name}=${JSON.stringify(raw)}`} does not fit type ${cur.type}: ${problem.replace(/, found .*$/s, '')}.`,
      });
      continue;
    }
    values.set(name, value);
  }
  return { values, checks };
};

/** The variables a model deployment binds its model to (SPEC §6 "The model id reaches the model"). */
export const MODEL_ID_VARIABLE = 'modelId';
export const MODEL_SOURCE_VARIABLE = 'modelSource';

/** How the source of a bound model value is reported, per variable. */
export interface ModelLabels {
  id: string;
  source: string;
}

/** A model deployment's source labels when it is an object: the AIWorkload's `spec.model`. */
export const AIWORKLOAD_MODEL_LABELS: ModelLabels = {
  id: 'AIWorkload spec.model',
  source: 'AIWorkload spec.model',
};

/**
 * The model of a model deployment, bound at the deployment tier to `modelId` and `modelSource`:
 * above every VariableSet and bundle default, stopped by a lock at a lower tier (MS004 when the
 * lock holds another value), and contradicted by no override (MS005).
 */
export interface ModelBinding {
  model: ModelReference;
  labels: ModelLabels;
}

const bound = (binding: ModelBinding) =>
  [
    { name: MODEL_ID_VARIABLE, value: binding.model.id, label: binding.labels.id, field: 'spec.model.id' },
    {
      name: MODEL_SOURCE_VARIABLE,
      value: binding.model.source,
      label: binding.labels.source,
      field: 'spec.model.source',
    },
  ] as const;

/**
 * Binds the model to the declared `modelId`/`modelSource` (deployment tier), and takes out of the
 * overrides the ones that restate it. A lock at a lower tier with another value stops the binding
 * (MS004); an override with another value is refused (MS005). Returns the overrides left to check.
 */
const bindModel = (
  binding: ModelBinding,
  state: Map<string, State>,
  overrides: VariableOverrides,
  checks: Check[],
): VariableOverrides => {
  const rest: Record<string, string | number | boolean> = { ...overrides };
  for (const b of bound(binding)) {
    const cur = state.get(b.name);
    if (Object.hasOwn(overrides, b.name)) {
      const raw = overrides[b.name];
      if (String(raw) !== b.value) {
        checks.push({
          code: 'MS005',
          result: 'fail',
          path: 'overrides',
          message: `override ${b.name}=${JSON.stringify(raw)} differs from ${b.field} (${JSON.stringify(b.value)}), which the deployment binds to ${b.name}; drop the ${b.name} override or make it equal to ${b.field}.`,
        });
        delete rest[b.name];
      } else if (cur) delete rest[b.name]; // restates the model: the binding already sets it
    }
    // Not declared: nothing to bind (a Model workload profile without modelId is MS004, checked per profile).
    if (!cur) continue;
    if (cur.lockedBy) {
      if (cur.value !== b.value) {
        const held = cur.value === undefined ? 'no value' : JSON.stringify(cur.value);
        checks.push({
          code: 'MS004',
          result: 'fail',
          path: 'bundles',
          message: `${cur.lockedBy} locks ${b.name} to ${held}, so it cannot serve the requested ${b.name === MODEL_ID_VARIABLE ? 'model' : 'model source'} ${JSON.stringify(b.value)}; unlock ${b.name} in ${cur.lockedBy}${cur.value === undefined ? '' : `, or request ${held}`}.`,
        });
      }
      continue; // locked to the same value: the lock stays the source
    }
    cur.value = b.value;
    cur.source = b.label;
  }
  return rest;
};

/**
 * Effective variable values with provenance (SPEC §2.4): profile declarations (defaults), then the
 * system VariableSets, project VariableSets, VariableSets labelled for a deployed bundle, bundle
 * variableSets, the model of a model deployment
 * (`binding`, SPEC §6) and deployment overrides (reported as from `overridesFrom`); a locked value
 * stops every later source. Returns
 * the values and the VAR (and, with a binding, MS004/MS005) checks.
 */
export const resolveVariables = (
  namespace: string,
  bundles: readonly ProfileBundle[],
  profiles: readonly WorkloadProfile[],
  overrides: VariableOverrides,
  resolver: Resolver,
  binding?: ModelBinding,
  overridesFrom = 'deployment override',
): { variables: EffectiveVariable[]; values: Record<string, unknown>; checks: Check[] } => {
  const namespaceSets = namespace === SYSTEM_NAMESPACE ? [] : resolver.variableSets(namespace);
  const sources: Source[] = [
    ...profiles.map((p) => ({
      label: `WorkloadProfile ${p.metadata.name}`,
      variables: p.spec.variables ?? [],
    })),
    ...resolver
      .variableSets(SYSTEM_NAMESPACE)
      .map((s) => ({ label: `system VariableSet ${s.metadata.name}`, variables: s.spec.variables })),
    ...namespaceSets
      .filter((s) => s.metadata.labels?.[LABEL_PROFILE_BUNDLE] === undefined)
      .map((s) => ({ label: `project VariableSet ${s.metadata.name}`, variables: s.spec.variables })),
    // Bundle-scoped VariableSets (SPEC §2.4): only those of a bundle being deployed, in bundle order.
    ...bundles.flatMap((b) =>
      namespaceSets
        .filter((s) => s.metadata.labels?.[LABEL_PROFILE_BUNDLE] === b.metadata.name)
        .map((s) => ({
          label: `VariableSet ${s.metadata.name} of bundle ${b.metadata.name}`,
          variables: s.spec.variables,
        })),
    ),
    ...bundles.map((b) => ({
      label: `ProfileBundle ${b.metadata.name}`,
      variables: b.spec.variableSet?.variables ?? [],
    })),
  ];
  const state = new Map<string, State>();
  const checks: Check[] = [];
  for (const source of sources) {
    for (const v of source.variables) {
      const cur = state.get(v.name);
      if (cur?.lockedBy) {
        if (v.value !== undefined)
          checks.push({
            code: 'VAR008',
            path: 'overrides',
            result: 'fail',
            message: `${source.label} sets "${v.name}", which ${cur.lockedBy} locked; remove it there.`,
          });
        continue;
      }
      const next: State = cur ?? {
        name: v.name,
        type: v.variableType,
        source: source.label,
        locked: false,
        secret: false,
        required: false,
      };
      next.secret ||= v.secret ?? false;
      next.required ||= v.validationMode === 'required';
      if (v.value !== undefined) {
        next.value = plainValue(v.value);
        next.source = source.label;
      }
      if (v.locked) {
        next.locked = true;
        next.lockedBy = source.label;
      }
      state.set(v.name, next);
    }
  }
  const rest = binding ? bindModel(binding, state, overrides, checks) : overrides;
  const accepted = checkOverrides(rest, state);
  checks.push(...accepted.checks);
  for (const [name, value] of accepted.values) {
    const cur = state.get(name)!;
    cur.value = value;
    cur.source = overridesFrom;
  }
  const variables: EffectiveVariable[] = [];
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const v of [...state.values()].sort((a, b) => byCodeUnits(a.name, b.name))) {
    if (v.required && v.value === undefined && !v.secret) {
      checks.push({
        code: 'VAR007',
        path: 'overrides',
        result: 'fail',
        message: `variable "${v.name}" is required and has no value; give one with --set ${v.name}=VALUE (or in the deployment's variables).`,
      });
    }
    if (v.value !== undefined) values[v.name] = v.value;
    const { lockedBy: _lockedBy, ...out } = v;
    variables.push(v.secret && out.value !== undefined ? { ...out, value: '(secret)' } : out);
  }
  if (!checks.some((c) => c.result === 'fail')) {
    checks.push({
      code: 'VAR007',
      path: 'overrides',
      result: 'pass',
      message: `${variables.length} variables resolved; every required one has a value.`,
    });
  }
  return { variables, values, checks };
};
