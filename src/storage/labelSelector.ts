/**
 * Label-selector matching in memory, for watches (lists match in SQL: labelQuery.ts). Semantics of
 * Kubernetes `labels.Selector`: every requirement must hold; `!=` and `notin` also match an object
 * that does not have the key at all.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import type { Selection } from './store.js';

// One matcher for the whole product, in the model (the planner's selectors use it too).
export { matchesLabels, matchesRequirement } from '../model/labelSelector.js';

/** Whether an object's namespace and name fall inside a selection (labels are checked apart). */
export const matchesPlace = (selection: Selection, namespace: string, name: string): boolean =>
  (selection.namespace === undefined || selection.namespace === namespace) &&
  (selection.name === undefined || selection.name === name) &&
  !selection.notNames?.includes(name) &&
  !selection.notNamespaces?.includes(namespace);
