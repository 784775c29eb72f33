/**
 * The conditions every kind with a status carries: `ResolvedRefs` (every reference resolves),
 * `Valid` (every rule passes) and `Ready` (both), so `kubectl wait --for=condition=Ready` works.
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

/** `ResolvedRefs`, `Valid` and `Ready` from an evaluation, plus `observedGeneration`. */
export const evaluatedStatus = (
  object: KubeObject,
  e: Evaluation,
  now: Date,
): { conditions: Condition[]; observedGeneration?: number } & Record<string, unknown> => {
  const missing = e.missing.map((i) => i.message).join(' ');
  const invalid = e.errors.map((i) => `${i.code} ${i.message}`).join(' ');
  const ready = e.errors.length === 0 && e.missing.length === 0;
  const gen = object.metadata.generation;
  // Conditions other controllers own (Provisioned, UpToDate, Delivered, …) are kept as they are.
  const others = ((object.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).filter(
    (c) => !EVALUATED.has(c.type),
  );
  return {
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
      condition(
        'Ready',
        ready,
        e.errors.length ? 'RulesFailed' : e.missing.length ? 'MissingReferences' : 'Ready',
        invalid || missing || 'resolved and valid',
        object,
        now,
      ),
    ],
    ...(gen !== undefined ? { observedGeneration: gen } : {}),
  };
};
