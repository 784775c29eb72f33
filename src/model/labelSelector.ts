/**
 * Label selectors: one model and one matcher, in Kubernetes `labels.Selector` semantics. Every
 * requirement must hold (an empty selector matches everything); `!=` and `notin` also match an
 * object that does not have the key at all, `in` and `=` need the key.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import type { LabelSelector } from './project.js';

/** One parsed requirement of a label selector (`key=value`, `key in (a,b)`, `!key`, …). */
export type LabelRequirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

const EXPRESSION_OPS = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' } as const;

/**
 * The requirements of a structured selector (`matchLabels` and `matchExpressions`, as in a
 * Project's `profileBundleSelector`), in order: `matchLabels` first, then the expressions.
 */
export const selectorRequirements = (selector: LabelSelector): LabelRequirement[] => [
  ...Object.entries(selector.matchLabels ?? {}).map(([key, value]): LabelRequirement => ({
    key,
    op: '=',
    value,
  })),
  ...(selector.matchExpressions ?? []).map((e): LabelRequirement => {
    const op = EXPRESSION_OPS[e.operator];
    return op === 'in' || op === 'notin'
      ? { key: e.key, op, values: [...(e.values ?? [])] }
      : { key: e.key, op };
  }),
];

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

/** Whether every requirement holds (no requirements match everything). */
export const matchesLabels = (
  labels: Readonly<Record<string, string>> | undefined,
  requirements: readonly LabelRequirement[] | undefined,
): boolean => {
  if (!requirements || requirements.length === 0) return true;
  const l = labels ?? {};
  return requirements.every((r) => matchesRequirement(l, r));
};

/** A requirement as written in a selector string: `k=v`, `k notin (a, b)`, `!k`. */
export const formatRequirement = (r: LabelRequirement): string => {
  switch (r.op) {
    case '=':
    case '!=':
      return `${r.key}${r.op}${r.value}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.op} (${r.values.join(', ')})`;
    case 'exists':
      return r.key;
    case '!exists':
      return `!${r.key}`;
  }
};

/**
 * Why `labels` do not match the requirements: the first that fails and what the labels hold
 * (`needs tier=gpu, has tier=cpu`); undefined when they match.
 */
export const labelsMismatch = (
  labels: Readonly<Record<string, string>> | undefined,
  requirements: readonly LabelRequirement[],
): string | undefined => {
  const l = labels ?? {};
  const failed = requirements.find((r) => !matchesRequirement(l, r));
  if (!failed) return undefined;
  const has = Object.hasOwn(l, failed.key) ? `${failed.key}=${l[failed.key]}` : 'no such label';
  const needs =
    failed.op === 'exists'
      ? `a label ${failed.key}`
      : failed.op === '!exists'
        ? `no label ${failed.key}`
        : formatRequirement(failed);
  return `needs ${needs}, has ${has}`;
};
