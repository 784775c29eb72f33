import type { IssueReason, ModelReference, VariableOverrides } from '../model/index.js';
import type { ModelLabels } from './variables.js';
import type { PoolKind, Workflow } from './workflow.js';

/**
 * The field of the {@link PlanRequest} a check is about: `bundles` (also the inference-engine and
 * workflow checks of the bundles), `computePool`, `model` (Model as a Service), `overrides` (the
 * variables), `project`. Callers that plan for an object map it to the object's own field.
 */
export type PlanField = 'bundles' | 'computePool' | 'model' | 'overrides' | 'project';

/** One check of a plan, with what it found. */
export interface Check {
  code: string;
  result: 'pass' | 'fail' | 'skip';
  message: string;
  /** What part of the request the check is about. */
  path: PlanField;
  /** `MissingReference` when the check fails because something the request names is not there (yet). */
  reason?: IssueReason;
}

/** What to plan: a workflow on a pool kind with bundles, or a model whose bundle MaaS chooses. */
export interface PlanRequest {
  workflow: Workflow;
  pool: PoolKind;
  /** Namespace of the bundles; derived from the project or the bundles when absent. */
  namespace?: string;
  bundles: string[];
  /** The existing pool of a shared deployment. */
  computePool?: string;
  model?: ModelReference;
  /**
   * How the source of the model's values (`modelId`, `modelSource`) is reported in a model
   * deployment; the AIWorkload's `spec.model` when absent, the flags on the CLI.
   */
  modelLabels?: ModelLabels;
  project?: string;
  /** Deployment overrides (`--set`, AIWorkload or ComputePool variables). */
  overrides?: VariableOverrides;
  /**
   * How the source of the overrides is reported (e.g. `ComputePool gpu-a spec.variables`);
   * `deployment override` when absent.
   */
  overridesFrom?: string;
}

export interface IgnoredPart {
  kind: 'ClusterProfile' | 'WorkloadProfile';
  name: string;
  bundle: string;
  reason: string;
}

/** The effective value of a variable with the source that set it (secret values are never shown). */
export interface EffectiveVariable {
  name: string;
  type: string;
  value?: unknown;
  source: string;
  locked: boolean;
  secret: boolean;
  required: boolean;
}

export interface MappingVerdict {
  name: string;
  priority: number;
  source: string;
  verdict: 'used' | 'no-match' | 'other-source' | 'not-considered';
  reason: string;
}

export interface CandidateVerdict {
  name: string;
  type: string;
  version: string;
  verdict: 'chosen' | 'rejected' | 'outranked';
  reason: string;
}

/** Model-as-a-Service choice with a verdict for every mapping and every candidate bundle. */
export interface Selection {
  project?: string;
  model: ModelReference;
  mapping: string | null;
  chosen: string | null;
  mappings: MappingVerdict[];
  candidates: CandidateVerdict[];
}

export interface Plan {
  allowed: boolean;
  workflow: Workflow;
  pool: PoolKind;
  namespace: string;
  bundles: string[];
  deploy: { clusterProfiles: string[]; workloadProfiles: string[] };
  ignored: IgnoredPart[];
  checks: Check[];
  selection?: Selection;
  variables: EffectiveVariable[];
}
