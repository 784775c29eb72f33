import type { LabelSelector } from '../model/index.js';

/** Why labels do not match a selector (undefined when they match), in Kubernetes selector semantics. */
export const selectorMismatch = (
  selector: LabelSelector,
  labels: Record<string, string> = {},
): string | undefined => {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v)
      return `needs ${k}=${v}, has ${labels[k] === undefined ? 'no such label' : `${k}=${labels[k]}`}`;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    const ok =
      e.operator === 'Exists'
        ? has
        : e.operator === 'DoesNotExist'
          ? !has
          : e.operator === 'In'
            ? has && values.includes(labels[e.key]!)
            : !has || !values.includes(labels[e.key]!);
    if (!ok)
      return `needs ${e.key} ${e.operator}${values.length ? ` (${values.join(', ')})` : ''}, has ${has ? `${e.key}=${labels[e.key]}` : 'no such label'}`;
  }
  return undefined;
};

/** Matches `value` against a pattern where `*` stands for any run of characters (case-sensitive). */
export const globMatch = (pattern: string, value: string): boolean => {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
};
