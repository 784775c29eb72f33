/**
 * Label-selector matching in memory, for watches (lists match in SQL: labelQuery.ts). Semantics of
 * Kubernetes `labels.Selector`: every requirement must hold; `!=` and `notin` also match an object
 * that does not have the key at all.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import type { LabelRequirement, Selection } from './store.js';

/** Whether one requirement holds for `labels`. */
export const matchesRequirement = (
  labels: Readonly<Record<string, string>>,
  r: LabelRequirement,
): boolean => {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case '=':
      return has && value === r.value;
    case '!=':
      return !has || value !== r.value;
    case 'in':
      return has && r.values.includes(value!);
    case 'notin':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!exists':
      return !has;
  }
};

/** Whether every requirement holds (an empty selector matches everything). */
export const matchesLabels = (
  labels: Readonly<Record<string, string>> | undefined,
  requirements: readonly LabelRequirement[] | undefined,
): boolean => {
  if (!requirements || requirements.length === 0) return true;
  const l = labels ?? {};
  return requirements.every((r) => matchesRequirement(l, r));
};

/** Whether an object's namespace and name fall inside a selection (labels are checked apart). */
export const matchesPlace = (selection: Selection, namespace: string, name: string): boolean =>
  (selection.namespace === undefined || selection.namespace === namespace) &&
  (selection.name === undefined || selection.name === name);
