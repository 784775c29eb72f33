/**
 * The conditions every kind with a status carries: `ResolvedRefs` (every reference resolves),
 * `Valid` (every rule passes) and `Ready` (both, and for a kind that carries out a workflow, the
 * workflow done), so `kubectl wait --for=condition=Ready` works.
 */
import { kubeTimestamp, type KubeObject } from '../model/index.js';
import type { Condition, Evaluation } from './types.js';

/** A condition that keeps its `lastTransitionTime` while its status does not change. */
export const condition = (
  type: string,
  ok: boolean,
  reason: string,
  message: string,
  object: KubeObject,
  now: Date,
): Condition => {
  const status = ok ? 'True' : 'False';
  const previous = (object.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const old = previous.find((c) => c.type === type);
  const generation = object.metadata.generation;
  return {
    type,
    status,
    reason,
    message,
    lastTransitionTime:
      old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : kubeTimestamp(now),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
};

/** The condition types an evaluation sets. */
const EVALUATED: ReadonlySet<string> = new Set(['ResolvedRefs', 'Valid', 'Ready']);

/** What a status holds that its `Ready` condition is made of. */
interface StatusParts {
  phase?: unknown;
  conditions?: Condition[];
}

const isTrue = (status: StatusParts, type: string): boolean =>
  (status.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/**
 * The `Ready` condition of `status` (the object's status as it will be stored): True when its
 * references resolve and its rules pass (its `ResolvedRefs` and `Valid` conditions) and, for a kind
 * with `readyPhases`, its phase is one of them. Otherwise it says why: the first failing condition's
 * message, or the phase the workflow is in.
 */
export const readyCondition = (
  object: KubeObject,
  status: StatusParts,
  now: Date,
  readyPhases?: readonly string[],
): Condition => {
  const conditions = status.conditions ?? [];
  const failing = (which: (c: Condition) => boolean) =>
    conditions.find((c) => c.type !== 'Ready' && which(c) && c.status !== 'True');
  const evaluated = failing((c) => c.type === 'Valid') ?? failing((c) => c.type === 'ResolvedRefs');
  if (evaluated || !isTrue(status, 'Valid') || !isTrue(status, 'ResolvedRefs'))
    return condition(
      'Ready',
      false,
      evaluated?.reason ?? 'NotEvaluated',
      evaluated?.message ?? 'not checked yet',
      object,
      now,
    );
  const phase = typeof status.phase === 'string' ? status.phase : undefined;
  if (!readyPhases) return condition('Ready', true, 'Ready', 'resolved and valid', object, now);
  if (phase !== undefined && readyPhases.includes(phase))
    return condition('Ready', true, phase, `resolved, valid and ${phase}`, object, now);
  const why = failing((c) => !EVALUATED.has(c.type));
  return condition(
    'Ready',
    false,
    phase ?? 'Pending',
    why?.message ?? `${object.kind} is ${phase ?? 'Pending'}; Ready once it is ${readyPhases.join(' or ')}`,
    object,
    now,
  );
};

/**
 * `ResolvedRefs`, `Valid` and `Ready` (both) from an evaluation, plus `observedGeneration`; the
 * write pipeline makes Ready follow the phase of a kind with `readyPhases` ({@link withReady}).
 */
export const evaluatedStatus = (
  object: KubeObject,
  e: Evaluation,
  now: Date,
): { conditions: Condition[]; observedGeneration?: number } & Record<string, unknown> => {
  const missing = e.missing.map((i) => i.message).join(' ');
  const invalid = e.errors.map((i) => `${i.code} ${i.message}`).join(' ');
  const gen = object.metadata.generation;
  // Conditions other controllers own (Provisioned, UpToDate, Delivered, …) are kept as they are.
  const others = ((object.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).filter(
    (c) => !EVALUATED.has(c.type),
  );
  const status = {
    ...((object.status as Record<string, unknown>) ?? {}),
    conditions: [
      ...others,
      condition(
        'ResolvedRefs',
        e.missing.length === 0,
        e.missing.length ? 'MissingReferences' : 'Resolved',
        missing || 'every reference resolves',
        object,
        now,
      ),
      condition(
        'Valid',
        e.errors.length === 0,
        e.errors.length ? 'RulesFailed' : 'RulesPassed',
        invalid || 'every rule passes',
        object,
        now,
      ),
    ],
    ...(gen !== undefined ? { observedGeneration: gen } : {}),
  };
  status.conditions.push(readyCondition(object, status, now));
  return status;
};

/**
 * `status` (written whole by a controller or a client) with its `Ready` condition made again from
 * its other conditions and its phase ({@link readyCondition}), in the place it had.
 */
export const withReady = (
  object: KubeObject,
  status: Record<string, unknown>,
  now: Date,
  readyPhases: readonly string[],
): Record<string, unknown> => {
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];
  const ready = readyCondition(object, { phase: status.phase, conditions }, now, readyPhases);
  const at = conditions.findIndex((c) => c.type === 'Ready');
  return {
    ...status,
    conditions: at < 0 ? [...conditions, ready] : conditions.map((c, i) => (i === at ? ready : c)),
  };
};
