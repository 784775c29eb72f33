import type { ProfileBundle, WorkloadProfile } from '../model/index.js';
import type { Resolver } from '../rules/index.js';
import type { Check } from './types.js';
import { MODEL_ID_VARIABLE, resolveVariables, type ModelBinding } from './variables.js';

/**
 * MS004, per deployed Model workload profile: one that declares no `modelId` variable cannot serve
 * the requested model (its templates name some other model, or none). Locks are found where the
 * values are resolved ({@link resolveVariables} with the binding).
 */
export const undeclaredModelId = (profiles: readonly WorkloadProfile[], binding: ModelBinding): Check[] =>
  profiles
    .filter((p) => p.spec.type === 'Model')
    .filter((p) => !(p.spec.variables ?? []).some((v) => v.name === MODEL_ID_VARIABLE))
    .map((p) => ({
      code: 'MS004',
      result: 'fail',
      path: 'bundles',
      message: `Model workload profile "${p.metadata.name}" declares no ${MODEL_ID_VARIABLE} variable, so the requested model ${JSON.stringify(binding.model.id)} cannot reach it; declare a ${MODEL_ID_VARIABLE} variable in WorkloadProfile ${p.metadata.name} and use {{ .var.${MODEL_ID_VARIABLE} }} where it names the model, or pick another bundle.`,
    }));

/**
 * Why a bundle's deployed profiles cannot serve the requested model (the failed MS004 checks): a
 * Model workload profile without `modelId`, or `modelId`/`modelSource` locked to another value at
 * any tier below the deployment. Empty when the model reaches every Model workload profile.
 */
export const modelServingProblems = (
  namespace: string,
  bundles: readonly ProfileBundle[],
  profiles: readonly WorkloadProfile[],
  binding: ModelBinding,
  resolver: Resolver,
): Check[] => [
  ...undeclaredModelId(profiles, binding),
  ...resolveVariables(namespace, bundles, profiles, {}, resolver, binding).checks.filter(
    (c) => c.code === 'MS004' && c.result === 'fail',
  ),
];
