import { labelsMismatch, selectorRequirements, type LabelSelector } from '../model/index.js';

/**
 * Why labels do not match a selector (undefined when they match), in Kubernetes selector semantics.
 * The matcher is the model's ({@link selectorRequirements}, `matchesLabels`), shared with the store.
 */
export const selectorMismatch = (
  selector: LabelSelector,
  labels: Record<string, string> = {},
): string | undefined => labelsMismatch(labels, selectorRequirements(selector));

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
